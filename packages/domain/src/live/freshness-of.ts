// When a segment is live, as a pure rule (tested without a database).

/**
 * A change waiting this long for the live evaluator means it is not keeping up: the evaluator takes a change
 * within a second or two (a lost wake-up is caught by the sweep within a minute), so 30 s is well past normal.
 */
export const liveLagLimitMs = 30_000;

/**
 * Whether rules whose answer moves with time alone (relative windows, days since) are re-evaluated as time
 * passes: the when-next-flip schedule follows them (a moment overdue counts as a change waiting). Without it
 * only a refresh would move them, and such segments would be "as of" their last refresh.
 */
export const timeFollowedLive = true;

export type Freshness =
  { live: true; asOf: null; why: null } | { live: false; asOf: Date | null; why: "archived" | "never_refreshed" | "time" | "behind" };

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
  if (timeStale && (!behind || seg.refreshedAt <= oldestPendingAt)) return { live: false, asOf: seg.refreshedAt, why: "time" };
  return { live: false, asOf: oldestPendingAt, why: "behind" };
}
