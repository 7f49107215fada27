import { discardDemoJob, runDemoJob, type DemoJobPayload } from "../demo/job";
import { DeliveryStopped, markDeliveryFailed, sendDelivery } from "../campaign/delivery";
import { runCampaignSchedule } from "../campaign/schedule";
import { markRunFailed, refreshStaleRfm, runClusteringJob, runRfm } from "../discovery";
import { failInterruptedJobs, markImportFailed } from "../import/jobs";
import { runImportJob } from "../import/run";
import { dueSegments, recordRefreshFailure, refreshSegment, type RefreshReason } from "../segment/membership";
import { isDomainError } from "../errors";
import { reviewSegmentHealth } from "../health/review";
import { attributeTouches, defaultChangeLogRetentionDays, pendingWorkspaces, pruneChangeLog, wakeLiveAudiences } from "../live";
import { refreshDependents } from "../segment/dependents";
import { checkSegmentNow } from "../check/live";
import { runTimeFlips, runTimeSweep } from "../live/time-jobs";
import { JobFailure } from "./attempt";
import type { JobContext, JobDefinition, JobPolicy, JobSchedule } from "./types";

/** What an RFM run moves, in the dependency index's words. */
const rfmTouches = attributeTouches(["rfm_r", "rfm_f", "rfm_m", "rfm_segment"]);

const minute = 60_000;

/**
 * Every kind of background work, with its policy. Refusals (DomainError) are never retried; other failures
 * are, after the backoff (doubling each time), until the attempts run out.
 */
export const jobPolicies = {
  /** One transaction: a failed import is reported, not retried (the user runs it again). */
  "import.run": {
    attempts: 1,
    backoffMs: 0,
    timeoutMs: 30 * minute,
    perWorkspace: 1,
    interrupted: "The server stopped while this was running. Nothing was imported; run it again.",
  },
  "segment.refresh": { attempts: 5, backoffMs: 30_000, timeoutMs: 10 * minute, perWorkspace: 2 },
  /** Brings segments' health notifications up to date after a save or an archive (refresh jobs do it themselves). */
  "segment.health": { attempts: 3, backoffMs: 10_000, timeoutMs: minute, perWorkspace: 1 },
  "segment.refreshDue": { attempts: 1, backoffMs: 0, timeoutMs: 5 * minute, perWorkspace: 1 },
  "discovery.rfm": { attempts: 3, backoffMs: 10_000, timeoutMs: 10 * minute, perWorkspace: 1 },
  "discovery.rfmStale": { attempts: 1, backoffMs: 0, timeoutMs: 30 * minute, perWorkspace: 1 },
  "discovery.clustering": {
    attempts: 1,
    backoffMs: 0,
    timeoutMs: 15 * minute,
    perWorkspace: 1,
    interrupted: "The server stopped during this run. Run it again.",
  },
  /** Each attempt resumes after the last acknowledged batch. */
  "campaign.deliver": { attempts: 5, backoffMs: 30_000, timeoutMs: 30 * minute, perWorkspace: 2 },
  /** A segment's checks measured when the live path's interval is up (one waiting per segment). */
  "segment.checks": { attempts: 3, backoffMs: 5_000, timeoutMs: minute, perWorkspace: 1 },
  /** Live audiences: wakes the workspaces whose changes are still pending (see LiveDrainer). */
  "segment.liveSweep": { attempts: 1, backoffMs: 0, timeoutMs: minute, perWorkspace: 1 },
  /** Campaigns launch on their start date and complete after their end date. */
  "campaign.schedule": { attempts: 1, backoffMs: 0, timeoutMs: 5 * minute, perWorkspace: 1 },
  /** Time passing: a workspace's due moments of the when-next-flip schedule, re-evaluated; a failed round leaves them due. */
  "segment.timeFlips": { attempts: 3, backoffMs: 5_000, timeoutMs: 5 * minute, perWorkspace: 1 },
  "segment.timeSweep": { attempts: 1, backoffMs: 0, timeoutMs: minute, perWorkspace: 1 },
  /** Deletes change-log entries past the retention period, in batches; what one run leaves, the next takes. */
  "segment.changeLogPrune": { attempts: 1, backoffMs: 0, timeoutMs: 5 * minute, perWorkspace: 1 },
  "system.sweep": { attempts: 1, backoffMs: 0, timeoutMs: 5 * minute, perWorkspace: 1 },
  /**
   * A demo workspace for a user (no workspace of its own: what it wrote is deleted when it fails). Not
   * retried: the user sees the failure and asks again. Two at a time per process, whoever asked.
   */
  "demo.create": {
    attempts: 1,
    backoffMs: 0,
    timeoutMs: 30 * minute,
    perWorkspace: 2,
    interrupted: "The server stopped while the demo workspace was being made.",
  },
} satisfies Record<string, JobPolicy>;

export type JobKind = keyof typeof jobPolicies;

/**
 * Tells the segment's owner what its refresh showed. A failure here is logged, not thrown: it must not turn a good
 * refresh into a failed one, nor hide why a refresh failed.
 */
async function reviewQuietly(ctx: JobContext<unknown>, segmentId: string) {
  try {
    await reviewSegmentHealth(ctx.db, ctx.workspaceId!, segmentId, { mailer: ctx.deps.mailer, appUrl: ctx.deps.appUrl, log: ctx.deps.log });
  } catch (error) {
    ctx.deps.log?.("error", "segment health review failed", { workspaceId: ctx.workspaceId, segmentId, error: (error as Error).message });
  }
}

/** Types a handler by its payload; the runner holds them all alike. */
const define = <P>(def: JobDefinition<P>) => def as unknown as JobDefinition<never>;

/** Policies can be tightened for tests (short backoff or timeout); the handlers are always these. */
export function jobDefinitions(overrides: Partial<Record<JobKind, Partial<JobPolicy>>> = {}): JobDefinition<never>[] {
  const policy = (kind: JobKind): JobPolicy => ({ ...jobPolicies[kind], ...overrides[kind] });
  const defs: JobDefinition<never>[] = [
    define<{ importId: string }>({
      kind: "import.run",
      policy: policy("import.run"),
      async run(ctx) {
        const ref = { workspaceId: ctx.workspaceId!, id: ctx.payload.importId };
        const outcome = await runImportJob(ctx.db, ref, {
          uploadDir: ctx.deps.uploadDir,
          runnerId: ctx.jobId,
          onProgress: (p) => ctx.progress({ ...p }),
          signal: ctx.signal,
        });
        if (outcome.status === "failed") throw new JobFailure(outcome.error, false);
        if (outcome.status === "succeeded") wakeLiveAudiences(ctx.jobs, ctx.workspaceId!);
        return outcome;
      },
      async onFailed(ctx, error) {
        await markImportFailed(ctx.db, { workspaceId: ctx.workspaceId!, id: ctx.payload.importId }, error);
      },
    }),
    define<{ segmentId: string; reason?: RefreshReason }>({
      kind: "segment.refresh",
      policy: policy("segment.refresh"),
      async run(ctx) {
        const { segmentId, reason = "schedule" } = ctx.payload;
        const notifyDeps = { mailer: ctx.deps.mailer, appUrl: ctx.deps.appUrl, log: ctx.deps.log };
        try {
          const result = await refreshSegment(ctx.db, ctx.workspaceId!, segmentId, reason, { notify: notifyDeps, now: ctx.deps.now?.() });
          // A live segment's reconciliation should find nothing: what it corrected is a miss of the live updates.
          if (result.corrected)
            ctx.deps.log?.("error", "reconciliation corrected memberships", { workspaceId: ctx.workspaceId, segmentId, reason, ...result });
          await reviewQuietly(ctx, segmentId);
          return result;
        } catch (err) {
          const known = isDomainError(err);
          await recordRefreshFailure(
            ctx.db,
            ctx.workspaceId!,
            segmentId,
            known ? err.message : "The refresh stopped on an unexpected error.",
          );
          await reviewQuietly(ctx, segmentId);
          throw err;
        }
      },
    }),
    define<{ segmentIds: string[] }>({
      kind: "segment.health",
      policy: policy("segment.health"),
      async run(ctx) {
        const notifyDeps = { mailer: ctx.deps.mailer, appUrl: ctx.deps.appUrl, log: ctx.deps.log };
        for (const id of ctx.payload.segmentIds) await reviewSegmentHealth(ctx.db, ctx.workspaceId!, id, notifyDeps);
        return { segments: ctx.payload.segmentIds.length };
      },
    }),
    define<object>({
      kind: "segment.refreshDue",
      policy: policy("segment.refreshDue"),
      async run(ctx) {
        const due = await dueSegments(ctx.db);
        for (const s of due) {
          await ctx.jobs.enqueue("segment.refresh", { segmentId: s.id, reason: s.reason }, { key: s.id, workspaceId: s.workspace_id });
        }
        return { segments: due.length };
      },
    }),
    define<{ runId: string }>({
      kind: "discovery.rfm",
      policy: policy("discovery.rfm"),
      async run(ctx) {
        const result = await runRfm(ctx.db, ctx.workspaceId!, ctx.payload.runId);
        await refreshDependents(ctx.db, ctx.jobs, ctx.workspaceId!, rfmTouches, "rfm");
        return result;
      },
      onFailed: (ctx, error) => markRunFailed(ctx.db, ctx.workspaceId!, ctx.payload.runId, error),
    }),
    define<object>({
      kind: "discovery.rfmStale",
      policy: policy("discovery.rfmStale"),
      async run(ctx) {
        const scored = await refreshStaleRfm(ctx.db);
        for (const workspaceId of scored) await refreshDependents(ctx.db, ctx.jobs, workspaceId, rfmTouches, "rfm");
        return { workspaces: scored.length };
      },
    }),
    define<{ runId: string }>({
      kind: "discovery.clustering",
      policy: policy("discovery.clustering"),
      run: (ctx) => runClusteringJob(ctx.db, ctx.workspaceId!, ctx.payload.runId, ctx.signal),
      onFailed: (ctx, error) => markRunFailed(ctx.db, ctx.workspaceId!, ctx.payload.runId, error),
    }),
    define<{ deliveryId: string }>({
      kind: "campaign.deliver",
      policy: policy("campaign.deliver"),
      async run(ctx) {
        try {
          return await sendDelivery(
            ctx.db,
            { workspaceId: ctx.workspaceId!, deliveryId: ctx.payload.deliveryId },
            {
              lease: `${ctx.jobId}:${ctx.attempt}`,
              attempt: ctx.attempt,
              maxAttempts: policy("campaign.deliver").attempts,
              backoffMs: policy("campaign.deliver").backoffMs,
              batchSize: ctx.deps.deliveryBatchSize,
              resolve: ctx.deps.resolve,
              signal: ctx.signal,
            },
          );
        } catch (err) {
          if (err instanceof DeliveryStopped) throw new JobFailure(err.message, err.retry);
          throw err;
        }
      },
      onFailed: (ctx, error) => markDeliveryFailed(ctx.db, { workspaceId: ctx.workspaceId!, deliveryId: ctx.payload.deliveryId }, error),
    }),
    define<DemoJobPayload>({
      kind: "demo.create",
      policy: policy("demo.create"),
      run: runDemoJob,
      onFailed: (ctx) => discardDemoJob(ctx.db, ctx.payload),
    }),
    define<object>({
      kind: "campaign.schedule",
      policy: policy("campaign.schedule"),
      run: (ctx) => runCampaignSchedule(ctx.db),
    }),
    define<{ segmentId: string }>({
      kind: "segment.checks",
      policy: policy("segment.checks"),
      run: (ctx) =>
        checkSegmentNow(ctx.db, ctx.workspaceId!, ctx.payload.segmentId, {
          mailer: ctx.deps.mailer,
          appUrl: ctx.deps.appUrl,
          log: ctx.deps.log,
        }),
    }),
    define<object>({
      kind: "segment.liveSweep",
      policy: policy("segment.liveSweep"),
      async run(ctx) {
        const waiting = await pendingWorkspaces(ctx.db);
        for (const workspaceId of waiting) wakeLiveAudiences(ctx.jobs, workspaceId);
        return { workspaces: waiting.length };
      },
    }),
    define<object>({ kind: "segment.timeFlips", policy: policy("segment.timeFlips"), run: runTimeFlips }),
    define<object>({ kind: "segment.timeSweep", policy: policy("segment.timeSweep"), run: runTimeSweep }),
    define<object>({
      kind: "segment.changeLogPrune",
      policy: policy("segment.changeLogPrune"),
      run: async (ctx) => {
        const result = await pruneChangeLog(ctx.db, {
          retentionDays: ctx.deps.changeLogRetentionDays ?? defaultChangeLogRetentionDays,
          budgetMs: policy("segment.changeLogPrune").timeoutMs - minute,
          signal: ctx.signal,
        });
        return { ...result };
      },
    }),
    define<object>({
      kind: "system.sweep",
      policy: policy("system.sweep"),
      async run(ctx) {
        const jobs = await ctx.jobs.recoverInterrupted();
        await failInterruptedJobs(ctx.db);
        return { jobs };
      },
    }),
  ];
  return defs;
}

export const jobSchedules: JobSchedule[] = [
  { kind: "segment.refreshDue", cron: "* * * * *" },
  { kind: "discovery.rfmStale", cron: "7 * * * *" },
  { kind: "segment.liveSweep", cron: "* * * * *" },
  { kind: "campaign.schedule", cron: "* * * * *" },
  // Every 30 s (seconds first): a moment is acted on within 30 s of coming due, plus its round.
  { kind: "segment.timeSweep", cron: "*/30 * * * * *" },
  { kind: "segment.changeLogPrune", cron: "23 * * * *" },
  { kind: "system.sweep", cron: "* * * * *" },
];
