import { discardDemoJob, runDemoJob, type DemoJobPayload } from "../demo/job";
import { DeliveryStopped, markDeliveryFailed, sendDelivery } from "../campaign/delivery";
import { markRunFailed, refreshStaleRfm, runClusteringJob, runRfm } from "../discovery";
import { failInterruptedJobs, markImportFailed } from "../import/jobs";
import { runImportJob } from "../import/run";
import { dueSegments, recordRefreshFailure, refreshSegment, type RefreshReason } from "../segment/membership";
import { isDomainError } from "../errors";
import { defaultChangeLogRetentionDays, pendingWorkspaces, processPendingChanges, pruneChangeLog, wakeLiveAudiences } from "../live";
import { releaseKey } from "./store";
import { JobFailure } from "./attempt";
import type { JobDefinition, JobPolicy, JobSchedule } from "./types";

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
  /** Live audiences: one evaluation at a time per workspace; a failed round leaves its changes pending for the next. */
  "segment.live": { attempts: 5, backoffMs: 5_000, timeoutMs: 5 * minute, perWorkspace: 1 },
  "segment.liveSweep": { attempts: 1, backoffMs: 0, timeoutMs: minute, perWorkspace: 1 },
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
        if (outcome.status === "succeeded") await wakeLiveAudiences(ctx.jobs, ctx.workspaceId!);
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
        try {
          return await refreshSegment(ctx.db, ctx.workspaceId!, ctx.payload.segmentId, ctx.payload.reason ?? "schedule");
        } catch (err) {
          const known = isDomainError(err);
          await recordRefreshFailure(
            ctx.db,
            ctx.workspaceId!,
            ctx.payload.segmentId,
            known ? err.message : "The refresh stopped on an unexpected error.",
          );
          throw err;
        }
      },
    }),
    define<object>({
      kind: "segment.refreshDue",
      policy: policy("segment.refreshDue"),
      async run(ctx) {
        const due = await dueSegments(ctx.db);
        for (const s of due) {
          await ctx.jobs.enqueue("segment.refresh", { segmentId: s.id, reason: "schedule" }, { key: s.id, workspaceId: s.workspace_id });
        }
        return { segments: due.length };
      },
    }),
    define<{ runId: string }>({
      kind: "discovery.rfm",
      policy: policy("discovery.rfm"),
      run: (ctx) => runRfm(ctx.db, ctx.workspaceId!, ctx.payload.runId),
      onFailed: (ctx, error) => markRunFailed(ctx.db, ctx.workspaceId!, ctx.payload.runId, error),
    }),
    define<object>({
      kind: "discovery.rfmStale",
      policy: policy("discovery.rfmStale"),
      run: async (ctx) => ({ workspaces: await refreshStaleRfm(ctx.db) }),
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
      kind: "segment.live",
      policy: policy("segment.live"),
      async run(ctx) {
        // From here on a new change queues a new evaluation (which waits for this one), rather than finding this one.
        await releaseKey(ctx.db, ctx.jobId);
        const total = { changes: 0, evaluated: 0, entered: 0, exited: 0 };
        const until = Date.now() + 30_000;
        for (;;) {
          const round = await processPendingChanges(ctx.db, ctx.workspaceId!);
          for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += round[k];
          ctx.progress(total);
          if (round.changes === 0) break;
          // A long backlog is taken in turns, so other kinds of work get their share of the workers.
          if (Date.now() > until || ctx.signal.aborted) {
            await wakeLiveAudiences(ctx.jobs, ctx.workspaceId!);
            break;
          }
        }
        return total;
      },
    }),
    define<object>({
      kind: "segment.liveSweep",
      policy: policy("segment.liveSweep"),
      async run(ctx) {
        const waiting = await pendingWorkspaces(ctx.db);
        for (const workspaceId of waiting) await wakeLiveAudiences(ctx.jobs, workspaceId);
        return { workspaces: waiting.length };
      },
    }),
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
  { kind: "segment.changeLogPrune", cron: "23 * * * *" },
  { kind: "system.sweep", cron: "* * * * *" },
];
