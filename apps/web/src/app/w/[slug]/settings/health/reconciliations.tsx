"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button, Card, EmptyState, ErrorMessage, Spinner } from "@facet/ui";
import { plural } from "~/components/format";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

/**
 * Admins' view of reconciliation: every segment is recomputed in full on its schedule (manual ones daily) to check
 * the live memberships; this lists the recomputes that found something to correct.
 */
export function Reconciliations() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.health.reconciliations.infiniteQueryOptions(
      { workspaceId: ws.id, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor, enabled: ws.can("admin") },
    ),
  );
  if (!ws.can("admin")) return <EmptyState title="Admins only">Ask an admin of this workspace for the reconciliation log.</EmptyState>;
  if (log.error) return <ErrorMessage>{errorMessage(log.error)}</ErrorMessage>;
  if (log.isPending) return <Spinner className="text-slate-400" />;
  const rows = log.data.pages.flatMap((p) => p.items);
  const week = log.data.pages[0]!.lastWeek;
  return (
    <Card className="max-w-4xl">
      <h2 className="text-lg font-semibold">Reconciliation</h2>
      <p className="mt-1 text-sm text-slate-600">
        Memberships follow your data live. On its schedule (segments refreshed by hand: daily) each segment is also recomputed in full, and
        any membership the live updates missed is corrected here and counted. There should be none.
      </p>
      <p className="mt-3 text-sm font-medium" data-testid="reconciliation-week">
        Last 7 days:{" "}
        {week.corrected ? `${plural(week.corrected, "membership")} corrected in ${plural(week.segments, "segment")}` : "nothing to correct"}
        .
      </p>
      {rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-500">No reconciliation has had to correct anything.</p>
      ) : (
        <table className="mt-4 w-full text-sm" aria-label="Reconciliations that corrected memberships">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-2 font-medium">When</th>
              <th className="py-2 font-medium">Segment</th>
              <th className="py-2 font-medium">Corrected</th>
              <th className="py-2 font-medium">Entered / left</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="py-2 pr-4 whitespace-nowrap text-slate-500">{r.at.toLocaleString()}</td>
                <td className="py-2 pr-4">
                  <Link href={`/w/${ws.slug}/segments/${r.segmentId}`} className="text-indigo-700 hover:underline">
                    {r.segmentName}
                  </Link>
                </td>
                <td className="py-2 pr-4">{r.corrected.toLocaleString()}</td>
                <td className="py-2">
                  +{r.entered.toLocaleString()} / −{r.exited.toLocaleString()}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage ? (
        <Button className="mt-3" size="sm" variant="secondary" pending={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          Show older
        </Button>
      ) : null}
    </Card>
  );
}
