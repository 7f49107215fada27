import { releaseKey } from "../jobs/store";
import type { JobContext } from "../jobs/types";
import { dueFlipWorkspaces, processDueFlips } from "./flips";

/** The key of a workspace's time-passing job: one queued at a time. */
const timeKey = (workspaceId: string) => `time:${workspaceId}`;

/**
 * `segment.timeSweep` (every 30 s, system work): queues `segment.timeFlips` for each workspace with a
 * moment due. Queued per workspace so one workspace's backlog doesn't hold up the others.
 */
export async function runTimeSweep(ctx: JobContext<object>) {
  const due = await dueFlipWorkspaces(ctx.db, ctx.deps.now?.() ?? new Date());
  for (const workspaceId of due) await ctx.jobs.enqueue("segment.timeFlips", {}, { key: timeKey(workspaceId), workspaceId });
  return { workspaces: due.length };
}

/**
 * `segment.timeFlips`: rounds of due moments until none is left. A round longer than 30 s in all queues a
 * follow-up and stops, so other work gets the workers.
 */
export async function runTimeFlips(ctx: JobContext<object>) {
  const workspaceId = ctx.workspaceId!;
  // From here on the sweep queues a new job (which waits for this one) rather than finding this one.
  await releaseKey(ctx.db, ctx.jobId);
  const total = { evaluated: 0, entered: 0, exited: 0 };
  const until = Date.now() + 30_000;
  for (;;) {
    const round = await processDueFlips(ctx.db, workspaceId, ctx.deps.now?.() ?? new Date());
    total.evaluated += round.evaluated;
    total.entered += round.entered;
    total.exited += round.exited;
    ctx.progress(total);
    if (round.evaluated === 0) break;
    if (Date.now() > until || ctx.signal.aborted) {
      await ctx.jobs.enqueue("segment.timeFlips", {}, { key: timeKey(workspaceId), workspaceId });
      break;
    }
  }
  return total;
}
