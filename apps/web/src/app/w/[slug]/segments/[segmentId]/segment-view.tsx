"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Badge, Button, Card, ErrorMessage, PageHeader, Spinner } from "@facet/ui";
import { SegmentHealthPanel } from "~/components/segment-health";
import { plural } from "~/components/format";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { SegmentCampaigns } from "~/components/segment-campaigns";
import { SegmentChecks } from "~/components/segment-checks";
import { SegmentFreshness } from "~/components/segment-freshness";
import { SegmentEditor } from "../segment-editor";
import { ActivityFeed } from "./activity-feed";
import { SizeHistory } from "./size-history";

const reasonLabels: Record<string, string> = {
  created: "on save",
  edited: "on save",
  manual: "by hand",
  schedule: "on schedule",
  reconcile: "daily reconciliation",
  retyped: "after a type change",
  rfm: "after RFM scoring",
};

/** A saved segment: its rule (editable), size history, versions and members. */
export function SegmentView({ segmentId }: { segmentId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const input = { workspaceId: ws.id, segmentId };
  const seg = useQuery(trpc.segment.byId.queryOptions(input));
  const history = useQuery(trpc.segment.history.queryOptions(input));
  const versions = useQuery(trpc.segment.versions.queryOptions(input));
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const members = useQuery(
    trpc.segment.members.queryOptions({ ...input, limit: 20, cursor: cursors[cursors.length - 1] }, { placeholderData: keepPreviousData }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.segment.pathKey() });
  const refreshNow = useMutation(
    trpc.segment.refresh.mutationOptions({
      onSuccess: (r) => {
        if (r.status === "succeeded") toast.success(`Refreshed: ${plural(r.size, "member")}, ${r.entered} in, ${r.exited} out`);
        else toast.error(`The refresh failed: ${r.error ?? "unknown error"}. Facet retries it on its own.`);
        void refresh();
      },
    }),
  );
  const restore = useMutation(
    trpc.segment.restoreVersion.mutationOptions({
      onSuccess: (s) => (toast.success(`Version restored as version ${s.version}`), void refresh()),
    }),
  );
  const duplicate = useMutation(
    trpc.segment.duplicate.mutationOptions({ onSuccess: (s) => router.push(`/w/${ws.slug}/segments/${s.id}`) }),
  );
  const archive = useMutation(
    trpc.segment.archive.mutationOptions({
      onSuccess: (s) => (toast.success(s.archivedAt ? "Segment archived" : "Segment restored"), void refresh()),
    }),
  );

  if (seg.error) return <ErrorMessage>{errorMessage(seg.error)}</ErrorMessage>;
  if (!seg.data) return <Spinner className="text-slate-400" />;
  const s = seg.data;
  const canEdit = ws.can("editor");
  return (
    <>
      <Link href={`/w/${ws.slug}/segments`} className="text-sm text-indigo-600 hover:underline">
        ← Segments
      </Link>
      <PageHeader
        title={s.name}
        description={`${plural(s.memberCount, "member")} · version ${s.version} · ${s.refreshedAt ? `refreshed ${s.refreshedAt.toLocaleString()}` : "not refreshed yet"}`}
        actions={
          <div className="flex gap-2">
            <Link
              href={`/w/${ws.slug}/personas/${s.id}`}
              className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
            >
              Persona card
            </Link>
            {canEdit ? (
              <div className="flex gap-2">
                <Button variant="secondary" pending={refreshNow.isPending} onClick={() => refreshNow.mutate(input)}>
                  Refresh now
                </Button>
                <Button variant="secondary" pending={duplicate.isPending} onClick={() => duplicate.mutate(input)}>
                  Duplicate
                </Button>
                <Button variant="ghost" onClick={() => archive.mutate({ ...input, archived: !s.archivedAt })}>
                  {s.archivedAt ? "Restore" : "Archive"}
                </Button>
              </div>
            ) : null}
          </div>
        }
      />
      <p className="mb-4">
        <SegmentFreshness segmentId={segmentId} />
      </p>
      {s.archivedAt ? (
        <p className="mb-4">
          <Badge tone="amber">Archived</Badge>
        </p>
      ) : null}
      {s.refreshError ? (
        <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="font-medium">The last refresh failed: {s.refreshError}</p>
          <p>
            The members shown are those of the last good refresh.{" "}
            {s.refreshJob?.status === "retrying" || s.refreshJob?.status === "queued"
              ? `Facet tries again at ${s.refreshJob.runAt.toLocaleTimeString()} (attempt ${s.refreshJob.attempts + 1} of ${s.refreshJob.maxAttempts}).`
              : s.refreshJob?.status === "running"
                ? "Facet is trying again now."
                : "Facet stopped retrying; the schedule tries again within the hour, or refresh it by hand."}
          </p>
        </div>
      ) : null}
      {s.archivedAt ? null : <SegmentHealthPanel segmentId={s.id} />}
      <SegmentEditor key={`${s.id}-${s.version}`} segment={s} />
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-lg font-semibold">Size history</h2>
          <div className="mt-2">
            <SizeHistory segmentId={segmentId} />
          </div>
          <details className="mt-2">
            <summary className="cursor-pointer text-sm text-indigo-700">Each refresh</summary>
            <div className="max-h-72 overflow-y-auto">
              <table className="mt-2 w-full text-sm" aria-label="Size history">
                <thead className="text-left text-slate-500">
                  <tr>
                    <th className="py-1 font-medium">When</th>
                    <th className="py-1 font-medium">Size</th>
                    <th className="py-1 font-medium">In</th>
                    <th className="py-1 font-medium">Out</th>
                    <th className="py-1 font-medium">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {[...(history.data ?? [])].reverse().map((h, i) => (
                    <tr key={i}>
                      <td className="py-1 pr-2">{h.at.toLocaleString()}</td>
                      <td className="py-1 pr-2">{h.size.toLocaleString()}</td>
                      <td className="py-1 pr-2 text-green-700">+{h.entered.toLocaleString()}</td>
                      <td className="py-1 pr-2 text-red-700">−{h.exited.toLocaleString()}</td>
                      <td className="py-1">
                        {h.cause} ({reasonLabels[h.reason]}, v{h.version})
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">Versions</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {versions.data?.map((v) => (
              <li key={v.version} className="flex items-center justify-between gap-2">
                <span>
                  Version {v.version} by {v.authorEmail || "someone"}, {v.createdAt.toLocaleString()}
                </span>
                {canEdit && v.version !== s.version ? (
                  <Button variant="ghost" size="sm" onClick={() => restore.mutate({ ...input, version: v.version })}>
                    Restore
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <div className="mt-6">
        <SegmentChecks segmentId={segmentId} />
        <ActivityFeed segmentId={segmentId} />
      </div>
      <div className="mt-6">
        <SegmentCampaigns segmentId={segmentId} />
      </div>
      <section aria-label="Members" className="mt-6">
        <Card>
          <div className="flex items-center justify-between">
            <h2 className="text-lg font-semibold">Members</h2>
            <a href={`/api/w/${ws.id}/segments/${segmentId}/export`} className="text-sm text-indigo-700 hover:underline">
              Export members (CSV)
            </a>
          </div>
          <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2">
            {members.data?.items.map((m) => (
              <li key={m.id}>
                <Link className="text-indigo-700 hover:underline" href={`/w/${ws.slug}/customers/${m.id}`}>
                  {m.name ?? m.email ?? m.externalId ?? m.id}
                </Link>
              </li>
            ))}
          </ul>
          {members.data?.items.length === 0 ? <p className="text-sm text-slate-500">Nobody matches this rule right now.</p> : null}
          {cursors.length > 1 || members.data?.nextCursor ? (
            <div className="mt-3 flex items-center gap-3 text-sm">
              <Button variant="ghost" size="sm" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous
              </Button>
              <span className="text-slate-500">Page {cursors.length}</span>
              <Button
                variant="ghost"
                size="sm"
                disabled={!members.data?.nextCursor}
                onClick={() => setCursors([...cursors, members.data!.nextCursor!])}
              >
                Next
              </Button>
            </div>
          ) : null}
        </Card>
      </section>
    </>
  );
}
