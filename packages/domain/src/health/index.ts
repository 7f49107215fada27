// Segment health: a failed or slow refresh, a reconciliation that corrected members, a broken reference; shown on
// the segment and in the list, and told to the segment's owner (notifications).
export { healthCauses, segmentIssues, slowRefreshMs, type HealthCause, type HealthIssue } from "./issues";
export { referringSegments, reviewHealthSoon, reviewSegmentHealth } from "./review";
export { healthOfSegments, listReconciliations, segmentHealth } from "./read";
