import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@facet/db";
import { createTestDatabase, testDatabaseKind } from "@facet/db/testing";
import { invalid } from "../src/errors";
import { InProcessJobs, JobFailure, type JobDefinition, type JobPolicy, type JobSchedule } from "../src/jobs";

// The in-process job system on a real database (PGlite, or the server of TEST_DATABASE_URL), with kinds
// defined here: retries with backoff, the watchdog, cancellation, de-duplication, schedules, progress and
// recovery after a stopped process.
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const uniq = () => Math.random().toString(36).slice(2, 10);
const policy = (p: Partial<JobPolicy> = {}): JobPolicy => ({ attempts: 3, backoffMs: 100, timeoutMs: 5_000, perWorkspace: 1, ...p });

function runner(
  definitions: JobDefinition<never>[],
  options: { schedules?: JobSchedule[]; singleProcess?: boolean; staleMs?: number } = {},
) {
  return new InProcessJobs({
    db: database.db,
    definitions,
    schedules: options.schedules,
    deps: { uploadDir: "/nonexistent" },
    claims: "own",
    singleProcess: options.singleProcess ?? false,
    staleMs: options.staleMs,
  });
}

const define = <P>(def: JobDefinition<P>) => def as unknown as JobDefinition<never>;

async function drainUntil(jobs: InProcessJobs, id: string, status: string, timeout = 10_000) {
  const until = Date.now() + timeout;
  for (;;) {
    await jobs.drain();
    const s = (await jobs.status(id))!;
    if (s.status === status) return s;
    if (Date.now() > until) throw new Error(`job ${id} is ${s.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the in-process job system", () => {
  it("retries a failing job with doubling backoff until it succeeds, keeping the last error visible meanwhile", async () => {
    const kind = `test.flaky.${uniq()}`;
    const starts: number[] = [];
    const jobs = runner([
      define<{ failTimes: number }>({
        kind,
        policy: policy({ attempts: 4, backoffMs: 150 }),
        async run(ctx) {
          starts.push(Date.now());
          if (ctx.attempt <= ctx.payload.failTimes) throw new JobFailure(`receiver down (attempt ${ctx.attempt})`);
          return { ok: ctx.attempt };
        },
      }),
    ]);
    const { id } = await jobs.enqueue(kind, { failTimes: 2 });
    await jobs.drain();
    expect(await jobs.status(id)).toMatchObject({ status: "retrying", attempts: 1, error: "receiver down (attempt 1)" });
    // The backoff holds it back: nothing is due yet.
    expect(await jobs.drain()).toEqual([]);
    expect(await drainUntil(jobs, id, "succeeded")).toMatchObject({ attempts: 3, result: { ok: 3 }, error: null });
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(150);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(300);
  });

  it("fails for good after the last attempt, and never retries a refusal", async () => {
    const always = `test.always.${uniq()}`;
    const refused = `test.refused.${uniq()}`;
    const failedFor: string[] = [];
    const jobs = runner([
      define({
        kind: always,
        policy: policy({ attempts: 2, backoffMs: 10 }),
        run: () => Promise.reject(new Error("boom with secrets in it")),
        onFailed: async (_ctx, error) => void failedFor.push(error),
      }),
      define({ kind: refused, policy: policy({ attempts: 5 }), run: () => Promise.reject(invalid("That file is not a CSV file.")) }),
    ]);
    const a = await jobs.enqueue(always, {});
    const b = await jobs.enqueue(refused, {});
    expect(await drainUntil(jobs, a.id, "failed")).toMatchObject({ attempts: 2, error: "It stopped on an unexpected error." });
    expect(await jobs.status(b.id)).toMatchObject({ status: "failed", attempts: 1, error: "That file is not a CSV file." });
    expect(failedFor).toEqual(["It stopped on an unexpected error."]);
  });

  it("stops an attempt that runs past its time limit (the watchdog) and aborts its signal", async () => {
    const kind = `test.hang.${uniq()}`;
    let aborted = false;
    const jobs = runner([
      define({
        kind,
        policy: policy({ attempts: 1, timeoutMs: 200 }),
        run: (ctx) =>
          new Promise((_, reject) => {
            ctx.signal.addEventListener("abort", () => {
              aborted = true;
              reject(ctx.signal.reason as Error);
            });
          }),
      }),
    ]);
    const { id } = await jobs.enqueue(kind, {});
    await jobs.drain();
    expect(aborted).toBe(true);
    expect(await jobs.status(id)).toMatchObject({ status: "failed", error: "It ran longer than 0 seconds and was stopped." });
  });

  it("cancels a queued job, and a running one through its signal", async () => {
    const kind = `test.cancel.${uniq()}`;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const jobs = runner([
      define({
        kind,
        policy: policy({ attempts: 3 }),
        run: (ctx) =>
          new Promise((_, reject) => {
            started();
            ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason as Error));
          }),
      }),
    ]);
    const queued = await jobs.enqueue(kind, {}, { key: "a" });
    expect(await jobs.cancel(queued.id)).toBe(true);
    expect(await jobs.drain()).toEqual([]);
    expect(await jobs.status(queued.id)).toMatchObject({ status: "cancelled" });

    const live = await jobs.enqueue(kind, {}, { key: "b" });
    const draining = jobs.drain();
    await running;
    expect(await jobs.cancel(live.id)).toBe(true);
    await draining;
    expect(await jobs.status(live.id)).toMatchObject({ status: "cancelled", attempts: 1 });
  });

  it("de-duplicates by key while a job is live, and takes the key again once it has finished", async () => {
    const kind = `test.dedup.${uniq()}`;
    let runs = 0;
    const jobs = runner([define({ kind, policy: policy(), run: async () => void (runs += 1) })]);
    const first = await jobs.enqueue(kind, {}, { key: "segment-1" });
    const second = await jobs.enqueue(kind, {}, { key: "segment-1" });
    const other = await jobs.enqueue(kind, {}, { key: "segment-2" });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(other.created).toBe(true);
    await jobs.drain();
    expect(runs).toBe(2);
    const again = await jobs.enqueue(kind, {}, { key: "segment-1" });
    expect(again.created).toBe(true);
    expect(again.id).not.toBe(first.id);
  });

  it("runs one job per workspace at a time for a kind, without holding other workspaces back", async () => {
    const kind = `test.perws.${uniq()}`;
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const jobs = runner([
      define<{ name: string }>({
        kind,
        policy: policy({ perWorkspace: 1 }),
        async run(ctx) {
          order.push(`start ${ctx.payload.name}`);
          if (ctx.payload.name === "A1") await gate;
          order.push(`end ${ctx.payload.name}`);
        },
      }),
    ]);
    const [wsA, wsB] = await workspaces(2);
    await jobs.enqueue(kind, { name: "A1" }, { workspaceId: wsA });
    await jobs.enqueue(kind, { name: "A2" }, { workspaceId: wsA });
    await jobs.enqueue(kind, { name: "B1" }, { workspaceId: wsB });
    const draining = jobs.drain();
    await expect.poll(() => order.includes("end B1")).toBe(true);
    expect(order).not.toContain("start A2");
    release();
    await draining;
    expect(order.indexOf("start A2")).toBeGreaterThan(order.indexOf("end A1"));
  });

  it("fires schedules on their cron times, at most one live run at a time", async () => {
    const kind = `test.cron.${uniq()}`;
    let runs = 0;
    const jobs = runner([define({ kind, policy: policy(), run: async () => void (runs += 1) })], {
      schedules: [{ kind, cron: "* * * * *" }],
    });
    await jobs.start();
    await jobs.stop();
    const inTwoMinutes = new Date(Date.now() + 120_000);
    await jobs.tick(inTwoMinutes);
    await jobs.tick(inTwoMinutes);
    await jobs.drain();
    expect(runs).toBe(1);
  });

  it("keeps the latest progress visible while a job runs", async () => {
    const kind = `test.progress.${uniq()}`;
    let seen: unknown = null;
    const jobs: InProcessJobs = runner([
      define({
        kind,
        policy: policy(),
        async run(ctx) {
          ctx.progress({ done: 5, total: 10 });
          seen = (await jobs.status(ctx.jobId))!.progress;
        },
      }),
    ]);
    const { id } = await jobs.enqueue(kind, {});
    await jobs.drain();
    expect(seen).toEqual({ done: 5, total: 10 });
    expect((await jobs.status(id))!.progress).toEqual({ done: 5, total: 10 });
  });

  it("after a restart, retries what was running when the process stopped, or fails it with its own words", async () => {
    const retried = `test.restart.${uniq()}`;
    const once = `test.once.${uniq()}`;
    const defs = [
      define({ kind: retried, policy: policy({ attempts: 3, backoffMs: 10 }), run: async () => ({ finished: true }) }),
      define({ kind: once, policy: policy({ attempts: 1, interrupted: "Nothing was imported; run it again." }), run: async () => {} }),
    ];
    const before = runner(defs);
    const a = await before.enqueue(retried, {});
    const b = await before.enqueue(once, {});
    // As if a process had claimed both and was then killed: rows say "running", owned by a runner that is gone.
    await database.db.execute(
      sql`update jobs set status = 'running', attempts = 1, runner_id = 'killed', heartbeat_at = now() where id in (${a.id}, ${b.id})`,
    );
    const after = runner(defs, { staleMs: 60_000 });
    // Within the stale time another process's job counts as alive...
    expect(await after.recoverInterrupted()).toBe(0);
    const restarted = runner(defs, { singleProcess: testDatabaseKind() === "pglite", staleMs: 60_000 });
    restarted.adopt(a.id);
    restarted.adopt(b.id);
    if (testDatabaseKind() === "pglite") {
      // A restarted single process (PGlite: one per data folder) knows nothing else can be running them.
      await restarted.start();
      await restarted.stop();
    } else {
      // On a server, the silence of the killed process's heartbeat tells.
      await database.db.execute(sql`update jobs set heartbeat_at = now() - interval '1 hour' where id in (${a.id}, ${b.id})`);
      expect(await restarted.recoverInterrupted()).toBe(2);
    }
    expect(await restarted.status(b.id)).toMatchObject({ status: "failed", error: "Nothing was imported; run it again." });
    expect(await restarted.status(a.id)).toMatchObject({ status: "retrying", attempts: 1 });
    expect(await drainUntil(restarted, a.id, "succeeded")).toMatchObject({ attempts: 2, result: { finished: true } });
  });
});

async function workspaces(n: number) {
  const ids = Array.from({ length: n }, () => `ws_jobs${uniq()}${uniq()}`.slice(0, 30));
  for (const id of ids) await database.db.execute(sql`insert into workspaces (id, name, slug) values (${id}, 'Jobs', ${id})`);
  return ids;
}
