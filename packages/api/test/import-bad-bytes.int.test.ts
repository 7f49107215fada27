import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, importJobs, type Database } from "@facet/db";
import { callerFor, newUser, newWorkspace, openDatabase, testJobs } from "./fixtures";
import type { CustomerImportSettings, EventImportSettings } from "@facet/validators";
import { runQueued, upload } from "./imports";

// A NUL byte or bytes that aren't UTF-8 anywhere in a file, in particular past the 64 KB the upload looks
// at: that row is rejected with its line number, the other rows import, and the import ends.
let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

async function setup() {
  const owner = await newUser(database.db, "Bytes");
  const ws = await newWorkspace(database.db, owner, "Bytes");
  const jobs = testJobs(database.db);
  return { owner, ws, jobs, api: callerFor(database.db, owner, { jobs }) };
}

/** 2,000 rows (about 120 KB) with the given bytes in the names of some rows, all past the first 64 KB. */
function fileWith(bad: Map<number, Buffer>) {
  const parts: Buffer[] = [Buffer.from("email,name,city\n")];
  for (let row = 2; row <= 2001; row++) {
    // The bytes go into the name, which is stored.
    const splice = bad.get(row) ?? Buffer.alloc(0);
    parts.push(Buffer.from(`person${row}@example.com,Person `), splice, Buffer.from(` number ${row},City of row ${row}\n`));
  }
  const text = Buffer.concat(parts);
  const firstBad = Math.min(...[...bad.keys()].map((row) => text.indexOf(`person${row}@`)));
  expect(firstBad).toBeGreaterThan(64 * 1024);
  return text;
}

async function importFile(text: Buffer, encoding: "utf-8" | "windows-1252" = "utf-8") {
  const { owner, ws, jobs, api } = await setup();
  const job = await upload(database.db, owner, ws.id, { name: "bytes.csv", text });
  const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
  expect(view.fileInfo.encoding).toBe("utf-8");
  const settings: CustomerImportSettings = {
    kind: "customers",
    delimiter: ",",
    encoding,
    hasHeader: true,
    columns: [{ target: "email" }, { target: "name" }, { target: "skip" }],
    matchKey: "email",
    mode: "upsert",
  };
  await api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings });
  const [dry] = await runQueued(jobs);
  await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
  const [real] = await runQueued(jobs);
  const [row] = await database.db.select({ status: importJobs.status }).from(importJobs).where(eq(importJobs.id, job.id));
  const stored = await database.db.select({ email: customers.email }).from(customers).where(eq(customers.workspaceId, ws.id));
  const { items } = await api.importJob.rejections({ workspaceId: ws.id, jobId: job.id, limit: 50 });
  return { dry, real, status: row!.status, emails: new Set(stored.map((c) => c.email)), rejections: items };
}

describe("bytes that aren't text, past the part of the file the upload checks", () => {
  it("rejects the rows holding a NUL byte with their line numbers and imports the others", async () => {
    const nul = Buffer.from([0]);
    const { dry, real, status, emails, rejections } = await importFile(
      fileWith(
        new Map([
          [1700, nul],
          [1950, nul],
        ]),
      ),
    );
    expect(dry).toEqual({ status: "checked", counts: { rows: 2000, created: 1998, updated: 0, rejected: 2 } });
    expect(real).toEqual({ status: "succeeded", counts: { rows: 2000, created: 1998, updated: 0, rejected: 2 } });
    expect(status).toBe("succeeded");
    expect(emails.size).toBe(1998);
    expect(emails.has("person1700@example.com")).toBe(false);
    expect(emails.has("person1701@example.com")).toBe(true);
    expect(rejections).toEqual([
      { rowNumber: 1700, column: "name", reason: "Line 1,700 contains a NUL byte: binary data, not text." },
      { rowNumber: 1950, column: "name", reason: "Line 1,950 contains a NUL byte: binary data, not text." },
    ]);
  });

  it("rejects the rows that aren't valid UTF-8 with their line numbers and imports the others", async () => {
    const latin1 = Buffer.from("K\xf6ln", "latin1"); // Windows-1252 "Köln" inside a UTF-8 file
    const truncated = Buffer.from([0xe2, 0x82]); // the first two bytes of "€"
    const { real, status, emails, rejections } = await importFile(
      fileWith(
        new Map([
          [1800, latin1],
          [1801, truncated],
        ]),
      ),
    );
    expect(real).toEqual({ status: "succeeded", counts: { rows: 2000, created: 1998, updated: 0, rejected: 2 } });
    expect(status).toBe("succeeded");
    expect(emails.has("person1800@example.com")).toBe(false);
    expect(emails.has("person1802@example.com")).toBe(true);
    const reason = (line: string) =>
      `Line ${line} is not valid UTF-8 text. Save the file as UTF-8 (or choose Windows-1252) and upload it again.`;
    expect(rejections).toEqual([
      { rowNumber: 1800, column: "name", reason: reason("1,800") },
      { rowNumber: 1801, column: "name", reason: reason("1,801") },
    ]);
  });

  it("reads the same bytes as Windows-1252 when that is the file's encoding, still refusing the NUL", async () => {
    const text = fileWith(
      new Map([
        [1800, Buffer.from("K\xf6ln", "latin1")],
        [1900, Buffer.from([0])],
      ]),
    );
    const { real, rejections } = await importFile(text, "windows-1252");
    expect(real).toEqual({ status: "succeeded", counts: { rows: 2000, created: 1999, updated: 0, rejected: 1 } });
    expect(rejections).toEqual([{ rowNumber: 1900, column: "name", reason: "Line 1,900 contains a NUL byte: binary data, not text." }]);
  });

  it("does the same for an event file", async () => {
    const { owner, ws, jobs, api } = await setup();
    const parts: Buffer[] = [Buffer.from("email,event,time,note\n")];
    for (let row = 2; row <= 2001; row++) {
      const note = row === 1990 ? Buffer.from([0x6e, 0x00, 0x74]) : Buffer.from(`note of event number ${row} in this file`);
      parts.push(
        Buffer.from(`user${row % 50}@example.com,visit,2024-05-01 10:${String(row % 60).padStart(2, "0")},`),
        note,
        Buffer.from("\n"),
      );
    }
    const text = Buffer.concat(parts);
    expect(text.indexOf(0)).toBeGreaterThan(64 * 1024);
    const job = await upload(database.db, owner, ws.id, { name: "events.csv", text }, "events");
    const settings: EventImportSettings = {
      kind: "events",
      delimiter: ",",
      encoding: "utf-8",
      hasHeader: true,
      columns: [{ target: "customerKey" }, { target: "eventName" }, { target: "time" }, { target: "property", key: "note" }],
      matchKey: "email",
      eventName: "visit",
      createCustomers: true,
    };
    await api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings });
    await runQueued(jobs);
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    const [real] = await runQueued(jobs);
    expect(real).toMatchObject({ status: "succeeded", counts: { rows: 2000, created: 1999, rejected: 1 } });
    const { items } = await api.importJob.rejections({ workspaceId: ws.id, jobId: job.id, limit: 50 });
    expect(items).toEqual([{ rowNumber: 1990, column: "note", reason: "Line 1,990 contains a NUL byte: binary data, not text." }]);
  });
});
