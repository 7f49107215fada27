import { eq } from "drizzle-orm";
import { jobs as jobsTable, type Db } from "@facet/db";
import { isDomainError } from "../errors";
import { finishJob, retryLater, type JobRow } from "./store";
import type { JobDefinition, JobDeps, Jobs } from "./types";

/** A failure whose message is meant for users (a receiver's answer, a timeout); retried while attempts remain. */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly retry = true,
  ) {
    super(message);
    this.name = "JobFailure";
  }
}

export interface AttemptEnv {
  db: Db;
  runnerId: string;
  jobs: Jobs;
  deps: JobDeps;
  /** How often a running job proves it is alive (and saves its progress). */
  beatMs: number;
  /** Live progress kept by the runner, for a reader that can't see the database meanwhile (PGlite in a transaction). */
  liveProgress?: Map<string, Record<string, unknown>>;
  onProgress?: (jobId: string, progress: Record<string, unknown>) => void;
}

export type AttemptOutcome =
  | { status: "succeeded"; result: Record<string, unknown> | null }
  | { status: "retrying"; runAt: Date; error: string }
  | { status: "failed"; error: string }
  | { status: "cancelled" };

export const backoffDelay = (def: JobDefinition<never>, attempt: number) => def.policy.backoffMs * 2 ** (attempt - 1);

const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} seconds`);

/**
 * Runs one attempt of a job this runner claimed: the watchdog (timeout), heartbeats with progress, cancellation
 * (seen by the heartbeat), then the outcome: succeeded, another attempt after a backoff, or failed for good.
 * A refusal (DomainError) is never retried: running it again would refuse again.
 */
export async function runAttempt(
  env: AttemptEnv,
  def: JobDefinition<never>,
  row: JobRow,
  cancel = new AbortController(),
): Promise<AttemptOutcome> {
  const { db, runnerId } = env;
  const watchdog = new AbortController();
  const signal = AbortSignal.any([watchdog.signal, cancel.signal]);
  const timer = setTimeout(
    () => watchdog.abort(new JobFailure(`It ran longer than ${minutes(def.policy.timeoutMs)} and was stopped.`)),
    def.policy.timeoutMs,
  );
  let progress: Record<string, unknown> | null = null;
  let saved: Record<string, unknown> | null = null;
  let lastBeat = Date.now();
  let beating: Promise<void> = Promise.resolve();
  const tick = setInterval(
    () => {
      if (progress === saved && Date.now() - lastBeat < env.beatMs) return;
      const value = progress;
      beating = beating.then(async () => {
        const rows = await db
          .update(jobsTable)
          .set({ heartbeatAt: new Date(), ...(value !== saved ? { progress: value } : {}) })
          .where(eq(jobsTable.id, row.id))
          .returning({ status: jobsTable.status, runnerId: jobsTable.runnerId })
          .catch(() => null);
        saved = value;
        lastBeat = Date.now();
        const mine = rows?.[0];
        if (mine && (mine.status !== "running" || mine.runnerId !== runnerId)) cancel.abort(new JobFailure("Cancelled.", false));
      });
    },
    Math.min(1000, env.beatMs),
  );
  const stopped = new Promise<never>((_, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new JobFailure("Stopped."));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  stopped.catch(() => {});
  const ctx = {
    db,
    payload: row.payload as never,
    jobId: row.id,
    workspaceId: row.workspaceId,
    attempt: row.attempts,
    signal,
    progress: (value: Record<string, unknown>) => {
      progress = value;
      env.liveProgress?.set(row.id, value);
      env.onProgress?.(row.id, value);
    },
    jobs: env.jobs,
    deps: env.deps,
  };
  const log = env.deps.log ?? (() => {});
  const started = performance.now();
  try {
    // The handler sees the signal; the race makes sure a handler that ignores it still lets the job end.
    const running = def.run(ctx);
    running.catch(() => {});
    const result = await Promise.race([running, stopped]);
    await finishJob(db, row.id, runnerId, "succeeded", { result: result ?? null });
    log("info", "job succeeded", { jobId: row.id, kind: row.kind, ms: Math.round(performance.now() - started) });
    return { status: "succeeded", result: result ?? null };
  } catch (err) {
    if (cancel.signal.aborted) {
      await finishJob(db, row.id, runnerId, "cancelled", { error: "Cancelled." });
      return { status: "cancelled" };
    }
    const known = isDomainError(err) || err instanceof JobFailure;
    const error = known ? (err as Error).message : "It stopped on an unexpected error.";
    const retry = !isDomainError(err) && !(err instanceof JobFailure && !err.retry) && row.attempts < def.policy.attempts;
    log("error", "job attempt failed", { jobId: row.id, kind: row.kind, attempt: row.attempts, err, retry });
    if (retry) {
      const runAt = new Date(Date.now() + backoffDelay(def, row.attempts));
      if (await retryLater(db, row.id, runnerId, error, runAt)) return { status: "retrying", runAt, error };
      return { status: "cancelled" };
    }
    await finishJob(db, row.id, runnerId, "failed", { error });
    await def.onFailed?.({ db, payload: row.payload as never, jobId: row.id, workspaceId: row.workspaceId }, error);
    return { status: "failed", error };
  } finally {
    clearTimeout(timer);
    clearInterval(tick);
    await beating;
    if (progress)
      await db
        .update(jobsTable)
        .set({ progress })
        .where(eq(jobsTable.id, row.id))
        .catch(() => {});
    env.liveProgress?.delete(row.id);
  }
}
