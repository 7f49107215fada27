import { eq, sql } from "drizzle-orm";
import { queryRows, segments } from "@facet/db";
import { notFound } from "../errors";
import { affectedSegments, dependency } from "../rules";
import type { WorkspaceScope } from "../scope";

/**
 * A change waiting this long for the live evaluator means it is not keeping up: the evaluator takes a change
 * within a second or two (a lost wake-up is caught by the sweep within a minute), so 30 s is well past normal.
 */
export const liveLagLimitMs = 30_000;

/**
 * Whether rules whose answer moves with time alone (relative windows, days since) are re-evaluated as time
 * passes. Until the when-next-flip schedule follows them, only a refresh moves them: such segments are
 * "as of" their last refresh.
 */
export const timeFollowedLive = false;

export type Freshness =
  | { live: true; asOf: null; why: null }
  | { live: false; asOf: Date | null; why: "archived" | "never_refreshed" | "time" | "behind" };

/**
 * When a segment's members are live: it is followed by the live evaluator (not archived, refreshed once), its
 * answer can only change with new data (or time is followed too), and the evaluator is keeping up (no change
 * of the workspace has been waiting over `liveLagLimitMs`). Otherwise it is "as of" the last moment it is
 * known to be right: its last refresh (time-dependent, archived), or just before the oldest change still
 * waiting (behind), whichever is earlier.
 */
export function freshnessOf(
  seg: { archived: boolean; refreshedAt: Date | null; movesWithTime: boolean },
  oldestPendingAt: Date | null,
  now: Date,
  followsTime = timeFollowedLive,
): Freshness {
  if (seg.archived) return { live: false, asOf: seg.refreshedAt, why: "archived" };
  if (!seg.refreshedAt) return { live: false, asOf: null, why: "never_refreshed" };
  const behind = oldestPendingAt !== null && now.getTime() - oldestPendingAt.getTime() > liveLagLimitMs;
  const timeStale = seg.movesWithTime && !followsTime;
  if (!behind && !timeStale) return { live: true, asOf: null, why: null };
  if (timeStale && (!behind || seg.refreshedAt <= oldestPendingAt!)) return { live: false, asOf: seg.refreshedAt, why: "time" };
  return { live: false, asOf: oldestPendingAt, why: "behind" };
}

/** Freshness of some of the workspace's segments (any id not of this workspace is NOT_FOUND), by id. */
export async function segmentsFreshness(
  scope: Pick<WorkspaceScope, "db" | "workspaceId">,
  segmentIds: readonly string[],
  now = new Date(),
): Promise<Record<string, Freshness>> {
  const ids = [...new Set(segmentIds)];
  // Every segment of the workspace: a time dependency can come through a referenced segment, archived or not.
  const all = await scope.db
    .select({ id: segments.id, dependsOn: segments.dependsOn, archivedAt: segments.archivedAt, refreshedAt: segments.refreshedAt })
    .from(segments)
    .where(eq(segments.workspaceId, scope.workspaceId));
  const byId = new Map(all.map((s) => [s.id, s]));
  if (ids.some((id) => !byId.has(id))) throw notFound("segment");
  const movesWithTime = affectedSegments(all, [dependency.time]);
  // The oldest waiting change of the workspace: its primary key (workspace_id, seq) finds it at once.
  const [oldest] = await queryRows<{ created_at: Date | string }>(
    scope.db,
    sql`select created_at from customer_changes where workspace_id = ${scope.workspaceId} order by seq limit 1`,
  );
  const oldestPendingAt = oldest ? new Date(oldest.created_at) : null;
  return Object.fromEntries(
    ids.map((id) => {
      const s = byId.get(id)!;
      return [
        id,
        freshnessOf({ archived: s.archivedAt !== null, refreshedAt: s.refreshedAt, movesWithTime: movesWithTime.has(id) }, oldestPendingAt, now),
      ];
    }),
  );
}
