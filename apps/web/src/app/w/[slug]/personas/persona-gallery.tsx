"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Card, EmptyState, ErrorMessage, PageHeader, Select, Spinner } from "@facet/ui";
import { plural } from "~/components/format";
import { Avatar } from "~/components/persona/avatar";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

/** Every segment's persona card side by side; pick some to compare or to check as a set. */
export function PersonaGallery() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const [tag, setTag] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [setIds, setSetIds] = useState<string[] | null>(null);
  const gallery = useQuery(trpc.persona.gallery.queryOptions({ workspaceId: ws.id, tag: tag || undefined }));
  const tags = useQuery(trpc.segment.list.queryOptions({ workspaceId: ws.id, limit: 1 }));
  const coverage = useQuery(
    trpc.segment.overlap.queryOptions({ workspaceId: ws.id, segmentIds: setIds ?? [] }, { enabled: (setIds?.length ?? 0) >= 2 }),
  );
  const toggle = (id: string) =>
    setChosen(chosen.includes(id) ? chosen.filter((x) => x !== id) : chosen.length < 8 ? [...chosen, id] : chosen);
  const items = gallery.data ?? [];

  return (
    <>
      <PageHeader title="Personas" description="A persona card per segment, computed from its real members and written by your team." />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        {tags.data?.tags.length ? (
          <Select aria-label="Tag" className="w-44" value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">All tags</option>
            {tags.data.tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        ) : null}
        {gallery.isFetching ? <Spinner className="text-slate-400" /> : null}
        <div className="ml-auto flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            disabled={chosen.length < 2 || chosen.length > 4}
            onClick={() => router.push(`/w/${ws.slug}/personas/compare?ids=${chosen.join(",")}`)}
          >
            Compare{chosen.length ? ` (${chosen.length})` : ""}
          </Button>
          <Button variant="secondary" size="sm" disabled={chosen.length < 2} onClick={() => setSetIds(chosen)}>
            Check as a persona set
          </Button>
        </div>
      </div>
      {gallery.error ? <ErrorMessage>{errorMessage(gallery.error)}</ErrorMessage> : null}
      {setIds && setIds.length >= 2 ? (
        <Card className="mb-4">
          <h2 className="text-base font-semibold">Persona set: does every customer land in exactly one?</h2>
          {coverage.error ? <ErrorMessage>{errorMessage(coverage.error)}</ErrorMessage> : null}
          {coverage.data ? (
            <>
              <dl className="mt-2 grid grid-cols-3 gap-2 text-sm" data-testid="persona-set">
                <div className="rounded-md bg-green-50 p-2">
                  <dt className="text-green-800">In exactly one</dt>
                  <dd className="text-lg font-semibold">{coverage.data.coverage.one.toLocaleString()}</dd>
                </div>
                <div className="rounded-md bg-amber-50 p-2">
                  <dt className="text-amber-800">In several</dt>
                  <dd className="text-lg font-semibold">{coverage.data.coverage.several.toLocaleString()}</dd>
                </div>
                <div className="rounded-md bg-slate-50 p-2">
                  <dt className="text-slate-600">In none</dt>
                  <dd className="text-lg font-semibold">{coverage.data.coverage.none.toLocaleString()}</dd>
                </div>
              </dl>
              <p className="mt-2 text-xs text-slate-500">
                Of {plural(coverage.data.coverage.total, "customer")}, as of each segment&apos;s last refresh. Tighten the rules of
                overlapping segments (see their overlap on the Segments page) until &ldquo;in several&rdquo; and &ldquo;in none&rdquo; are
                zero.
              </p>
            </>
          ) : (
            <Spinner className="text-slate-400" />
          )}
        </Card>
      ) : null}
      {gallery.isSuccess && items.length === 0 ? (
        <EmptyState
          title={tag ? "No personas with this tag" : "No personas yet"}
          action={
            <Link href={`/w/${ws.slug}/segments/new`} className="text-sm font-medium text-indigo-700 hover:underline">
              Create a segment
            </Link>
          }
        >
          Every segment gets a persona card, computed from its members.
        </EmptyState>
      ) : (
        <ul aria-label="Persona cards" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((p) => (
            <li key={p.segmentId}>
              <Card className="flex h-full flex-col gap-3">
                <div className="flex items-start gap-3">
                  <Avatar name={p.written.name} src={p.written.avatar || undefined} size={48} />
                  <div className="min-w-0 flex-1">
                    <Link href={`/w/${ws.slug}/personas/${p.segmentId}`} className="font-semibold text-indigo-700 hover:underline">
                      {p.written.name}
                    </Link>
                    <p className="truncate text-xs text-slate-500">
                      {p.segmentName} · {plural(p.memberCount, "member")}
                      {p.share !== null ? ` · ${(p.share * 100).toFixed(1)}%` : ""}
                    </p>
                  </div>
                  <input
                    type="checkbox"
                    aria-label={`Select ${p.written.name}`}
                    checked={chosen.includes(p.segmentId)}
                    onChange={() => toggle(p.segmentId)}
                  />
                </div>
                {p.written.summary ? <p className="text-sm text-slate-700">{p.written.summary}</p> : null}
                <p className="line-clamp-3 text-xs text-slate-500">{p.description ?? "Open the card to compute its figures."}</p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
