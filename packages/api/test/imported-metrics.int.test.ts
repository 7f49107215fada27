// An import can say a column is the customer's order count or lifetime value from before the events
// Facet holds; those set the value metrics, and events add to them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@facet/db";
import type { EventImportSettings } from "@facet/validators";
import { callerFor, testJobs, newUser, newWorkspace, openDatabase } from "./fixtures";
import { runQueued, upload } from "./imports";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

describe("imported order count and lifetime value", () => {
  it("feed the customer's orders, lifetime value and average order, survive an event import, and a re-import replaces them", async () => {
    const owner = await newUser(database.db, "Metrics Importer");
    const ws = await newWorkspace(database.db, owner, "Metrics");
    const jobs = testJobs(database.db);
    const api = callerFor(database.db, owner, { jobs });
    const importCustomers = async (text: string) => {
      const job = await upload(database.db, owner, ws.id, { name: "customers.csv", text });
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
      const [outcome] = await runQueued(jobs);
      return { view, outcome, rejections: (await api.importJob.rejections({ workspaceId: ws.id, jobId: job.id, limit: 50 })).items };
    };
    const metrics = async (email: string) => {
      const { items } = await api.customer.list({ workspaceId: ws.id, q: email, sort: { key: "email", dir: "asc" } });
      const v = items[0]!.values;
      return { orders: v.order_count, ltv: v.total_spend, aov: v.avg_order_value ?? null };
    };

    const first = await importCustomers(
      [
        "email,name,orders,lifetime_value",
        "ada@example.com,Ada,12,1500.50",
        "bob@example.com,Bob,,",
        "cy@example.com,Cy,-3,10",
        "dee@example.com,Dee,2.5,10",
        "eve@example.com,Eve,1,lots",
      ].join("\n"),
    );
    // The usual names are proposed as the metrics, not as new attributes.
    expect(first.view.proposal).toEqual([{ target: "email" }, { target: "name" }, { target: "orderCount" }, { target: "lifetimeValue" }]);
    expect(first.outcome).toMatchObject({ status: "succeeded", counts: { rows: 5, created: 2, rejected: 3 } });
    expect(first.rejections).toEqual([
      { rowNumber: 4, column: "orders", reason: 'An order count can\'t be negative ("-3").' },
      { rowNumber: 5, column: "orders", reason: 'An order count is a whole number ("2.5").' },
      { rowNumber: 6, column: "lifetime_value", reason: '"lots" is not a number (lifetime value).' },
    ]);
    expect(await metrics("ada@")).toEqual({ orders: 12, ltv: 1500.5, aov: 125.04 });
    expect(await metrics("bob@")).toEqual({ orders: 0, ltv: 0, aov: null });

    // A purchase imported as an event adds to the imported history (the full recompute keeps it).
    const events = await upload(
      database.db,
      owner,
      ws.id,
      { name: "orders.csv", text: "email,order_id,date,amount\nada@example.com,A-1,2026-01-05,99.50\n" },
      "events",
    );
    const eventView = await api.importJob.byId({ workspaceId: ws.id, jobId: events.id });
    const settings: EventImportSettings = {
      kind: "events",
      delimiter: ",",
      encoding: "utf-8",
      hasHeader: true,
      columns: eventView.eventProposal!,
      matchKey: "email",
      eventName: "purchase",
      createCustomers: false,
    };
    await api.importJob.dryRun({ workspaceId: ws.id, jobId: events.id, settings });
    await runQueued(jobs);
    await api.importJob.run({ workspaceId: ws.id, jobId: events.id });
    expect((await runQueued(jobs))[0]).toMatchObject({ status: "succeeded" });
    expect(await metrics("ada@")).toEqual({ orders: 13, ltv: 1600, aov: 123.08 });

    // Importing again replaces the imported part only; an empty cell keeps it.
    await importCustomers(["email,orders,lifetime_value", "ada@example.com,20,", "bob@example.com,3,45"].join("\n"));
    expect(await metrics("ada@")).toEqual({ orders: 21, ltv: 1600, aov: 76.19 });
    expect(await metrics("bob@")).toEqual({ orders: 3, ltv: 45, aov: 15 });
  });
});
