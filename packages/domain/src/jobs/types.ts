import type { Db } from "@facet/db";
import type { LiveDrainer } from "../live/drainer";
import type { Mailer } from "../mailer";
import type { Resolve } from "../outbound";

export type JobState = "queued" | "running" | "retrying" | "succeeded" | "failed" | "cancelled";
export const liveStates: readonly JobState[] = ["queued", "running", "retrying"];

/** How a kind of job is run: attempts, backoff between them, one attempt's time limit. */
export interface JobPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The wait before the second attempt; it doubles for each further one. */
  backoffMs: number;
  /** One attempt's limit: past it the attempt is aborted (the watchdog) and counts as failed. */
  timeoutMs: number;
  /** Jobs of this kind running at once for one workspace; other workspaces' jobs never wait on them. */
  perWorkspace: number;
  /** What a job says when its server stopped while it ran and it is not run again. */
  interrupted?: string;
}

export interface JobContext<P> {
  db: Db;
  payload: P;
  jobId: string;
  workspaceId: string | null;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the attempt times out or the job is cancelled: pass it to streams and requests. */
  signal: AbortSignal;
  /** Reports progress; the latest value is the job's visible progress. */
  progress(value: Record<string, unknown>): void;
  /** The same jobs, to enqueue follow-up work. */
  jobs: Jobs;
  deps: JobDeps;
}

/** What handlers need from the process that runs them (given by the app at boot). */
export interface JobDeps {
  uploadDir: string;
  /** Name resolution for webhook deliveries' connect-time address check (tests map names to loopback). */
  resolve?: Resolve;
  /** Members per webhook batch (tests use small batches to see several). */
  deliveryBatchSize?: number;
  /** Days the segment change log keeps an entry (default 90). */
  changeLogRetentionDays?: number;
  log?: (level: "info" | "error", message: string, data: Record<string, unknown>) => void;
  /** How often at most a segment's checks are measured on the live path (default 5 s; tests use 0). */
  checkIntervalMs?: number;
  /** Notifications are emailed too when SMTP is configured (SMTP_URL). */
  mailer?: Mailer | null;
  /** Base URL for links in those emails (APP_URL). */
  appUrl?: string | null;
  /** The clock rules read ("in the last 30 days"): tests move it on; the app leaves it unset (the real time). */
  now?: () => Date;
}

export interface JobDefinition<P = Record<string, unknown>> {
  kind: string;
  policy: JobPolicy;
  run(ctx: JobContext<P>): Promise<Record<string, unknown> | void>;
  /** Runs once when the job has failed for good (its last attempt, or a refusal), e.g. to mark its own rows. */
  onFailed?(ctx: { db: Db; payload: P; jobId: string; workspaceId: string | null }, error: string): Promise<void>;
}

/** A recurring job: enqueued on a cron schedule (UTC), at most one live at a time. */
export interface JobSchedule {
  kind: string;
  cron: string;
}

export interface EnqueueOptions {
  /** De-duplication: while a job of this kind and key is queued, running or retrying, enqueue returns it. */
  key?: string;
  workspaceId?: string | null;
  runAt?: Date;
}

export interface JobStatus {
  id: string;
  kind: string;
  key: string | null;
  workspaceId: string | null;
  status: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  progress: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** The one way to run work that outlives a request. */
export interface Jobs {
  /** Queues a job; with a key, returns the live job of that kind and key if there is one. */
  enqueue<P extends object>(kind: string, payload: P, options?: EnqueueOptions): Promise<{ id: string; created: boolean }>;
  /** Runs a job here and now (the caller waits for it), recorded like any other; a failed attempt is retried in the background. */
  runNow<P extends object>(kind: string, payload: P, options?: EnqueueOptions): Promise<JobStatus>;
  cancel(jobId: string): Promise<boolean>;
  status(jobId: string): Promise<JobStatus | null>;
  /** The newest job of a kind and key (e.g. a segment's latest refresh). */
  latest(kind: string, key: string): Promise<JobStatus | null>;
  /** Waits until the job is no longer queued or running (succeeded, failed, cancelled, or waiting to retry). */
  settled(jobId: string, timeoutMs?: number): Promise<JobStatus>;
  /** Moves jobs whose server stopped mid-run on (another attempt, or failed); the runners call it on their own too. */
  recoverInterrupted(): Promise<number>;
  /** The live audiences' evaluator of this process, started and stopped with the job system. */
  readonly live: LiveDrainer;
  start(): Promise<void>;
  stop(): Promise<void>;
}
