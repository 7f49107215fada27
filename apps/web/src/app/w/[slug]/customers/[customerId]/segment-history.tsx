"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button, Card, ErrorMessage, Spinner } from "@facet/ui";
import { describeCause } from "~/components/change-words";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

/** "Entered Pro on 26 Nov 2026, 14:02: purchase #1234", newest first, older a page at a time. */
export function SegmentHistory({ customerId }: { customerId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const history = useInfiniteQuery(
    trpc.customer.segmentHistory.infiniteQueryOptions(
      { workspaceId: ws.id, customerId, limit: 10 },
      { getNextPageParam: (p) => p.nextCursor, refetchInterval: 10_000 },
    ),
  );
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="segment-history-heading">
      <Card>
        <h2 id="segment-history-heading" className="text-lg font-semibold">
          Segment history
        </h2>
        {history.error ? <ErrorMessage>{errorMessage(history.error)}</ErrorMessage> : null}
        {history.isPending ? <Spinner className="mt-3 text-slate-400" /> : null}
        {history.isSuccess && items.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">
            Not in any segment&apos;s change log yet: when this customer enters or leaves a segment, it shows here with why.
          </p>
        ) : null}
        <ol aria-label="Segments entered and left, newest first" className="mt-3 space-y-2 text-sm">
          {items.map((e) => (
            <li key={e.id} className={`border-l-2 pl-3 ${e.change === "entered" ? "border-green-300" : "border-red-300"}`}>
              <p>
                {e.change === "entered" ? "Entered" : "Left"}{" "}
                <Link href={`/w/${ws.slug}/segments/${e.segmentId}`} className="font-medium text-indigo-700 hover:underline">
                  {e.segmentName}
                </Link>{" "}
                on <time dateTime={e.at.toISOString()}>{e.at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}</time>
              </p>
              <p className="text-slate-500">{describeCause(e.cause, e.detail)}</p>
            </li>
          ))}
        </ol>
        {history.hasNextPage ? (
          <Button
            variant="secondary"
            size="sm"
            className="mt-3"
            onClick={() => void history.fetchNextPage()}
            pending={history.isFetchingNextPage}
          >
            Older
          </Button>
        ) : null}
      </Card>
    </section>
  );
}
