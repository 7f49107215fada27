import type { Db } from "@facet/db";
import { notFound } from "../errors";
import type { JobContext, Jobs, JobState } from "../jobs/types";
import {
  checkDemoSize,
  createDemoWorkspace,
  demoWorkspaceName,
  discardDemoWorkspace,
  newDemoWorkspaceRef,
  type DemoProgress,
} from "./index";

export const demoJobKind = "demo.create";

/** What the job is given: who asked, what to make, and under which id and URL name. */
export interface DemoJobPayload {
  userId: string;
  email: string;
  customers: number;
  seed: number;
  workspaceId: string;
  slug: string;
}

/**
 * Starts making a demo workspace in the background and returns its job at once. The job's key is the
 * user, so a user has one demo in the making at a time (asking again returns that one), and only that
 * user can read it (`demoStatus`).
 */
export async function startDemoWorkspace(jobs: Jobs, user: { id: string; email: string }, input: { customers: number; seed: number }) {
  checkDemoSize(input.customers);
  const ref = newDemoWorkspaceRef();
  const payload: DemoJobPayload = {
    userId: user.id,
    email: user.email,
    customers: input.customers,
    seed: input.seed,
    workspaceId: ref.id,
    slug: ref.slug,
  };
  // No workspaceId on the job: the workspace is deleted if the job fails, and the job must stay to say so.
  const job = await jobs.enqueue(demoJobKind, payload, { key: user.id });
  return { jobId: job.id };
}

export async function runDemoJob(ctx: JobContext<DemoJobPayload>) {
  const p = ctx.payload;
  const ws = await createDemoWorkspace(
    ctx.db,
    { id: p.userId, email: p.email },
    {
      customers: p.customers,
      seed: p.seed,
      workspace: { id: p.workspaceId, slug: p.slug },
      signal: ctx.signal,
      onProgress: (progress) => ctx.progress({ ...progress }),
    },
  );
  return { workspaceId: ws.id, slug: ws.slug };
}

/** A job that failed for good (or whose server stopped): whatever it wrote goes. */
export async function discardDemoJob(db: Db, payload: DemoJobPayload) {
  await discardDemoWorkspace(db, payload.workspaceId);
}

export interface DemoStatus {
  jobId: string;
  status: JobState;
  progress: DemoProgress | null;
  /** Why it failed; nothing of it was kept. */
  error: string | null;
  /** Once it succeeded. */
  workspace: { id: string; slug: string; name: string } | null;
}

/**
 * The user's demo job: the one given, or their latest (null if none). Another user's job, or a job of
 * another kind, is NOT_FOUND.
 */
export async function demoStatus(jobs: Jobs, userId: string, jobId?: string): Promise<DemoStatus | null> {
  const job = jobId ? await jobs.status(jobId) : await jobs.latest(demoJobKind, userId);
  if (!job) {
    if (jobId) throw notFound("job");
    return null;
  }
  if (job.kind !== demoJobKind || job.key !== userId) throw notFound("job");
  const result = job.result as { workspaceId?: string; slug?: string } | null;
  const progress = job.progress as DemoProgress | null;
  return {
    jobId: job.id,
    status: job.status,
    progress,
    error: job.status === "failed" || job.status === "cancelled" ? job.error : null,
    workspace:
      job.status === "succeeded" && result?.workspaceId && result.slug
        ? { id: result.workspaceId, slug: result.slug, name: demoWorkspaceName }
        : null,
  };
}
