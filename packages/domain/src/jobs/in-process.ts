import { randomUUID } from "node:crypto";
import { CronExpressionParser } from "cron-parser";
import type { Db } from "@facet/db";
import { LiveDrainer } from "../live/drainer";
import { runAttempt, JobFailure, type AttemptEnv, type AttemptOutcome } from "./attempt";
import { cancelJob, claimJob, dueJobs, insertJob, jobRow, jobStatus, latestJob } from "./store";
import { recoverInterrupted, staleAfterMs } from "./sweep";
import type { EnqueueOptions, JobDefinition, JobDeps, Jobs, JobSchedule, JobStatus } from "./types";

export interface RunnerOptions {
  db: Db;
  definitions: JobDefinition<never>[];
  schedules?: JobSchedule[];
  deps: JobDeps;
  /** Jobs running at once in this process, all kinds and workspaces together. */
  concurrency?: number;
  pollMs?: number;
  beatMs?: number;
  /** A running job silent this long belongs to a stopped process. */
  staleMs?: number;
  /** Sees every job's progress as it is reported (logs; a test that kills a process mid-job). */
  onProgress?: (jobId: string, progress: Record<string, unknown>) => void;
  /**
   * "all": any due job (the app). "own": only jobs this runner enqueued or was handed with `adopt` (tests
   * sharing one PostgreSQL database, where each file's runner must leave the others' jobs alone).
   */
  claims?: "all" | "own";
  /** On start, every job still "running" is from a stopped process (true on PGlite: one process per folder). */
  singleProcess?: boolean;
}

export const nextCronTime = (cron: string, after: Date) =>
  CronExpressionParser.parse(cron, { currentDate: after, tz: "UTC" }).next().toDate();

export const settledStates = new Set(["succeeded", "failed", "cancelled", "retrying"]);

/** Polls a job's status until it has settled for now (or the time is up). */
export async function waitSettled(read: (id: string) => Promise<JobStatus | null>, id: string, timeoutMs: number, pollMs = 50) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await read(id);
    if (!s) throw new Error(`No job ${id}.`);
    if (settledStates.has(s.status) || Date.now() > until) return s;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * The job system inside one process, for embedded PGlite (one process per data folder): the `jobs` table
 * is the queue, so jobs survive a restart, and status and progress are rows like on PostgreSQL.
 */
export class InProcessJobs implements Jobs {
  readonly runnerId = `inproc-${randomUUID()}`;
  private readonly definitions: Map<string, JobDefinition<never>>;
  private readonly running = new Map<
    string,
    { kind: string; workspaceId: string | null; cancel: AbortController; done: Promise<AttemptOutcome> }
  >();
  private readonly nextFire = new Map<string, Date>();
  private readonly liveProgress = new Map<string, Record<string, unknown>>();
  private readonly finished: { id: string; kind: string; outcome: AttemptOutcome }[] = [];
  private readonly own = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private lastSweep = 0;
  private readonly env: AttemptEnv;
  readonly live: LiveDrainer;

  constructor(private readonly opts: RunnerOptions) {
    this.definitions = new Map(opts.definitions.map((d) => [d.kind, d]));
    this.live = new LiveDrainer(opts.db, {
      log: opts.deps.log,
      leftovers: opts.claims !== "own",
      checks: {
        jobs: this,
        intervalMs: opts.deps.checkIntervalMs,
        notify: { mailer: opts.deps.mailer, appUrl: opts.deps.appUrl, log: opts.deps.log },
      },
      now: opts.deps.now,
    });
    this.env = {
      db: opts.db,
      runnerId: this.runnerId,
      jobs: this,
      deps: opts.deps,
      beatMs: opts.beatMs ?? 5000,
      liveProgress: this.liveProgress,
      onProgress: opts.onProgress,
    };
  }

  private definition(kind: string) {
    const def = this.definitions.get(kind);
    if (!def) throw new Error(`No job kind "${kind}".`);
    return def;
  }

  recoverInterrupted() {
    return recoverInterrupted(this.opts.db, this.definitions, { staleMs: this.opts.staleMs ?? staleAfterMs });
  }

  /** Lets an "own" runner take a job another runner enqueued (a test's child process). */
  adopt(jobId: string) {
    this.own.add(jobId);
  }

  async start() {
    // One process per PGlite folder: whatever still says "running" was running when the last process stopped.
    if (this.opts.singleProcess !== false) await recoverInterrupted(this.opts.db, this.definitions, { notRunner: this.runnerId });
    const now = new Date();
    for (const s of this.opts.schedules ?? []) this.nextFire.set(s.kind, nextCronTime(s.cron, now));
    this.timer = setInterval(() => void this.tick(), this.opts.pollMs ?? 500);
    this.timer.unref();
    await this.live.start();
  }

  async stop() {
    await this.live.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    for (const r of this.running.values()) r.cancel.abort(new JobFailure("The server is stopping.", true));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** One round: schedules that came due, the periodic sweep, and as many due jobs as there is room for. */
  tick(now = new Date()): Promise<void> {
    this.ticking ??= (async () => {
      try {
        for (const s of this.opts.schedules ?? []) {
          const at = this.nextFire.get(s.kind);
          if (at && at <= now) {
            this.nextFire.set(s.kind, nextCronTime(s.cron, now));
            await this.enqueue(s.kind, {}, { key: "schedule" });
          }
        }
        if (Date.now() - this.lastSweep > (this.opts.staleMs ?? staleAfterMs) / 3) {
          this.lastSweep = Date.now();
          await this.recoverInterrupted();
        }
        await this.claimDue();
      } catch (err) {
        this.opts.deps.log?.("error", "job runner round failed", { err });
      }
    })().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async claimDue() {
    const room = (this.opts.concurrency ?? 4) - this.running.size;
    if (room <= 0) return;
    let started = 0;
    for (const due of await dueJobs(this.opts.db, this.opts.claims === "own" ? [...this.own] : null, 50)) {
      if (started >= room) break;
      const def = this.definitions.get(due.kind);
      if (!def || this.running.has(due.id) || (this.opts.claims === "own" && !this.own.has(due.id))) continue;
      const busy = [...this.running.values()].filter((r) => r.kind === due.kind && r.workspaceId === due.workspaceId).length;
      if (busy >= def.policy.perWorkspace) continue;
      const row = await claimJob(this.opts.db, due.id, this.runnerId);
      if (!row) continue;
      started += 1;
      const cancel = new AbortController();
      const done = runAttempt(this.env, def, row, cancel)
        .then((outcome) => {
          this.finished.push({ id: row.id, kind: row.kind, outcome });
          return outcome;
        })
        .finally(() => {
          this.running.delete(row.id);
          if (this.timer) void this.tick();
        });
      this.running.set(row.id, { kind: row.kind, workspaceId: row.workspaceId, cancel, done });
    }
  }

  /** Runs everything due until nothing is left (tests; `pnpm seed`): each job's outcome in order of finishing. */
  async drain(): Promise<{ id: string; kind: string; outcome: AttemptOutcome }[]> {
    for (;;) {
      await this.tick();
      await this.live.drain();
      if (this.running.size === 0) return this.finished.splice(0);
      await Promise.race([...this.running.values()].map((r) => r.done));
    }
  }

  async enqueue<P extends object>(kind: string, payload: P, options: EnqueueOptions = {}) {
    const def = this.definition(kind);
    const job = await insertJob(this.opts.db, kind, payload, def.policy.attempts, options);
    this.own.add(job.id);
    if (job.created && this.timer) void this.tick();
    return job;
  }

  async runNow<P extends object>(kind: string, payload: P, options: EnqueueOptions = {}): Promise<JobStatus> {
    const job = await runHere(this, this.env, this.definition(kind), kind, payload, options);
    this.own.add(job.id);
    return job;
  }

  async cancel(jobId: string) {
    const live = await cancelJob(this.opts.db, jobId);
    this.running.get(jobId)?.cancel.abort(new JobFailure("Cancelled.", false));
    return live;
  }

  async status(jobId: string) {
    const s = await jobStatus(this.opts.db, jobId);
    const live = this.liveProgress.get(jobId);
    return s && live ? { ...s, progress: live } : s;
  }

  latest(kind: string, key: string) {
    return latestJob(this.opts.db, kind, key);
  }

  settled(jobId: string, timeoutMs = 60_000) {
    return waitSettled((id) => this.status(id), jobId, timeoutMs);
  }
}

/** Records a job as running in this process and runs its first attempt now; a later attempt goes through the queue. */
export async function runHere<P extends object>(
  jobs: Jobs,
  env: AttemptEnv,
  def: JobDefinition<never>,
  kind: string,
  payload: P,
  options: EnqueueOptions,
  afterRetry?: (id: string, runAt: Date) => Promise<void>,
): Promise<JobStatus> {
  const job = await insertJob(env.db, kind, payload, def.policy.attempts, { ...options, status: "running", runnerId: env.runnerId });
  if (!job.created) return jobs.settled(job.id);
  const row = await jobRow(env.db, job.id);
  const outcome = await runAttempt(env, def, row!);
  if (outcome.status === "retrying") await afterRetry?.(job.id, outcome.runAt);
  return (await jobs.status(job.id))!;
}
