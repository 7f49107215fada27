import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@facet/db";
import { jobs, type jobs as J } from "@facet/domain";
import { PgBossJobs } from "../src";

// The job system on pg-boss, as several app processes use it: two runners on one PostgreSQL database.
// pg-boss needs a PostgreSQL server, so vitest.config.ts includes this file only in the PostgreSQL pass (TEST_DATABASE_URL).
const url = process.env.TEST_DATABASE_URL ?? "";
const uniq = () => randomBytes(4).toString("hex");
const define = <P>(def: J.JobDefinition<P>) => def as unknown as J.JobDefinition<never>;
const policy = (p: Partial<J.JobPolicy> = {}): J.JobPolicy => ({ attempts: 3, backoffMs: 200, timeoutMs: 10_000, perWorkspace: 1, ...p });

describe("the job system on pg-boss", () => {
  let database: Database;
  const schema = `pgboss_test_${uniq()}`;
  const runners: PgBossJobs[] = [];
  beforeAll(() => {
    database = createDatabase({ url });
  });
  afterAll(async () => {
    for (const r of runners) await r.stop();
    await database.db.execute(sql.raw(`drop schema if exists ${schema} cascade`));
    await database.close();
  });

  async function twoRunners(definitions: J.JobDefinition<never>[], staleMs = 45_000) {
    const made = [0, 1].map(
      () =>
        new PgBossJobs({
          db: database.db,
          definitions,
          deps: { uploadDir: "/nonexistent" },
          connectionString: url,
          schema,
          pollMs: 500,
          staleMs,
        }),
    );
    for (const r of made) await r.start();
    runners.push(...made);
    return made as [PgBossJobs, PgBossJobs];
  }

  async function settled(r: PgBossJobs, id: string, status: J.JobState, timeout = 20_000) {
    await expect.poll(async () => (await r.status(id))!.status, { timeout, interval: 100 }).toBe(status);
    return (await r.status(id))!;
  }

  async function workspace() {
    const id = `ws_pgboss${uniq()}${uniq()}`;
    await database.db.execute(sql`insert into workspaces (id, name, slug) values (${id}, 'Boss', ${id})`);
    return id;
  }

  it("runs each job exactly once across two processes", async () => {
    const kind = `test.once.${uniq()}`;
    const runs = new Map<string, string[]>();
    const [a, b] = await twoRunners([
      define<{ n: number }>({
        kind,
        policy: policy(),
        async run(ctx) {
          runs.set(ctx.jobId, [...(runs.get(ctx.jobId) ?? []), ctx.jobs === a ? "a" : "b"]);
          await new Promise((r) => setTimeout(r, 20));
        },
      }),
    ]);
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) ids.push((await (n % 2 ? a : b).enqueue(kind, { n })).id);
    for (const id of ids) await settled(a, id, "succeeded");
    expect(ids.map((id) => runs.get(id)?.length)).toEqual(ids.map(() => 1));
  });

  it("retries a failed attempt with backoff in whichever process is free, and de-duplicates by key", async () => {
    const kind = `test.retry.${uniq()}`;
    const [a] = await twoRunners([
      define({
        kind,
        policy: policy({ attempts: 3, backoffMs: 300 }),
        async run(ctx) {
          if (ctx.attempt < 3) throw new jobs.JobFailure(`down ${ctx.attempt}`);
          return { attempt: ctx.attempt };
        },
      }),
    ]);
    const first = await a.enqueue(kind, {}, { key: "k" });
    expect(await a.enqueue(kind, {}, { key: "k" })).toEqual({ id: first.id, created: false });
    const done = await settled(a, first.id, "succeeded");
    expect(done).toMatchObject({ attempts: 3, result: { attempt: 3 } });
    expect(done.finishedAt!.getTime() - done.createdAt.getTime()).toBeGreaterThanOrEqual(300 + 600);
  });

  it("lets one workspace's stuck job hold only that workspace's jobs of the kind, in every process", async () => {
    const kind = `test.group.${uniq()}`;
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const [a] = await twoRunners([
      define<{ name: string }>({
        kind,
        policy: policy({ perWorkspace: 1 }),
        async run(ctx) {
          started.push(ctx.payload.name);
          if (ctx.payload.name === "A1") await gate;
        },
      }),
    ]);
    const [wsA, wsB] = [await workspace(), await workspace()];
    const a1 = await a.enqueue(kind, { name: "A1" }, { workspaceId: wsA });
    await expect.poll(() => started.includes("A1"), { timeout: 10_000 }).toBe(true);
    const a2 = await a.enqueue(kind, { name: "A2" }, { workspaceId: wsA });
    const b1 = await a.enqueue(kind, { name: "B1" }, { workspaceId: wsB });
    await settled(a, b1.id, "succeeded");
    expect(started).not.toContain("A2");
    release();
    await settled(a, a1.id, "succeeded");
    await settled(a, a2.id, "succeeded");
  });

  it("stops an attempt at its time limit, and cancels a running job from another process", async () => {
    const slow = `test.slow.${uniq()}`;
    const [a, b] = await twoRunners([
      define({
        kind: slow,
        policy: policy({ attempts: 1, timeoutMs: 60_000 }),
        run: (ctx) => new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason as Error))),
      }),
    ]);
    const job = await a.enqueue(slow, {});
    await settled(a, job.id, "running");
    expect(await b.cancel(job.id)).toBe(true);
    await settled(a, job.id, "cancelled");

    const hang = `test.hang.${uniq()}`;
    const [c] = await twoRunners([
      define({ kind: hang, policy: policy({ attempts: 1, timeoutMs: 300 }), run: () => new Promise(() => {}) }),
    ]);
    const stuck = await c.enqueue(hang, {});
    expect(await settled(c, stuck.id, "failed")).toMatchObject({ error: "It ran longer than 0 seconds and was stopped." });
  });

  it("hands a job whose process went silent to another process", async () => {
    const kind = `test.orphan.${uniq()}`;
    const [a, b] = await twoRunners(
      [define({ kind, policy: policy({ attempts: 2, backoffMs: 10 }), run: async () => ({ by: "survivor" }) })],
      1000,
    );
    const job = await a.enqueue(kind, {}, { runAt: new Date(Date.now() + 60_000) });
    // As if a process had claimed it and was killed: running, its heartbeat long silent.
    await database.db.execute(
      sql`update jobs set status = 'running', attempts = 1, runner_id = 'killed', heartbeat_at = now() - interval '1 minute' where id = ${job.id}`,
    );
    expect(await b.recoverInterrupted()).toBeGreaterThanOrEqual(1);
    expect(await settled(b, job.id, "succeeded")).toMatchObject({ attempts: 2, result: { by: "survivor" } });
  });
});
