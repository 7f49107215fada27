"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Button, Card, Dialog, ErrorMessage, Spinner } from "@facet/ui";
import { downloadCardPng } from "~/components/persona/card-image";
import { PersonaCard } from "~/components/persona/persona-card";
import { SegmentCampaigns } from "~/components/segment-campaigns";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { PersonaEditor } from "./persona-editor";

/** A segment's persona card with editing, versions, sharing and export. */
export function PersonaView({ segmentId }: { segmentId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { workspaceId: ws.id, segmentId };
  const card = useQuery(trpc.persona.card.queryOptions(input));
  const versions = useQuery(trpc.persona.versions.queryOptions(input));
  const shares = useQuery(trpc.persona.shares.queryOptions(input, { enabled: ws.can("editor") }));
  const [editing, setEditing] = useState(false);
  const [newLink, setNewLink] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.persona.pathKey() });
  const share = useMutation(
    trpc.persona.share.mutationOptions({
      onSuccess: (s) => {
        setNewLink(`${window.location.origin}/share/persona/${s.token}`);
        void invalidate();
      },
    }),
  );
  const revoke = useMutation(
    trpc.persona.revokeShare.mutationOptions({
      onSuccess: () => (toast.success("Link revoked: it no longer opens the card"), setRevoking(null), void invalidate()),
    }),
  );

  if (card.error) return <ErrorMessage>{errorMessage(card.error)}</ErrorMessage>;
  if (!card.data) {
    return (
      <p className="flex items-center gap-2 text-sm text-slate-500">
        <Spinner /> Computing the card from the segment&apos;s members…
      </p>
    );
  }
  const c = card.data;
  const data = { written: c.written, computed: c.computed, segmentName: c.segment.name };
  const canEdit = ws.can("editor");
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2 print:hidden">
        <Link href={`/w/${ws.slug}/personas`} className="text-sm text-indigo-600 hover:underline">
          ← Personas
        </Link>
        <div className="flex flex-wrap gap-2">
          {canEdit && !editing ? (
            <Button variant="secondary" onClick={() => setEditing(true)}>
              Edit persona
            </Button>
          ) : null}
          <Button variant="secondary" onClick={() => void downloadCardPng(data).catch((e: Error) => toast.error(e.message))}>
            Download PNG
          </Button>
          <a
            className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
            href={`/api/w/${ws.id}/personas/${segmentId}/pdf`}
          >
            Download PDF
          </a>
          <Button variant="secondary" onClick={() => window.print()}>
            Print
          </Button>
          {canEdit ? (
            <Button variant="secondary" pending={share.isPending} onClick={() => share.mutate(input)}>
              Create share link
            </Button>
          ) : null}
          <Link
            className="inline-flex items-center px-2 text-sm text-indigo-700 hover:underline"
            href={`/w/${ws.slug}/segments/${segmentId}`}
          >
            Segment
          </Link>
        </div>
      </div>
      {newLink ? (
        <Card className="mb-4 print:hidden">
          <p className="text-sm text-slate-700">
            Anyone with this link can see the card (no customer-level data), until you revoke it. It is shown only now:
          </p>
          <div className="mt-2 flex gap-2">
            <input
              readOnly
              aria-label="Share link"
              value={newLink}
              className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              onFocus={(e) => e.target.select()}
            />
            <Button
              variant="secondary"
              onClick={() => void navigator.clipboard?.writeText(newLink).then(() => toast.success("Link copied"))}
            >
              Copy
            </Button>
          </div>
        </Card>
      ) : null}
      {editing ? (
        <div className="mb-6 print:hidden">
          <PersonaEditor segmentId={segmentId} written={c.written} version={c.version} onDone={() => setEditing(false)} />
        </div>
      ) : null}
      <Card>
        <PersonaCard card={data} />
      </Card>
      <div className="mt-6">
        <SegmentCampaigns segmentId={segmentId} />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2 print:hidden">
        <Card>
          <h2 className="text-lg font-semibold">Versions</h2>
          {versions.data?.length ? (
            <ul className="mt-2 space-y-1 text-sm">
              {versions.data.map((v) => (
                <li key={v.version}>
                  Version {v.version}: &ldquo;{v.written.name}&rdquo; by {v.authorEmail || "someone"}, {v.createdAt.toLocaleString()}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-500">Nobody has written this persona yet: it is named after its segment.</p>
          )}
        </Card>
        {canEdit ? (
          <Card>
            <h2 className="text-lg font-semibold">Share links</h2>
            {shares.data?.length ? (
              <ul className="mt-2 space-y-1 text-sm">
                {shares.data.map((s) => (
                  <li key={s.id} className="flex items-center justify-between gap-2">
                    <span>
                      Created {s.createdAt.toLocaleString()}
                      {s.revokedAt ? ` · revoked ${s.revokedAt.toLocaleString()}` : ""}
                    </span>
                    {s.revokedAt ? null : (
                      <Button variant="ghost" size="sm" onClick={() => setRevoking(s.id)}>
                        Revoke
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-2 text-sm text-slate-500">No share links yet.</p>
            )}
          </Card>
        ) : null}
      </div>
      <Dialog open={revoking !== null} onClose={() => setRevoking(null)} title="Revoke this link?">
        <p className="text-sm text-slate-600">
          Anyone who has it will no longer see the card. This can&apos;t be undone; you can create a new link.
        </p>
        {revoke.error ? <ErrorMessage>{errorMessage(revoke.error)}</ErrorMessage> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setRevoking(null)}>
            Cancel
          </Button>
          <Button pending={revoke.isPending} onClick={() => revoke.mutate({ workspaceId: ws.id, shareId: revoking! })}>
            Revoke link
          </Button>
        </div>
      </Dialog>
    </>
  );
}
