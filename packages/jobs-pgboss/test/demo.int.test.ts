import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, customers, memberships, type Database } from "@facet/db";
import { account, demo, jobs } from "@facet/domain";
import { PgBossJobs } from "../src";

// Demo workspace creation as the app runs it on a PostgreSQL server: the real job catalog on pg-boss.
// Included only in the PostgreSQL pass (TEST_DATABASE_URL), like pgboss.int.test.ts.
const url = process.env.TEST_DATABASE_URL ?? "";
const uniq = () => randomBytes(4).toString("hex");

describe("demo workspaces on pg-boss", () => {
  let database: Database;
  let runner: PgBossJobs;
  const schema = `pgboss_demo_${uniq()}`;
  const progress: Record<string, unknown>[] = [];
  beforeAll(async () => {
    database = createDatabase({ url });
    runner = new PgBossJobs({
      db: database.db,
      definitions: jobs.jobDefinitions(),
      deps: { uploadDir: "/nonexistent" },
      connectionString: url,
      schema,
      pollMs: 500,
      onProgress: (_, p) => progress.push(p),
    });
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await database.db.execute(sql.raw(`drop schema if exists ${schema} cascade`));
    await database.close();
  });

  it("makes the workspace in the background, reports progress, and shows it to its user only", { timeout: 120_000 }, async () => {
    const email = `demo.boss.${uniq()}@example.com`;
    const user = await account.signUp(database.db, { name: "Boss Demo", email, password: "correct horse battery" }, `t-${uniq()}`);
    const { jobId } = await demo.startDemoWorkspace(runner, user, { customers: 1_200, seed: 5 });
    await expect
      .poll(async () => (await demo.demoStatus(runner, user.id, jobId))!.status, { timeout: 100_000, interval: 200 })
      .toBe("succeeded");
    const status = (await demo.demoStatus(runner, user.id, jobId))!;
    expect(status.progress).toEqual({ phase: "personas", done: 1_200, total: 1_200 });
    expect(progress).toContainEqual({ phase: "customers", done: 1_000, total: 1_200 });
    const ws = status.workspace!;
    const [member] = await database.db.select({ role: memberships.role }).from(memberships).where(eq(memberships.workspaceId, ws.id));
    expect(member?.role).toBe("owner");
    expect(await database.db.$count(customers, eq(customers.workspaceId, ws.id))).toBe(1_200);
    await expect(demo.demoStatus(runner, "usr_someoneelse", jobId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
