import { and, eq, sql } from "drizzle-orm";
import { queryRows, segments } from "@facet/db";
import { notFound } from "../errors";
import type { WorkspaceScope } from "../scope";

/** The last day is shown by the minute; before it, by the hour. */
export const minuteResolutionMs = 86_400_000;

export interface SizeStep {
  /** Start of the minute (last day) or hour (before). */
  at: Date;
  resolution: "minute" | "hour";
  /** Members at the end of this minute or hour. */
  size: number;
  entered: number;
  exited: number;
  /** The commonest cause of the moves in it (event, import, schedule, …). */
  cause: string;
}

export interface SizeHistory {
  /** Since when the log knows the size: its oldest entry (the segment's creation when it has none). */
  from: Date;
  /** The size at `from`. */
  startSize: number;
  /** Only the minutes and hours in which someone entered or left, oldest first (the size holds in between). */
  steps: SizeStep[];
  size: number;
  now: Date;
}

/**
 * A segment's size over time, from its change log: the size now, minus what entered and plus what left after
 * each minute (last day) or hour (before). Worked backwards from the current size in one statement (one
 * snapshot), so it is exact for every moment the log still covers, whatever happened before the log existed.
 */
export async function segmentSizeHistory(
  scope: Pick<WorkspaceScope, "db" | "workspaceId">,
  segmentId: string,
  now = new Date(),
): Promise<SizeHistory> {
  const [seg] = await scope.db
    .select({ createdAt: segments.createdAt })
    .from(segments)
    .where(and(eq(segments.workspaceId, scope.workspaceId), eq(segments.id, segmentId)));
  if (!seg) throw notFound("segment");
  const dayAgo = new Date(now.getTime() - minuteResolutionMs).toISOString();
  const rows = await queryRows<{
    at: Date | string | null;
    minute: boolean | null;
    size: number;
    entered: number;
    exited: number;
    cause: string | null;
    first: Date | string | null;
  }>(
    scope.db,
    sql`with seg as (
          select member_count from segments where workspace_id = ${scope.workspaceId} and id = ${segmentId}
        ), log as (
          select at, change, cause, at >= ${dayAgo}::timestamptz as minute from segment_changes
          where workspace_id = ${scope.workspaceId} and segment_id = ${segmentId}
        ), buckets as (
          select case when minute then date_trunc('minute', at, 'UTC') else date_trunc('hour', at, 'UTC') end as at, minute,
            count(*) filter (where change = 'entered')::int as entered, count(*) filter (where change = 'exited')::int as exited,
            mode() within group (order by cause) as cause
          from log group by 1, 2
        )
        select at, minute, entered, exited, cause, null as first,
          ((select member_count from seg) - coalesce(sum(entered - exited) over (order by at desc rows between unbounded preceding and 1 preceding), 0))::int as size
        from buckets
        union all
        select null, null, 0, 0, null, (select min(at) from log), (select member_count from seg)
        order by 1 nulls first`,
  );
  const [head, ...buckets] = rows;
  const size = head!.size;
  const steps: SizeStep[] = buckets.map((b) => ({
    at: new Date(b.at!),
    resolution: b.minute ? "minute" : "hour",
    size: b.size,
    entered: b.entered,
    exited: b.exited,
    cause: b.cause ?? "",
  }));
  const first = steps[0];
  // Before the oldest entry kept, the log can't say: the history starts there (at creation with no entries).
  const from = head!.first ? new Date(head!.first) : seg.createdAt;
  return { from, startSize: first ? first.size - first.entered + first.exited : size, steps, size, now };
}
