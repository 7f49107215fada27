import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, queryRows, type Database } from "@facet/db";
import { dimensions } from "@facet/validators";
import { callerFor, expectCode, newUser, openDatabase } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

describe("demo workspace", () => {
  it("creates a workspace the user owns, with customers, six months of events and their metrics", { timeout: 60_000 }, async () => {
    const user = await newUser(database.db, "Demo");
    const api = callerFor(database.db, user);
    await expectCode(api.workspace.createDemo({ customers: 60_000 }), "BAD_REQUEST");
    const ws = await api.workspace.createDemo({ customers: 300 });
    expect(ws.name).toBe("Tempo (demo)");
    expect((await api.workspace.list()).find((w) => w.id === ws.id)?.role).toBe("owner");

    expect(await api.customer.count({ workspaceId: ws.id })).toBe(300);
    const attrs = await api.attribute.list({ workspaceId: ws.id });
    expect(new Set(attrs.filter((a) => !a.column).map((a) => a.dimension))).toEqual(new Set(dimensions));

    // Metrics agree with the events they come from.
    const [check] = await queryRows<{ customers: number; mismatched: number; events: number }>(
      database.db,
      sql`select count(*)::int as customers,
                 count(*) filter (where c.order_count <> e.orders or c.total_spend <> e.spend
                   or c.first_purchase_at is distinct from e.first_purchase or c.last_purchase_at is distinct from e.last_purchase
                   or c.last_seen_at <> e.last_seen)::int as mismatched,
                 sum(e.n)::int as events
          from customers c join (
            select customer_id, count(*) as n, count(*) filter (where name = 'purchase') as orders,
                   coalesce(sum(revenue) filter (where name = 'purchase'), 0) as spend,
                   min(occurred_at) filter (where name = 'purchase') as first_purchase,
                   max(occurred_at) filter (where name = 'purchase') as last_purchase, max(occurred_at) as last_seen
            from events where workspace_id = ${ws.id} group by customer_id) e on e.customer_id = c.id
          where c.workspace_id = ${ws.id}`,
    );
    expect(check).toMatchObject({ customers: 300, mismatched: 0 });
    expect(check!.events).toBeGreaterThan(300 * 5);

    // Filters work on demo attributes: paying customers have orders.
    const paying = await api.customer.count({
      workspaceId: ws.id,
      filters: [{ type: "attribute", attribute: "plan", operator: "in", value: ["Pro", "Team"] }],
    });
    const withOrders = await api.customer.count({
      workspaceId: ws.id,
      filters: [{ type: "attribute", attribute: "order_count", operator: "gt", value: 0 }],
    });
    expect(withOrders).toBeGreaterThan(0);
    expect(withOrders).toBeLessThanOrEqual(paying);
    const rows = await database.db.select({ traits: customers.traits }).from(customers).where(eq(customers.workspaceId, ws.id)).limit(1);
    expect(Object.keys(rows[0]!.traits)).toContain("main_need");

    // A segment per persona, each with a written card and figures that describe it.
    const gallery = await api.persona.gallery({ workspaceId: ws.id });
    expect(gallery.map((g) => g.written.name).sort()).toEqual([
      "Busy Brooke",
      "Freelance Fran",
      "Owner Olivia",
      "Parent Pat",
      "Remote Riley",
      "Study-hard Sam",
      "Team-lead Theo",
    ]);
    for (const g of gallery) {
      expect(g.memberCount, g.segmentName).toBeGreaterThan(10);
      // Small segments may have nothing that passes the support rules yet; bigger ones do.
      if (g.memberCount >= 50) expect(g.description, g.segmentName).toBeTruthy();
    }
    const students = gallery.find((g) => g.segmentName === "Students")!;
    expect(students.description).toContain('Occupation "Student"');
    const card = await api.persona.card({ workspaceId: ws.id, segmentId: students.segmentId });
    // Students are younger than everyone else (their standouts are mostly categories, so look at the age profile).
    const age = card.computed.profiles.find((p) => p.key === "age")!.numbers!;
    expect(age.segmentMean).toBeLessThan(age.baseMean - 10);
  });
});
