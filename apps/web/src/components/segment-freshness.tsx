"use client";
import { useQuery } from "@tanstack/react-query";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";

type Freshness =
  { live: true; asOf: null; why: null } | { live: false; asOf: Date | null; why: "archived" | "never_refreshed" | "time" | "behind" };

const whyNot: Record<Exclude<Freshness["why"], null>, string> = {
  archived: "Archived segments are not followed live; the members are those of the last refresh.",
  never_refreshed: "Not computed yet.",
  time: "Its rule changes with time passing (a relative date or window), which the next refresh catches; data changes are followed live.",
  behind: "Changes are waiting to be applied; the members are right as of the oldest one. It catches up on its own.",
};

/** Freshness of some segments, kept current (the list asks for its page at once). */
export function useSegmentsFreshness(segmentIds: string[], refetchMs = 10_000) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  return useQuery(
    trpc.segment.freshness.queryOptions(
      { workspaceId: ws.id, segmentIds },
      { enabled: segmentIds.length > 0, refetchInterval: refetchMs, placeholderData: (previous) => previous },
    ),
  );
}

/** "Live" (members follow the data within seconds) or "As of <time>", with why in its title. */
export function FreshnessBadge({ freshness }: { freshness: Freshness | undefined }) {
  if (!freshness) return null;
  if (freshness.live)
    return (
      <span
        className="inline-flex items-center gap-1 rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-800"
        title="Members follow the data within seconds."
      >
        <span className="h-1.5 w-1.5 rounded-full bg-green-600" aria-hidden />
        Live
      </span>
    );
  return (
    <span className="inline-flex rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" title={whyNot[freshness.why]}>
      {freshness.asOf
        ? `As of ${freshness.asOf.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}`
        : "Not computed yet"}
    </span>
  );
}

/** One segment's badge, polled (the segment page). */
export function SegmentFreshness({ segmentId }: { segmentId: string }) {
  const fresh = useSegmentsFreshness([segmentId], 5000);
  return <FreshnessBadge freshness={fresh.data?.[segmentId]} />;
}
