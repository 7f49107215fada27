import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributes, customers, importJobs, type Database } from "@facet/db";
import { importJob } from "@facet/domain";
import type { ColumnMapping } from "@facet/validators";
import { callerFor, expectCode, testJobs, newUser, newWorkspace, openDatabase } from "./fixtures";
import { datasets, runQueued, testUploadDir, upload } from "./imports";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

async function setup() {
  const owner = await newUser(database.db, "Importer");
  const ws = await newWorkspace(database.db, owner, "Imports");
  const jobs = testJobs(database.db);
  return { owner, ws, jobs, api: callerFor(database.db, owner, { jobs }) };
}

const customerCount = async (workspaceId: string) =>
  (await database.db.select({ id: customers.id }).from(customers).where(eq(customers.workspaceId, workspaceId))).length;

describe("customer CSV import", () => {
  it("mall-customers.csv (CRLF): proposes a mapping, dry-runs without writing, then imports all 200", async () => {
    const { owner, ws, jobs, api } = await setup();
    const job = await upload(database.db, owner, ws.id, join(datasets, "mall-customers.csv"));
    const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
    expect(view.fileInfo).toMatchObject({ delimiter: ",", encoding: "utf-8", bom: false });
    expect(view.fileInfo.header).toEqual(["CustomerID", "Gender", "Age", "Annual Income (k$)", "Spending Score (1-100)"]);
    expect(view.proposal!).toEqual([
      { target: "externalId" },
      { target: "newAttribute", key: "gender", label: "Gender", type: "enum", dimension: "demographic" },
      { target: "newAttribute", key: "age", label: "Age", type: "number", dimension: "demographic" },
      { target: "newAttribute", key: "annual_income_k", label: "Annual Income (k$)", type: "number", dimension: "demographic" },
      { target: "newAttribute", key: "spending_score_1_100", label: "Spending Score (1-100)", type: "number", dimension: "value" },
    ]);
    const settings = {
      delimiter: ",",
      encoding: "utf-8",
      hasHeader: true,
      columns: view.proposal!,
      matchKey: "externalId",
      mode: "upsert",
    } as const;

    await api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings });
    const [dry] = await runQueued(jobs);
    expect(dry).toEqual({ status: "checked", counts: { rows: 200, created: 200, updated: 0, rejected: 0 } });
    expect(await customerCount(ws.id)).toBe(0);
    expect((await api.attribute.list({ workspaceId: ws.id })).map((a) => a.key)).not.toContain("gender");

    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    const [real] = await runQueued(jobs);
    expect(real).toEqual({ status: "succeeded", counts: { rows: 200, created: 200, updated: 0, rejected: 0 } });
    expect(await customerCount(ws.id)).toBe(200);
    const gender = (await api.attribute.list({ workspaceId: ws.id })).find((a) => a.key === "gender");
    expect(gender).toMatchObject({ type: "enum", enumValues: ["Female", "Male"], dimension: "demographic" });
    const first = await api.customer.list({ workspaceId: ws.id, q: "1", sort: { key: "external_id", dir: "asc" }, limit: 1 });
    expect(first.items[0]?.values).toMatchObject({
      external_id: "1",
      gender: "Male",
      age: 19,
      annual_income_k: 15,
      spending_score_1_100: 39,
    });
    await expectCode(api.importJob.run({ workspaceId: ws.id, jobId: job.id }), "PRECONDITION_FAILED");
  });

  it("marketing-campaign.csv (UTF-8 BOM, ';', blanks, odd categories): imports 2,240, then re-imports by mode", async () => {
    const { owner, ws, jobs, api } = await setup();
    const job = await upload(database.db, owner, ws.id, join(datasets, "marketing-campaign.csv"));
    const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
    expect(view.fileInfo).toMatchObject({ delimiter: ";", bom: true });
    expect(view.fileInfo.header[0]).toBe("ID");
    expect(view.proposal![0]).toEqual({ target: "externalId" });
    const byKey = Object.fromEntries(view.proposal!.flatMap((m) => (m.target === "newAttribute" ? [[m.key, m]] : [])));
    expect(byKey.income).toMatchObject({ type: "number", dimension: "demographic" });
    expect(byKey.dt_customer).toMatchObject({ type: "date" });
    expect(byKey.marital_status).toMatchObject({ type: "enum", dimension: "demographic" });
    expect(byKey.education).toMatchObject({ type: "enum" });
    const settings = {
      delimiter: ";",
      encoding: "utf-8",
      hasHeader: true,
      columns: view.proposal!,
      matchKey: "externalId",
      mode: "create",
    } as const;

    await api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings });
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id }).catch(() => null); // not yet checked: refused
    const outcomes = await runQueued(jobs);
    expect(outcomes[0]).toMatchObject({ status: "checked", counts: { rows: 2240, created: 2240, rejected: 0 } });
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    expect((await runQueued(jobs))[0]).toMatchObject({ status: "succeeded", counts: { created: 2240 } });

    const marital = (await api.attribute.list({ workspaceId: ws.id })).find((a) => a.key === "marital_status");
    expect(marital?.enumValues).toEqual(expect.arrayContaining(["Absurd", "Alone", "YOLO", "Married", "Single"]));
    const [blankIncome] = await database.db
      .select({ traits: customers.traits })
      .from(customers)
      .where(and(eq(customers.workspaceId, ws.id), eq(customers.externalId, "5524")));
    expect(blankIncome?.traits).toMatchObject({ year_birth: 1957, income: 58138, dt_customer: "2012-09-04", marital_status: "Single" });
    const withoutIncome = await database.db.select({ traits: customers.traits }).from(customers).where(eq(customers.workspaceId, ws.id));
    expect(withoutIncome.filter((c) => !("income" in c.traits))).toHaveLength(24);

    // The same file again: "create" rejects every row; "upsert" updates them all.
    const again = await upload(database.db, owner, ws.id, join(datasets, "marketing-campaign.csv"));
    const mapped = (await api.importJob.byId({ workspaceId: ws.id, jobId: again.id })).proposal!;
    expect(mapped.filter((m) => m.target === "attribute")).toHaveLength(28);
    await api.importJob.dryRun({ workspaceId: ws.id, jobId: again.id, settings: { ...settings, columns: mapped } });
    expect((await runQueued(jobs))[0]).toMatchObject({ counts: { created: 0, updated: 0, rejected: 2240 } });
    const rejected = await api.importJob.rejections({ workspaceId: ws.id, jobId: again.id, limit: 2 });
    expect(rejected.items[0]).toEqual({
      rowNumber: 2,
      column: null,
      reason: "A customer with this external ID already exists (mode: create new only).",
    });
    await api.importJob.dryRun({ workspaceId: ws.id, jobId: again.id, settings: { ...settings, columns: mapped, mode: "upsert" } });
    expect((await runQueued(jobs))[0]).toMatchObject({ counts: { created: 0, updated: 2240, rejected: 0 } });
    expect(await customerCount(ws.id)).toBe(2240);
  });

  it("rejects bad rows with their row number, column and reason, and imports the rest", async () => {
    const { owner, ws, jobs, api } = await setup();
    const text = [
      "email,name,age,vip,signup",
      "ada@example.com,Ada,36,yes,2024-01-31",
      "not-an-email,Bob,40,no,2024-02-01",
      "cy@example.com,Cy,forty,no,2024-02-01",
      "dee@example.com,Dee,22,maybe,2024-02-01",
      "eve@example.com,Eve,30,no,2024-02-30",
      ",Nameless,30,no,2024-02-01",
      "ADA@example.com,Ada again,37,no,2024-02-01",
      "fay@example.com,Fay,29",
      'gus@example.com,"Gus, Jr.",51,true,2023-12-24',
    ].join("\r\n");
    const job = await upload(database.db, owner, ws.id, { name: "bad.csv", text });
    const columns: ColumnMapping[] = [
      { target: "email" },
      { target: "name" },
      { target: "newAttribute", key: "age", label: "Age", type: "number", dimension: "demographic" },
      { target: "newAttribute", key: "vip", label: "VIP", type: "boolean", dimension: "value" },
      { target: "newAttribute", key: "signup", label: "Signed up", type: "date", dimension: "behavioral" },
    ];
    await api.importJob.dryRun({
      workspaceId: ws.id,
      jobId: job.id,
      settings: { delimiter: ",", encoding: "utf-8", hasHeader: true, columns, matchKey: "email", mode: "upsert" },
    });
    await runQueued(jobs);
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    const [outcome] = await runQueued(jobs);
    expect(outcome).toEqual({ status: "succeeded", counts: { rows: 9, created: 2, updated: 0, rejected: 7 } });
    const { items } = await api.importJob.rejections({ workspaceId: ws.id, jobId: job.id, limit: 50 });
    expect(items).toEqual([
      { rowNumber: 3, column: "email", reason: '"not-an-email" is not a valid email.' },
      { rowNumber: 4, column: "age", reason: '"forty" is not a number' },
      { rowNumber: 5, column: "vip", reason: '"maybe" is not yes/no' },
      { rowNumber: 6, column: "signup", reason: '"2024-02-30" is not a date like 2024-05-31' },
      { rowNumber: 7, column: null, reason: "No email to match the customer by." },
      { rowNumber: 8, column: null, reason: "Same email as row 2" },
      { rowNumber: 9, column: null, reason: "Expected 5 columns, found 3." },
    ]);
    const gus = await api.customer.list({ workspaceId: ws.id, q: "gus@", sort: { key: "email", dir: "asc" } });
    expect(gus.items[0]?.values).toMatchObject({ name: "Gus, Jr.", age: 51, vip: true, signup: "2023-12-24" });
  });

  it("reads tab-separated Windows-1252 files", async () => {
    const { owner, ws, jobs, api } = await setup();
    const text = Buffer.from("id\tcity\r\n1\tKöln\r\n2\tS\xe3o Paulo\r\n", "latin1");
    const job = await upload(database.db, owner, ws.id, { name: "latin1.tsv", text });
    const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
    expect(view.fileInfo).toMatchObject({ delimiter: "\t", encoding: "windows-1252", header: ["id", "city"] });
    expect(view.proposal![1]).toMatchObject({ key: "city", dimension: "geographic" });
    const settings = {
      delimiter: "\t",
      encoding: "windows-1252",
      hasHeader: true,
      columns: view.proposal!,
      matchKey: "externalId",
      mode: "upsert",
    } as const;
    await api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings });
    await runQueued(jobs);
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    await runQueued(jobs);
    const rows = await api.customer.list({ workspaceId: ws.id, sort: { key: "external_id", dir: "asc" } });
    expect(rows.items.map((r) => r.values.city)).toEqual(["Köln", "São Paulo"]);
  });

  it("an import that fails part-way leaves customers and attributes exactly as they were", async () => {
    const { owner, ws, jobs, api } = await setup();
    await api.customer.create({ workspaceId: ws.id, email: "existing@example.com", name: "Before", traits: {} });
    const lines = ["email,name,score"];
    for (let i = 0; i < 12_000; i++) lines.push(`${i === 0 ? "existing" : `person${i}`}@example.com,After ${i},${i}`);
    const job = await upload(database.db, owner, ws.id, { name: "big.csv", text: lines.join("\n") });
    const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
    const settings = {
      delimiter: ",",
      encoding: "utf-8",
      hasHeader: true,
      columns: view.proposal!,
      matchKey: "email",
      mode: "upsert",
    } as const;
    await api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings });
    await runQueued(jobs);
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    // The database connection "dies" after the first batch is staged.
    const outcome = await importJob.runImportJob(
      database.db,
      { workspaceId: ws.id, id: job.id },
      {
        uploadDir: await testUploadDir(),
        runnerId: "test",
        onProgress: (p) => {
          if (p.rowsRead > 5000) throw new Error("connection lost");
        },
      },
    );
    expect(outcome).toMatchObject({ status: "failed", error: expect.stringContaining("Nothing was imported") });
    expect(await customerCount(ws.id)).toBe(1);
    const [existing] = await database.db.select().from(customers).where(eq(customers.workspaceId, ws.id));
    expect(existing).toMatchObject({ name: "Before", traits: {} });
    const keys = (await database.db.select({ key: attributes.key }).from(attributes).where(eq(attributes.workspaceId, ws.id))).map(
      (a) => a.key,
    );
    expect(keys).not.toContain("score");
    const failed = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
    expect(failed.status).toBe("failed");

    // ... and it can be run again.
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    expect((await runQueued(jobs))[0]).toMatchObject({ status: "succeeded", counts: { created: 11_999, updated: 1 } });
  });

  it("imports left running without a live job (a server stopped) show as failed and can run again", async () => {
    const { owner, ws, api } = await setup();
    const job = await upload(database.db, owner, ws.id, { name: "x.csv", text: "email\na@example.com\n" });
    const stale = new Date(Date.now() - 120_000);
    await database.db
      .update(importJobs)
      .set({
        status: "running",
        dryRun: false,
        startedAt: stale,
        heartbeatAt: stale,
        settings: {
          kind: "customers",
          delimiter: ",",
          encoding: "utf-8",
          hasHeader: true,
          columns: [{ target: "email" }],
          matchKey: "email",
          mode: "upsert",
        },
      })
      .where(eq(importJobs.id, job.id));
    await importJob.failInterruptedJobs(database.db);
    const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
    expect(view).toMatchObject({ status: "failed", error: expect.stringContaining("server stopped") });
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
  });

  it("refuses a PNG (or any binary file) at upload, saying what it is", async () => {
    const { owner, ws, api } = await setup();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(70 * 1024, 7)]);
    await expect(upload(database.db, owner, ws.id, { name: "photo.png", text: png })).rejects.toMatchObject({
      code: "INVALID",
      message: "This is a PNG image, not a CSV file. Export the data as CSV and upload that.",
    });
    expect((await api.importJob.list({ workspaceId: ws.id, limit: 10 })).items).toEqual([]);
  });

  it("refuses a mapping that doesn't fit", async () => {
    const { owner, ws, api } = await setup();
    const job = await upload(database.db, owner, ws.id, { name: "x.csv", text: "email,name\na@example.com,A\n" });
    const base = { delimiter: ",", encoding: "utf-8", hasHeader: true, matchKey: "email", mode: "upsert" } as const;
    const dry = (columns: ColumnMapping[], extra = {}) =>
      api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings: { ...base, columns, ...extra } });
    await expect(dry([{ target: "email" }])).rejects.toThrow("The file has 2 columns; the mapping has 1.");
    await expect(dry([{ target: "email" }, { target: "email" }])).rejects.toThrow(/Two columns go to "email"/);
    await expect(dry([{ target: "skip" }, { target: "name" }])).rejects.toThrow(/Map a column to Email/);
    await expect(dry([{ target: "email" }, { target: "attribute", key: "order_count" }])).rejects.toThrow(/can't be imported into/);
    await expect(dry([{ target: "email" }, { target: "attribute", key: "nope" }])).rejects.toThrow(/There is no attribute "nope"/);
  });
});
