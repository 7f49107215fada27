import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, customers, importJobs, type Database } from "@facet/db";
import { migrateDatabase } from "@facet/db/migrator";
import { callerFor, testJobs, newUser, newWorkspace } from "./fixtures";
import { runQueued, testUploadDir, upload } from "./imports";

const rows = 60_000;
const csv = ["email,plan", ...Array.from({ length: rows }, (_, i) => `user${i}@example.com,${i % 2 ? "pro" : "free"}`)].join("\n");
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Where the child process finds the database: the test server, or an on-disk PGlite (one process at a time). */
async function openShared(): Promise<{ target: string; open: () => Database }> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return { target: url, open: () => createDatabase({ url }) };
  const dir = await mkdtemp(join(tmpdir(), "facet-killed-"));
  dirs.push(dir);
  return { target: dir, open: () => createDatabase({ pgliteDir: dir }) };
}

/** Starts the import in a child process and kills it (SIGKILL, no clean-up) once rows are being written. */
function runAndKill(target: string, jobId: string, uploadDir: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./import-child.ts", import.meta.url)), jobId, uploadDir],
    {
      env: { ...process.env, FACET_DB: target },
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("importing")) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => resolve(out.includes("finished") ? "finished" : (signal ?? "exited")));
  });
}

describe("an import whose process is killed", () => {
  it("leaves nothing behind, shows as failed once its heartbeat is stale, and runs again to the end", { timeout: 120_000 }, async () => {
    const shared = await openShared();
    let database = shared.open();
    if (database.kind === "pglite") await migrateDatabase(database);
    const owner = await newUser(database.db, "Killed");
    const ws = await newWorkspace(database.db, owner, "Killed");
    const jobs = testJobs(database.db);
    const api = callerFor(database.db, owner, { jobs });
    const job = await upload(database.db, owner, ws.id, { name: "big.csv", text: csv });
    const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
    await api.importJob.dryRun({
      workspaceId: ws.id,
      jobId: job.id,
      settings: {
        kind: "customers",
        delimiter: ",",
        encoding: "utf-8",
        hasHeader: true,
        columns: view.proposal!,
        matchKey: "email",
        mode: "upsert",
      },
    });
    await runQueued(jobs);
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    const running = (await jobs.latest("import.run", job.id))!;
    if (database.kind === "pglite") await database.close();

    expect(await runAndKill(shared.target, running.id, await testUploadDir())).toBe("SIGKILL");

    if (database.kind === "pglite") database = shared.open();
    const count = async () =>
      (
        await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(customers)
          .where(eq(customers.workspaceId, ws.id))
      )[0]!.n;
    expect(await count()).toBe(0);
    const [stuck] = await database.db
      .select({ status: importJobs.status })
      .from(importJobs)
      .where(and(eq(importJobs.workspaceId, ws.id), eq(importJobs.id, job.id)));
    expect(stuck!.status).toBe("running");

    // The runner of another process sweeps jobs whose heartbeat stopped (here after 1 s of silence).
    const survivor = testJobs(database.db, { staleMs: 1000 });
    for (let i = 0; (await survivor.status(running.id))!.status === "running"; i++) {
      if (i > 300) throw new Error("the killed job was never swept");
      await survivor.recoverInterrupted();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await survivor.status(running.id)).toMatchObject({
      status: "failed",
      error: "The server stopped while this was running. Nothing was imported; run it again.",
    });
    const api2 = callerFor(database.db, owner, { jobs: survivor });
    expect(await api2.importJob.byId({ workspaceId: ws.id, jobId: job.id })).toMatchObject({
      status: "failed",
      error: expect.stringContaining("Nothing was imported"),
    });
    expect(await count()).toBe(0);

    await api2.importJob.run({ workspaceId: ws.id, jobId: job.id });
    expect((await runQueued(survivor))[0]).toMatchObject({ status: "succeeded", counts: { rows, created: rows } });
    expect(await count()).toBe(rows);
    await database.close();
  });
});
