import { join } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, events, queryRows, type Database } from "@facet/db";
import type { EventImportSettings } from "@facet/validators";
import { callerFor, expectCode, testJobs, newUser, newWorkspace, openDatabase } from "./fixtures";
import { datasets, runQueued, upload } from "./imports";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

async function setup() {
  const owner = await newUser(database.db, "Event importer");
  const ws = await newWorkspace(database.db, owner, "Retail");
  const jobs = testJobs(database.db);
  return { owner, ws, jobs, api: callerFor(database.db, owner, { jobs }) };
}

const retail = join(datasets, "online-retail-2010-12-01.csv");
const count = async (table: typeof events | typeof customers, workspaceId: string) =>
  (
    await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(table.workspaceId, workspaceId))
  )[0]!.n;

describe("event CSV import", () => {
  it("online retail: one purchase per invoice, revenue = quantity x unit price, cancellations as refunds, blank customers rejected, re-import stores nothing twice", async () => {
    const { owner, ws, jobs, api } = await setup();
    const job = await upload(database.db, owner, ws.id, retail, "events");
    const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
    expect(view.kind).toBe("events");
    expect(view.eventProposal).toEqual([
      { target: "eventId" },
      { target: "property", key: "stock_code" },
      { target: "property", key: "description" },
      { target: "quantity" },
      { target: "time" },
      { target: "unitPrice" },
      { target: "customerKey" },
      { target: "property", key: "country" },
    ]);
    const settings: EventImportSettings = {
      kind: "events",
      delimiter: ",",
      encoding: "utf-8",
      hasHeader: true,
      columns: view.eventProposal!,
      matchKey: "externalId",
      eventName: "purchase",
      createCustomers: true,
    };

    await api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings });
    const [dry] = await runQueued(jobs);
    const expected = { rows: 3108, created: 127, updated: 0, rejected: 1140, duplicates: 0, customersCreated: 98 };
    expect(dry).toEqual({ status: "checked", counts: expected });
    expect(await count(events, ws.id)).toBe(0);
    expect(await count(customers, ws.id)).toBe(0);
    const firstRejected = await api.importJob.rejections({ workspaceId: ws.id, jobId: job.id, limit: 1 });
    expect(firstRejected.items[0]).toEqual({ rowNumber: 624, column: "CustomerID", reason: "No customer ID: the event has no customer." });

    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    const [real] = await runQueued(jobs);
    expect(real).toEqual({ status: "succeeded", counts: expected });
    expect(await count(events, ws.id)).toBe(127);

    // Customer 17850 (written "17850.0"): 10 invoices that day, 1,499.34 in all.
    const [c] = await database.db
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, ws.id), eq(customers.externalId, "17850")));
    expect(c).toMatchObject({ orderCount: 10, totalSpend: "1499.34" });
    expect(c!.firstPurchaseAt?.toISOString()).toBe("2010-12-01T08:26:00.000Z");
    expect(c!.lastPurchaseAt?.toISOString()).toBe("2010-12-01T11:34:00.000Z");

    const [order] = await queryRows<{
      name: string;
      revenue: string;
      properties: { event_id: string; item_count: number; items: Record<string, unknown>[] };
    }>(
      database.db,
      sql`select name, revenue::text, properties from events where workspace_id = ${ws.id} and message_id = 'import:id:536365'`,
    );
    expect(order).toMatchObject({ name: "purchase", revenue: "139.12", properties: { event_id: "536365", item_count: 7 } });
    expect(order!.properties.items[0]).toEqual({
      stock_code: "85123A",
      description: "WHITE HANGING HEART T-LIGHT HOLDER",
      quantity: 6,
      unit_price: 2.55,
      country: "United Kingdom",
    });

    // Cancellations (negative quantities) are refunds: not orders, and they lower spend.
    const refunds = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from events where workspace_id = ${ws.id} and name = 'refund'`,
    );
    expect(refunds[0]!.n).toBe(6);
    const [cancelled] = await database.db
      .select({ orders: customers.orderCount, spend: customers.totalSpend })
      .from(customers)
      .where(and(eq(customers.workspaceId, ws.id), eq(customers.externalId, "14527")));
    const [raw] = await queryRows<{ orders: number; spend: string }>(
      database.db,
      sql`select count(*) filter (where e.name = 'purchase')::int as orders,
                 (coalesce(sum(e.revenue) filter (where e.name = 'purchase'), 0) - coalesce(sum(abs(e.revenue)) filter (where e.name = 'refund'), 0))::text as spend
          from events e join customers c on c.workspace_id = e.workspace_id and c.id = e.customer_id
          where e.workspace_id = ${ws.id} and c.external_id = '14527'`,
    );
    expect(cancelled).toEqual({ orders: raw!.orders, spend: raw!.spend });

    // The same file again: every invoice is already there.
    const again = await upload(database.db, owner, ws.id, retail, "events");
    await api.importJob.dryRun({ workspaceId: ws.id, jobId: again.id, settings });
    await runQueued(jobs);
    await api.importJob.run({ workspaceId: ws.id, jobId: again.id });
    expect((await runQueued(jobs))[0]).toEqual({
      status: "succeeded",
      counts: { ...expected, created: 0, duplicates: 127, customersCreated: 0 },
    });
    expect(await count(events, ws.id)).toBe(127);
    const [same] = await database.db
      .select({ spend: customers.totalSpend })
      .from(customers)
      .where(and(eq(customers.workspaceId, ws.id), eq(customers.externalId, "17850")));
    expect(same!.spend).toBe("1499.34");
  });

  it("without an event id each row is an event, and identical rows are stored once", async () => {
    const { owner, ws, jobs, api } = await setup();
    const job = await upload(database.db, owner, ws.id, retail, "events");
    const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
    const columns = view.eventProposal!.map((m) => (m.target === "eventId" ? { target: "property" as const, key: "invoice" } : m));
    await api.importJob.dryRun({
      workspaceId: ws.id,
      jobId: job.id,
      settings: {
        kind: "events",
        delimiter: ",",
        encoding: "utf-8",
        hasHeader: true,
        columns,
        matchKey: "externalId",
        eventName: "line_item",
        createCustomers: true,
      },
    });
    await runQueued(jobs);
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    const [outcome] = await runQueued(jobs);
    expect(outcome).toMatchObject({ status: "succeeded", counts: { rows: 3108, created: 1924, duplicates: 44, rejected: 1140 } });
    // line_item is not a purchase: no orders counted.
    const [c] = await database.db
      .select({ orders: customers.orderCount })
      .from(customers)
      .where(and(eq(customers.workspaceId, ws.id), eq(customers.externalId, "17850")));
    expect(c!.orders).toBe(0);
  });

  it("rejects bad times and amounts by row, and rows of unknown customers when it may not create them", async () => {
    const { owner, ws, jobs, api } = await setup();
    await api.customer.create({ workspaceId: ws.id, email: "known@example.com" });
    const text = [
      "email;event;when;amount;plan",
      "known@example.com;signup;2024-05-01T10:00:00+02:00;;pro",
      "known@example.com;purchase;yesterday;12;pro",
      "known@example.com;purchase;2024-05-02;12,50;pro",
      "nobody@example.com;purchase;2024-05-03;9.99;",
      "not-an-email;login;2024-05-03;;",
      "known@example.com;purchase;2024-05-04 09:30;19.90;team",
    ].join("\r\n");
    const job = await upload(database.db, owner, ws.id, { name: "events.csv", text }, "events");
    const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
    expect(view.fileInfo.delimiter).toBe(";");
    expect(view.eventProposal).toEqual([
      { target: "customerKey" },
      { target: "eventName" },
      { target: "property", key: "when" },
      { target: "revenue" },
      { target: "property", key: "plan" },
    ]);
    const columns = view.eventProposal!.map((m, i) => (i === 2 ? { target: "time" as const } : m));
    const settings: EventImportSettings = {
      kind: "events",
      delimiter: ";",
      encoding: "utf-8",
      hasHeader: true,
      columns,
      matchKey: "email",
      eventName: "purchase",
      createCustomers: false,
    };

    await expectCode(
      api.importJob.dryRun({
        workspaceId: ws.id,
        jobId: job.id,
        settings: { ...settings, columns: columns.map((m) => (m.target === "time" ? { target: "skip" as const } : m)) },
      }),
      "BAD_REQUEST",
    );
    await expectCode(
      api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings: { ...settings, kind: "customers", mode: "upsert" } as never }),
      "BAD_REQUEST",
    );

    await api.importJob.dryRun({ workspaceId: ws.id, jobId: job.id, settings });
    await runQueued(jobs);
    await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
    const [outcome] = await runQueued(jobs);
    expect(outcome).toMatchObject({ status: "succeeded", counts: { rows: 6, created: 2, rejected: 4, customersCreated: 0 } });
    const report = await api.importJob.rejections({ workspaceId: ws.id, jobId: job.id, limit: 10 });
    expect(report.items).toEqual([
      { rowNumber: 3, column: "when", reason: '"yesterday" is not a time like 2011-12-09 12:50.' },
      { rowNumber: 4, column: "amount", reason: '"12,50" is not a number.' },
      { rowNumber: 5, column: null, reason: "No customer with this email (this import doesn't create customers)." },
      { rowNumber: 6, column: "email", reason: '"not-an-email" is not a valid email.' },
    ]);
    const [known] = await database.db
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, ws.id), eq(customers.email, "known@example.com")));
    expect(known).toMatchObject({ orderCount: 1, totalSpend: "19.90" });
    expect(known!.lastSeenAt?.toISOString()).toBe("2024-05-04T09:30:00.000Z");
    expect(await count(customers, ws.id)).toBe(1);
  });
});
