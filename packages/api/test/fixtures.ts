import { randomBytes } from "node:crypto";
import type { Db } from "@facet/db";
import { type Database } from "@facet/db";
import { createTestDatabase } from "@facet/db/testing";
import { account, jobs as jobSystem, workspace, type Mailer, type SessionUser } from "@facet/domain";
import { createCaller, type ApiContext } from "../src";
import { testUploadDirSync } from "./imports";

export const uniq = () => randomBytes(5).toString("hex");

/** A real database for one test file, closed afterwards. */
export async function openDatabase(): Promise<Database> {
  return createTestDatabase();
}

export async function newUser(db: Db, name = "Test User"): Promise<SessionUser> {
  return account.signUp(
    db,
    {
      name,
      email: `${name.toLowerCase().replace(/\W+/g, ".")}.${uniq()}@example.com`,
      password: "correct horse battery",
    },
    `test-${uniq()}`,
  );
}

export const password = "correct horse battery";

export async function newWorkspace(db: Db, owner: SessionUser, name = "Acme") {
  return workspace.createWorkspace(db, owner, { name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${uniq()}` });
}

export type TestJobs = jobSystem.InProcessJobs;

/**
 * The real in-process job system over the test database, not started: a test runs what is queued with
 * `jobs.drain()` when it chooses (work run here and now, like a segment refresh on save, runs at once).
 * Policies may be tightened (a short backoff) for a test.
 */
export function testJobs(
  db: Db,
  options: {
    policies?: Parameters<typeof jobSystem.jobDefinitions>[0];
    resolve?: jobSystem.JobDeps["resolve"];
    deliveryBatchSize?: number;
    changeLogRetentionDays?: number;
    staleMs?: number;
    onProgress?: (jobId: string, progress: Record<string, unknown>) => void;
    /** How often at most a segment's checks are measured on the live path (0: after every batch). */
    checkIntervalMs?: number;
    mailer?: Mailer | null;
    log?: jobSystem.JobDeps["log"];
    /** The clock the jobs' rules read (tests of time passing move it on). */
    now?: () => Date;
  } = {},
) {
  return new jobSystem.InProcessJobs({
    db,
    definitions: jobSystem.jobDefinitions(options.policies),
    deps: {
      uploadDir: testUploadDirSync(),
      resolve: options.resolve,
      deliveryBatchSize: options.deliveryBatchSize,
      checkIntervalMs: options.checkIntervalMs,
      mailer: options.mailer,
      appUrl: "http://facet.test",
      log: options.log,
      now: options.now,
      changeLogRetentionDays: options.changeLogRetentionDays,
    },
    claims: "own",
    singleProcess: false,
    staleMs: options.staleMs,
    onProgress: options.onProgress,
  });
}

/** The context a request of this user would get (no user: signed out). */
export function contextFor(
  db: Db,
  user: SessionUser | null,
  options: { mailer?: Mailer | null; jobs?: jobSystem.Jobs; requestId?: string; clientIp?: string } = {},
): ApiContext {
  return {
    db,
    session: user ? { userId: user.id, sessionVersion: user.sessionVersion } : null,
    requestId: options.requestId ?? "req_test",
    // Each context is its own client, so sign-up pacing per address doesn't leak between tests.
    clientIp: options.clientIp ?? `test-${uniq()}`,
    appUrl: "http://facet.test",
    mailer: options.mailer ?? null,
    jobs: options.jobs ?? testJobs(db),
  };
}

export function callerFor(
  db: Db,
  user: SessionUser | null,
  options: { mailer?: Mailer | null; jobs?: jobSystem.Jobs; clientIp?: string } = {},
) {
  return createCaller(contextFor(db, user, options));
}

/** Expects a promise to fail with a tRPC error of this code. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const { expect } = await import("vitest");
  await expect(promise).rejects.toMatchObject({ code });
}

/** Two workspaces with their owners, plus an admin, editor and viewer in A. */
export async function twoWorkspaces(db: Db) {
  const ownerA = await newUser(db, "Owner A");
  const ownerB = await newUser(db, "Owner B");
  const wsA = await newWorkspace(db, ownerA, "Alpha");
  const wsB = await newWorkspace(db, ownerB, "Beta");
  const members: Record<"admin" | "editor" | "viewer", SessionUser> = {
    admin: await newUser(db, "Admin A"),
    editor: await newUser(db, "Editor A"),
    viewer: await newUser(db, "Viewer A"),
  };
  const a = callerFor(db, ownerA);
  for (const [role, user] of Object.entries(members) as [keyof typeof members, SessionUser][]) {
    const { link } = await a.invitation.create({ workspaceId: wsA.id, email: user.email, role });
    await callerFor(db, user).invitation.accept({ token: link.split("/invite/")[1]! });
  }
  return { ownerA, ownerB, wsA, wsB, ...members };
}

/** A demo workspace made the way the app makes it: the mutation starts its job, the job runs, the status names the workspace. */
export async function createDemo(db: Db, user: SessionUser, customers: number) {
  const jobs = testJobs(db);
  const api = callerFor(db, user, { jobs });
  const { jobId } = await api.workspace.createDemo({ customers });
  await jobs.drain();
  const status = await api.workspace.demoStatus({ jobId });
  if (!status?.workspace) throw new Error(`The demo job ended ${status?.status}: ${status?.error}`);
  return status.workspace;
}
