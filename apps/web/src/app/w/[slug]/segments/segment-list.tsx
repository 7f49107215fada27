"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge, Button, EmptyState, ErrorMessage, Input, PageHeader, Select, Spinner } from "@facet/ui";
import { plural } from "~/components/format";
import { SegmentHealthBadges, useSegmentHealth } from "~/components/segment-health";
import { FreshnessBadge, useSegmentsFreshness } from "~/components/segment-freshness";
import { Sparkline } from "~/components/sparkline";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { Overlap } from "./overlap";

/** Every segment with its size, share and freshness; search by name; archived ones on their own tab. */
export function SegmentList() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const [archived, setArchived] = useState(false);
  const [tag, setTag] = useState("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [comparing, setComparing] = useState<string[] | null>(null);
  const toggle = (id: string) =>
    setChosen(chosen.includes(id) ? chosen.filter((x) => x !== id) : chosen.length < 8 ? [...chosen, id] : chosen);
  const list = useQuery(
    trpc.segment.list.queryOptions(
      { workspaceId: ws.id, q, tag: tag || undefined, archived, limit: 25, cursor: cursors[cursors.length - 1] },
      { placeholderData: keepPreviousData },
    ),
  );
  const items = list.data?.items ?? [];
  const health = useSegmentHealth(archived ? [] : items.map((s) => s.id));
  const freshness = useSegmentsFreshness(items.map((s) => s.id));
  const newLink = ws.can("editor") ? (
    <Link
      href={`/w/${ws.slug}/segments/new`}
      className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
    >
      New segment
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title="Segments" description="Groups of customers who share characteristics, needs or behaviour." actions={newLink} />
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <Input
          type="search"
          aria-label="Search segments"
          placeholder="Search by name"
          className="max-w-xs"
          value={q}
          onChange={(e) => (setQ(e.target.value), setCursors([null]))}
        />
        {list.data?.tags.length || tag ? (
          <Select aria-label="Tag" className="w-44" value={tag} onChange={(e) => (setTag(e.target.value), setCursors([null]))}>
            <option value="">All tags</option>
            {(list.data?.tags ?? [tag]).map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        ) : null}
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" checked={archived} onChange={(e) => (setArchived(e.target.checked), setCursors([null]))} /> Archived
        </label>
        {list.isFetching ? <Spinner className="text-slate-400" /> : null}
      </div>
      {list.error ? <ErrorMessage>{errorMessage(list.error)}</ErrorMessage> : null}
      {list.isSuccess && items.length === 0 && !q && !tag && !archived ? (
        <EmptyState title="No segments yet" action={newLink}>
          A segment is a rule over your customers&apos; attributes and events, like &ldquo;aged 25-35 who purchased 3 times in the last 90
          days&rdquo;.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="w-10 px-3 py-2">
                  <span className="sr-only">Compare</span>
                </th>
                <th className="px-3 py-2 font-medium">Segment</th>
                <th className="px-3 py-2 font-medium">Members</th>
                <th className="px-3 py-2 font-medium">Share</th>
                <th className="px-3 py-2 font-medium">Trend</th>
                <th className="px-3 py-2 font-medium">Refreshed</th>
                <th className="px-3 py-2 font-medium">Owner</th>
                <th className="px-3 py-2 font-medium">Tags</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((s) => (
                <tr key={s.id}>
                  <td className="px-3 py-2">
                    <input type="checkbox" aria-label={`Compare ${s.name}`} checked={chosen.includes(s.id)} onChange={() => toggle(s.id)} />
                  </td>
                  <td className="px-3 py-2">
                    <Link href={`/w/${ws.slug}/segments/${s.id}`} className="font-medium text-indigo-700 hover:underline">
                      {s.name}
                    </Link>
                    {s.description ? <div className="text-xs text-slate-500">{s.description}</div> : null}
                    <SegmentHealthBadges issues={health.get(s.id)} />
                  </td>
                  <td className="px-3 py-2">{s.memberCount.toLocaleString()}</td>
                  <td className="px-3 py-2">{(s.share * 100).toFixed(1)}%</td>
                  <td className="px-3 py-2">
                    <Sparkline values={s.sizes} label={`${s.name} size`} />
                  </td>
                  <td className="px-3 py-2 text-slate-500">
                    <FreshnessBadge freshness={freshness.data?.[s.id]} /> {s.refreshedAt ? s.refreshedAt.toLocaleString() : "never"}
                    {s.refreshError ? (
                      <span className="ml-2 text-amber-700" title={s.refreshError}>
                        · refresh failed, retrying
                      </span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 text-slate-600">{s.owner ?? "API"}</td>
                  <td className="space-x-1 px-3 py-2">
                    {s.tags.map((t) => (
                      <button
                        key={t}
                        type="button"
                        onClick={() => (setTag(t), setCursors([null]))}
                        aria-label={`Show segments tagged ${t}`}
                      >
                        <Badge>{t}</Badge>
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
              {items.length === 0 ? (
                <tr>
                  <td colSpan={8} className="px-3 py-6 text-center text-slate-500">
                    No segments match.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
      <div className="mt-3 flex gap-2">
        {cursors.length > 1 ? (
          <button type="button" className="text-sm text-indigo-700 hover:underline" onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous
          </button>
        ) : null}
        {list.data?.nextCursor ? (
          <button
            type="button"
            className="text-sm text-indigo-700 hover:underline"
            onClick={() => setCursors([...cursors, list.data.nextCursor])}
          >
            Next
          </button>
        ) : null}
        {list.data ? <span className="text-sm text-slate-500">{plural(list.data.total, "customer")} in the workspace</span> : null}
        <Button size="sm" variant="secondary" className="ml-auto" disabled={chosen.length < 2} onClick={() => setComparing(chosen)}>
          Compare overlap{chosen.length ? ` (${chosen.length})` : ""}
        </Button>
      </div>
      {comparing ? <Overlap segmentIds={comparing} /> : null}
    </>
  );
}
