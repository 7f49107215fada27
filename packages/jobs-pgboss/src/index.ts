import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { PgBoss, type Job } from "pg-boss";
import { jobs, live } from "@facet/domain";

const {
  runAttempt,
  JobFailure,
  runHere,
  waitSettled,
  cancelJob,
  claimJob,
  insertJob,
  jobStatus,
  latestJob,
  recoverInterrupted,
  staleAfterMs,
} = jobs;
type AttemptEnv = jobs.AttemptEnv;
type EnqueueOptions = jobs.EnqueueOptions;
type JobDefinition<P> = jobs.JobDefinition<P>;
type Jobs = jobs.Jobs;

export interface PgBossOptions extends jobs.RunnerOptions {
  connectionString: string;
  /** pg-boss's own schema (tests give each file one, so their workers don't take each other's jobs). */
  schema?: string;
  staleMs?: number;
}

type Dispatch = { jobId?: string };

/**
 * The job system on a PostgreSQL server: pg-boss hands each attempt to exactly one worker among all app
 * processes (SKIP LOCKED), wakes them with LISTEN/NOTIFY, runs cron schedules once across processes and
 * caps a workspace's concurrent jobs across processes (groupConcurrency). Attempts, backoff, timeouts,
 * progress and status stay in the `jobs` table and in `runAttempt`, exactly as in the in-process runner:
 * every attempt is its own pg-boss job (pg-boss itself never retries).
 */
export class PgBossJobs implements Jobs {
  /** Names the process (host and pid) in `jobs.runner_id`, so an operator sees which server runs a job. */
  readonly runnerId = `boss-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly definitions: Map<string, JobDefinition<never>>;
  private readonly env: AttemptEnv;
  private boss: PgBoss | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;
  private readonly active = new Map<string, AbortController>();
  readonly live: live.LiveDrainer;

  constructor(private readonly opts: PgBossOptions) {
    this.definitions = new Map(opts.definitions.map((d) => [d.kind, d]));
    this.live = new live.LiveDrainer(opts.db, {
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
      onProgress: opts.onProgress,
    };
  }

  private definition(kind: string) {
    const def = this.definitions.get(kind);
    if (!def) throw new Error(`No job kind "${kind}".`);
    return def;
  }

  private get started() {
    if (!this.boss) throw new Error("The job system isn't started.");
    return this.boss;
  }

  async start() {
    const boss = new PgBoss({ connectionString: this.opts.connectionString, schema: this.opts.schema ?? "pgboss", max: 4 });
    boss.on("error", (err) => this.opts.deps.log?.("error", "pg-boss error", { err }));
    await boss.start();
    this.boss = boss;
    for (const def of this.definitions.values()) {
      const queue = {
        retryLimit: 0,
        notify: true,
        // pg-boss's own backstops: our watchdog ends an attempt first; a dead process stops heartbeating.
        expireInSeconds: Math.ceil(def.policy.timeoutMs / 1000) + 60,
        heartbeatSeconds: 10,
      };
      if (await boss.getQueue(def.kind)) await boss.updateQueue(def.kind, queue);
      else await boss.createQueue(def.kind, queue);
      await boss.work<Dispatch>(
        def.kind,
        {
          localConcurrency: this.opts.concurrency ?? 2,
          groupConcurrency: def.policy.perWorkspace,
          pollingIntervalSeconds: Math.max(0.5, (this.opts.pollMs ?? 2000) / 1000),
        },
        async ([job]) => this.handle(def, job!),
      );
    }
    for (const s of this.opts.schedules ?? []) await boss.schedule(s.kind, s.cron, {}, { tz: "UTC" });
    this.sweeper = setInterval(
      () => {
        this.sweeping ??= this.recoverInterrupted()
          .catch((err: unknown) => this.opts.deps.log?.("error", "job sweep failed", { err }))
          .finally(() => (this.sweeping = null));
      },
      Math.max(1000, (this.opts.staleMs ?? staleAfterMs) / 3),
    );
    this.sweeper.unref();
    await this.live.start();
  }

  async stop() {
    await this.live.stop();
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweeping;
    for (const c of this.active.values()) c.abort(new JobFailure("The server is stopping."));
    await this.boss?.stop({ graceful: true, timeout: 10_000 });
    this.boss = null;
  }

  private async handle(def: JobDefinition<never>, job: Job<Dispatch>) {
    let id = job.data.jobId;
    if (!id) {
      // A cron schedule fired (in one process): record it like any job, unless the last one is still live.
      const made = await insertJob(this.opts.db, def.kind, {}, def.policy.attempts, { key: "schedule" });
      if (!made.created) return;
      id = made.id;
    }
    const row = await claimJob(this.opts.db, id, this.runnerId);
    if (!row) return; // cancelled, or another worker has it
    const cancel = new AbortController();
    const relay = () => cancel.abort(new JobFailure("pg-boss expired this attempt."));
    job.signal.addEventListener("abort", relay, { once: true });
    this.active.set(id, cancel);
    try {
      const outcome = await runAttempt(this.env, def, row, cancel);
      if (outcome.status === "retrying") await this.dispatch(def.kind, id, row.workspaceId, outcome.runAt);
    } finally {
      this.active.delete(id);
      job.signal.removeEventListener("abort", relay);
    }
  }

  private async dispatch(kind: string, jobId: string, workspaceId: string | null, runAt?: Date) {
    await this.started.send(kind, { jobId }, { startAfter: runAt, ...(workspaceId ? { group: { id: workspaceId } } : {}) });
  }

  recoverInterrupted() {
    return recoverInterrupted(this.opts.db, this.definitions, { staleMs: this.opts.staleMs ?? staleAfterMs }, (j) =>
      this.dispatch(j.kind, j.id, j.workspaceId, j.runAt),
    );
  }

  async enqueue<P extends object>(kind: string, payload: P, options: EnqueueOptions = {}) {
    const def = this.definition(kind);
    const job = await insertJob(this.opts.db, kind, payload, def.policy.attempts, options);
    if (job.created) await this.dispatch(kind, job.id, options.workspaceId ?? null, options.runAt);
    return job;
  }

  runNow<P extends object>(kind: string, payload: P, options: EnqueueOptions = {}): Promise<jobs.JobStatus> {
    return runHere(this, this.env, this.definition(kind), kind, payload, options, (id, runAt) =>
      this.dispatch(kind, id, options.workspaceId ?? null, runAt),
    );
  }

  /** The row says cancelled at once; the process running it sees that at its next heartbeat and stops. */
  async cancel(jobId: string) {
    const live = await cancelJob(this.opts.db, jobId);
    this.active.get(jobId)?.abort(new JobFailure("Cancelled.", false));
    return live;
  }

  status(jobId: string) {
    return jobStatus(this.opts.db, jobId);
  }

  latest(kind: string, key: string) {
    return latestJob(this.opts.db, kind, key);
  }

  settled(jobId: string, timeoutMs = 60_000) {
    return waitSettled((id) => this.status(id), jobId, timeoutMs, 100);
  }
}
