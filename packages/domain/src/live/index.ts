// Live audiences: customer changes go to an outbox in their own transaction; the live evaluator (each process's
// drainer) takes them, re-evaluates the segments that can care for those customers only, and logs who entered and left.
export { eventTouches, attributeTouches } from "./touches";
export { recordCustomerChanges, recordCustomerChangesFor, wakeLiveAudiences, type ChangeCause, type CustomerChange } from "./outbox";
export { lockSegments, recordDepartures } from "./departures";
export { processPendingChanges, liveBatchSize, type LiveRound } from "./evaluate";
export { LiveDrainer } from "./drainer";
export { segmentChangesPage, type SegmentChange } from "./feed";
export { pendingWorkspaces } from "./sweep";
export { evaluateSegments, roundContext } from "./evaluate";
export { scheduleFlips, followTimeOf } from "./schedule";
export { processDueFlips, dueFlipWorkspaces, flipBatchSize, type FlipRound } from "./flips";
export { segmentActivity, customerSegmentHistory, type ActivityEntry, type SegmentHistoryEntry } from "./activity";
export { segmentSizeHistory, minuteResolutionMs, type SizeHistory, type SizeStep } from "./size-history";
export { segmentsFreshness } from "./freshness";
export { freshnessOf, liveLagLimitMs, timeFollowedLive, type Freshness } from "./freshness-of";
export { pruneChangeLog, defaultChangeLogRetentionDays, pruneBatchSize, type PruneResult } from "./retention";
