import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { jobs, queryRows, type Db } from "@facet/db";
import { liveStates, type EnqueueOptions, type JobState, type JobStatus } from "./types";

const columns = {
  id: jobs.id,
  kind: jobs.kind,
  key: jobs.key,
  workspaceId: jobs.workspaceId,
  status: jobs.status,
  attempts: jobs.attempts,
  maxAttempts: jobs.maxAttempts,
  runAt: jobs.runAt,
  progress: jobs.progress,
  result: jobs.result,
  error: jobs.error,
  createdAt: jobs.createdAt,
  startedAt: jobs.startedAt,
  finishedAt: jobs.finishedAt,
};

export interface JobRow extends JobStatus {
  payload: Record<string, unknown>;
}

/** Inserts a job, or returns the live one with the same kind and key (the partial unique index decides). */
export async function insertJob(
  db: Db,
  kind: string,
  payload: object,
  maxAttempts: number,
  options: EnqueueOptions & { status?: "queued" | "running"; runnerId?: string },
): Promise<{ id: string; created: boolean }> {
  const id = randomUUID();
  const running = options.status === "running";
  const inserted = await queryRows<{ id: string }>(
    db,
    sql`insert into jobs (id, kind, key, workspace_id, payload, status, attempts, max_attempts, run_at, runner_id, heartbeat_at, started_at)
        values (${id}, ${kind}, ${options.key ?? null}, ${options.workspaceId ?? null}, ${JSON.stringify(payload)}::jsonb,
                ${running ? "running" : "queued"}, ${running ? 1 : 0}, ${maxAttempts}, ${(options.runAt ?? new Date()).toISOString()}::timestamptz,
                ${options.runnerId ?? null}, ${running ? sql`now()` : null}, ${running ? sql`now()` : null})
        on conflict (kind, key) where status in ('queued', 'running', 'retrying') and key is not null do nothing
        returning id`,
  );
  if (inserted[0]) return { id, created: true };
  const [live] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.key, options.key!), inArray(jobs.status, [...liveStates])));
  // The live one may have finished in between: try again.
  return live ? { id: live.id, created: false } : insertJob(db, kind, payload, maxAttempts, options);
}

export async function jobStatus(db: Db, id: string): Promise<JobStatus | null> {
  const [row] = await db.select(columns).from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}

export async function jobRow(db: Db, id: string): Promise<JobRow | null> {
  const [row] = await db
    .select({ ...columns, payload: jobs.payload })
    .from(jobs)
    .where(eq(jobs.id, id));
  return row ?? null;
}

export async function latestJob(db: Db, kind: string, key: string): Promise<JobStatus | null> {
  const [row] = await db
    .select(columns)
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.key, key)))
    .orderBy(desc(jobs.createdAt))
    .limit(1);
  return row ?? null;
}

/** Takes a queued or retrying job for an attempt; null when someone else took it or it was cancelled. */
export async function claimJob(db: Db, id: string, runnerId: string): Promise<JobRow | null> {
  const [row] = await db
    .update(jobs)
    .set({
      status: "running",
      attempts: sql`${jobs.attempts} + 1`,
      runnerId,
      heartbeatAt: new Date(),
      startedAt: new Date(),
    })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ["queued", "retrying"])))
    .returning({ ...columns, payload: jobs.payload });
  return row ?? null;
}

/** Due jobs, oldest first (the in-process runner picks among them). */
export async function dueJobs(db: Db, only: string[] | null, limit: number) {
  if (only && only.length === 0) return [];
  return db
    .select({ id: jobs.id, kind: jobs.kind, workspaceId: jobs.workspaceId })
    .from(jobs)
    .where(and(inArray(jobs.status, ["queued", "retrying"]), sql`${jobs.runAt} <= now()`, only ? inArray(jobs.id, only) : undefined))
    .orderBy(jobs.runAt, jobs.createdAt)
    .limit(limit);
}

export async function finishJob(
  db: Db,
  id: string,
  runnerId: string,
  status: Extract<JobState, "succeeded" | "failed" | "cancelled">,
  set: { result?: Record<string, unknown> | null; error?: string | null },
) {
  await db
    .update(jobs)
    .set({ status, result: set.result ?? null, error: set.error ?? null, finishedAt: new Date(), heartbeatAt: null })
    .where(and(eq(jobs.id, id), eq(jobs.runnerId, runnerId), sql`${jobs.status} <> 'cancelled'`));
}

export async function retryLater(db: Db, id: string, runnerId: string, error: string, runAt: Date) {
  const rows = await db
    .update(jobs)
    .set({ status: "retrying", error, runAt, heartbeatAt: null })
    .where(and(eq(jobs.id, id), eq(jobs.runnerId, runnerId), eq(jobs.status, "running")))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Keeps a running job's claim alive; returns false when it was cancelled or taken over. */
export async function beat(db: Db, id: string, runnerId: string): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ heartbeatAt: new Date() })
    .where(and(eq(jobs.id, id), eq(jobs.runnerId, runnerId), eq(jobs.status, "running")))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export async function saveProgress(db: Db, id: string, progress: Record<string, unknown>) {
  await db.update(jobs).set({ progress }).where(eq(jobs.id, id));
}

/** Cancels a job that hasn't finished; returns whether it was live. */
export async function cancelJob(db: Db, id: string) {
  const rows = await db
    .update(jobs)
    .set({ status: "cancelled", finishedAt: new Date(), error: "Cancelled." })
    .where(and(eq(jobs.id, id), inArray(jobs.status, [...liveStates])))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Running jobs whose runner stopped beating (a killed server), or, on start, every running job of other runners. */
export async function interruptedJobs(db: Db, opts: { staleMs: number } | { notRunner: string }) {
  return db
    .select({ ...columns, payload: jobs.payload, runnerId: jobs.runnerId })
    .from(jobs)
    .where(
      and(
        eq(jobs.status, "running"),
        "staleMs" in opts
          ? sql`coalesce(${jobs.heartbeatAt}, ${jobs.startedAt}) < now() - make_interval(secs => ${opts.staleMs / 1000})`
          : sql`${jobs.runnerId} is distinct from ${opts.notRunner}`,
      ),
    );
}

/** Moves an interrupted job on: to another attempt, or to failed. Guarded on the runner seen, so two sweeps agree. */
export async function settleInterrupted(
  db: Db,
  id: string,
  seenRunner: string | null,
  next: { status: "retrying"; runAt: Date; error: string } | { status: "failed"; error: string },
) {
  const rows = await db
    .update(jobs)
    .set(
      next.status === "retrying"
        ? { status: "retrying", runAt: next.runAt, error: next.error, heartbeatAt: null }
        : { status: "failed", error: next.error, finishedAt: new Date(), heartbeatAt: null },
    )
    .where(and(eq(jobs.id, id), eq(jobs.status, "running"), seenRunner ? eq(jobs.runnerId, seenRunner) : sql`${jobs.runnerId} is null`))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Lets a running job's key go, so an enqueue with the same key makes a new job instead of returning this one. */
export async function releaseKey(db: Db, id: string) {
  await db.update(jobs).set({ key: null }).where(eq(jobs.id, id));
}
