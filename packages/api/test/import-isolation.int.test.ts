import { execFileSync } from "node:child_process";
import { open, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, importJobs, type Database } from "@facet/db";
import { jobs as jobSystem, type SessionUser } from "@facet/domain";
import { PgBossJobs } from "@facet/jobs-pgboss";
import { callerFor, newUser, newWorkspace, openDatabase, uniq } from "./fixtures";
import { testUploadDir, upload } from "./imports";

// One workspace's import that never ends must not hold another workspace's imports, and its watchdog must
// end it. The real job system: in-process on PGlite, pg-boss when TEST_DATABASE_URL names a server.
const url = process.env.TEST_DATABASE_URL;
const watchdogMs = 10_000;

let database: Database;
let runner: jobSystem.Jobs;
const schema = `pgboss_isolation_${uniq()}`;
const writers: FileHandle[] = [];
beforeAll(async () => {
  database = await openDatabase();
  const options = {
    db: database.db,
    definitions: jobSystem.jobDefinitions({ "import.run": { timeoutMs: watchdogMs } }),
    deps: { uploadDir: await testUploadDir() },
    pollMs: 500,
  };
  runner = url
    ? new PgBossJobs({ ...options, connectionString: url, schema })
    : new jobSystem.InProcessJobs({ ...options, claims: "own", singleProcess: false });
  await runner.start();
});
afterAll(async () => {
  await runner.stop();
  // The hung import's file read returns once its writer closes.
  for (const w of writers) await w.close();
  if (url) await database.db.execute(sql.raw(`drop schema if exists ${schema} cascade`));
  await database.close();
});

const settings = {
  kind: "customers",
  delimiter: ",",
  encoding: "utf-8",
  hasHeader: true,
  columns: [{ target: "email" }, { target: "name" }],
  matchKey: "email",
  mode: "upsert",
} as const;

/** A workspace with one customer and an import of `text` whose dry run has passed. */
async function checkedImport(owner: SessionUser, text: string) {
  const ws = await newWorkspace(database.db, owner, "Isolated");
  const api = callerFor(database.db, owner, { jobs: runner });
  await api.customer.create({ workspaceId: ws.id, email: "kept@example.com", name: "Before" });
  const job = await upload(database.db, owner, ws.id, { name: "people.csv", text });
  await api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings: { ...settings, columns: [...settings.columns] } });
  await expect.poll(() => importStatus(ws.id, job.id), { timeout: 30_000, interval: 100 }).toBe("checked");
  return { ws, api, job };
}

async function importStatus(workspaceId: string, id: string) {
  const [row] = await database.db
    .select({ status: importJobs.status })
    .from(importJobs)
    .where(and(eq(importJobs.workspaceId, workspaceId), eq(importJobs.id, id)));
  return row!.status;
}

const people = async (workspaceId: string) =>
  (await database.db.select({ email: customers.email, name: customers.name }).from(customers).where(eq(customers.workspaceId, workspaceId)))
    .map((c) => `${c.email}=${c.name}`)
    .sort();

describe("imports of two workspaces", () => {
  it(
    "one that never ends holds only itself: the other completes, then the watchdog fails it and nothing of it is stored",
    { timeout: 90_000 },
    async () => {
      const owner = await newUser(database.db, "Isolation");
      const text = "email,name\nkept@example.com,After\nnew@example.com,New\n";
      const hung = await checkedImport(owner, text);
      const other = await checkedImport(owner, text);

      // The first workspace's file becomes a pipe that sends its first rows and then nothing, without ending.
      const path = join(await testUploadDir(), hung.ws.id, `${hung.job.id}.csv`);
      await rm(path);
      execFileSync("mkfifo", [path]);
      const writer = await open(path, "r+"); // read-write: opening doesn't wait for a reader
      writers.push(writer);
      await writer.write("email,name\nkept@example.com,After\n");

      await hung.api.importJob.run({ workspaceId: hung.ws.id, jobId: hung.job.id });
      await expect.poll(() => importStatus(hung.ws.id, hung.job.id), { timeout: 30_000, interval: 100 }).toBe("running");
      await other.api.importJob.run({ workspaceId: other.ws.id, jobId: other.job.id });
      await expect.poll(() => importStatus(other.ws.id, other.job.id), { timeout: 30_000, interval: 100 }).toBe("succeeded");
      expect(await people(other.ws.id)).toEqual(["kept@example.com=After", "new@example.com=New"]);
      // ... while the first one is still reading.
      expect(await importStatus(hung.ws.id, hung.job.id)).toBe("running");

      // The watchdog stops it; the import itself ends too (its read is cut off) and says what happened.
      const error = "It ran longer than 10 seconds and was stopped. Nothing was imported; run it again.";
      const view = () => hung.api.importJob.byId({ workspaceId: hung.ws.id, jobId: hung.job.id });
      await expect.poll(async () => (await view()).error, { timeout: watchdogMs + 30_000, interval: 200 }).toBe(error);
      expect(await view()).toMatchObject({ status: "failed" });
      expect(await runner.latest("import.run", hung.job.id)).toMatchObject({
        status: "failed",
        error: "It ran longer than 10 seconds and was stopped.",
      });
      expect(await people(hung.ws.id)).toEqual(["kept@example.com=Before"]);
    },
  );
});
