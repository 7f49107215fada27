import type { Db } from "@facet/db";
import type { Jobs } from "../jobs/types";
import type { NotifyDeps } from "../notification";
import { checksConcerning, runChecks, type CheckRow } from "./run";

/** A segment's checks are measured at most this often on the live path; a change in between is measured when it is up. */
export const liveCheckIntervalMs = 5_000;

/**
 * After a live batch committed: measures the checks concerning the segments it moved. A segment whose checks
 * were measured less than the interval ago is measured when the interval is up, by a job (one per segment
 * waiting), so a busy segment costs one measure every few seconds and its last change is still measured.
 * Without a job system everything is measured at once.
 */
export async function checkAfterLiveChanges(
  db: Db,
  workspaceId: string,
  movedSegmentIds: readonly string[],
  opts: { jobs?: Jobs; intervalMs?: number; notify?: NotifyDeps } = {},
) {
  const checks = await checksConcerning(db, workspaceId, movedSegmentIds);
  if (checks.length === 0) return { checked: 0, started: 0, deferred: 0 };
  const interval = opts.intervalMs ?? liveCheckIntervalMs;
  const latest = new Map<string, number>();
  for (const c of checks) latest.set(c.segmentId, Math.max(latest.get(c.segmentId) ?? 0, c.checkedAt?.getTime() ?? 0));
  const now = Date.now();
  const due: CheckRow[] = [];
  const later = new Map<string, number>();
  for (const c of checks) {
    const at = latest.get(c.segmentId)! + interval;
    if (!opts.jobs || at <= now) due.push(c);
    else later.set(c.segmentId, at);
  }
  for (const [segmentId, at] of later)
    await opts.jobs!.enqueue("segment.checks", { segmentId }, { key: `checks:${segmentId}`, workspaceId, runAt: new Date(at) });
  const r = await runChecks(db, workspaceId, due, "live", opts.notify);
  return { ...r, deferred: later.size };
}

/** The deferred measure of one segment's checks (the `segment.checks` job). */
export async function checkSegmentNow(db: Db, workspaceId: string, segmentId: string, notify: NotifyDeps = {}) {
  const checks = (await checksConcerning(db, workspaceId, [segmentId])).filter((c) => c.segmentId === segmentId);
  return runChecks(db, workspaceId, checks, "live", notify);
}
