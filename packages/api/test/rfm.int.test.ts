// RFM: quintile edges and groups equal an independent computation written here; works on the
// online-retail export (invoices as orders, cancellations as refunds, blank customers left out).
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@facet/db";
import { discovery } from "@facet/domain";
import type { EventImportSettings } from "@facet/validators";
import { callerFor, expectCode, testJobs, newUser, newWorkspace, openDatabase } from "./fixtures";
import { datasets, runQueued, upload } from "./imports";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

/** percentile_disc: the first value whose cumulative share reaches q. */
const disc = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

describe("RFM", () => {
  it("scores quintiles and names groups exactly as computed independently, keeps scores fresh with new purchases, and saves a group as a segment", async () => {
    const owner = await newUser(database.db, "Rfm");
    const ws = await newWorkspace(database.db, owner, "Rfm");
    const jobs = testJobs(database.db);
    const api = callerFor(database.db, owner, { jobs });
    // 120 buyers with varied orders, dates and spend (one with a refund larger than its spend), and 10 who never bought.
    await database.db.execute(
      sql`insert into customers (workspace_id, id, email) select ${ws.id}, 'cus_rfm' || lpad(g::text, 16, '0'), 'r' || g || '@x.io' from generate_series(1, 130) g`,
    );
    await database.db.execute(sql`insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue)
      select ${ws.id}, 'cus_rfm' || lpad(g::text, 16, '0'), 'purchase', timestamptz '2025-06-30 12:00Z' - make_interval(days => (g * 37) % 200 + o * 3), '{}', (g % 13) * 10 + o
      from generate_series(1, 120) g, generate_series(1, 1 + g % 7) o`);
    await database.db.execute(sql`insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue)
      values (${ws.id}, 'cus_rfm' || lpad('5', 16, '0'), 'refund', timestamptz '2025-06-01Z', '{}', -1000),
             (${ws.id}, 'cus_rfm' || lpad('125', 16, '0'), 'login', timestamptz '2025-06-01Z', '{}', null)`);

    const { id } = await discovery.startRfm({
      db: database.db,
      workspaceId: ws.id,
      actor: { kind: "user", id: owner.id, email: owner.email },
      role: "owner",
      jobs,
    });
    await jobs.drain();
    const latest = await api.discovery.rfm({ workspaceId: ws.id });
    expect(latest).toMatchObject({ id, status: "succeeded" });
    const r = latest!.result!;
    expect(r).toMatchObject({ scored: 120, customers: 130 });

    // Independently: per-customer recency (days from the latest purchase), orders, net spend.
    const facts = await queryRows<{ id: string; last: string; n: number; spend: number }>(
      database.db,
      sql`select customer_id as id, max(occurred_at) filter (where name = 'purchase')::text as last, count(*) filter (where name = 'purchase')::int as n,
                 greatest(sum(case when name = 'purchase' then revenue else -abs(revenue) end), 0)::float8 as spend
          from events where workspace_id = ${ws.id} and name in ('purchase', 'refund') group by customer_id`,
    );
    const asOf = Math.max(...facts.map((f) => Date.parse(f.last)));
    const rows = facts.map((f) => ({
      ...f,
      days: Math.floor((asOf - Date.parse(f.last)) / 86_400_000),
      spend: Math.round(f.spend * 100) / 100,
    }));
    const edges = (xs: number[]) =>
      [0.2, 0.4, 0.6, 0.8].map((q) =>
        disc(
          [...xs].sort((a, b) => a - b),
          q,
        ),
      );
    const er = edges(rows.map((x) => x.days));
    const ef = edges(rows.map((x) => x.n));
    const em = edges(rows.map((x) => x.spend));
    expect(r.edges).toEqual({ recency: er, frequency: ef, monetary: em });
    const stored = await queryRows<{ customer_id: string; r: number; f: number; m: number; segment: string }>(
      database.db,
      sql`select customer_id, r, f, m, segment from rfm_scores where workspace_id = ${ws.id}`,
    );
    expect(stored).toHaveLength(120);
    // The profile shows a buyer's scores as the RFM attributes' values; someone who never bought has none.
    const buyer = stored[0]!;
    expect((await api.customer.byId({ workspaceId: ws.id, customerId: buyer.customer_id })).values).toMatchObject({
      rfm_recency: buyer.r,
      rfm_frequency: buyer.f,
      rfm_monetary: buyer.m,
      rfm_segment: buyer.segment,
    });
    expect((await api.customer.byId({ workspaceId: ws.id, customerId: `cus_rfm${"130".padStart(16, "0")}` })).values).not.toHaveProperty(
      "rfm_segment",
    );
    for (const x of rows) {
      const s = stored.find((y) => y.customer_id === x.id)!;
      const rr = discovery.scoreDown(x.days, er);
      const ff = discovery.scoreUp(x.n, ef);
      expect([s.r, s.f, s.m, s.segment], x.id).toEqual([rr, ff, discovery.scoreUp(x.spend, em), discovery.rfmGroup(rr, ff)]);
    }
    expect(r.groups.reduce((n, g) => n + g.customers, 0)).toBe(120);
    expect(r.grid.reduce((n, c) => n + c.customers, 0)).toBe(120);

    // A group as a segment, through the RFM attributes; the why on a member's profile agrees.
    const champions = r.groups.find((g) => g.name === "Champions")!;
    const seg = await api.discovery.saveRfmGroup({ workspaceId: ws.id, group: "Champions", name: "Champions" });
    expect(seg.memberCount).toBe(champions.customers);
    const member = stored.find((s) => s.segment === "Champions")!;
    expect(await api.segment.ofCustomer({ workspaceId: ws.id, customerId: member.customer_id })).toMatchObject([
      { id: seg.id, why: { matched: true } },
    ]);
    // The live preview's sample shows the group the rule is about.
    const preview = await api.segment.preview({ workspaceId: ws.id, definition: seg.definition });
    expect(preview.sample.length).toBeGreaterThan(0);
    for (const c of preview.sample) expect(c.values).toEqual({ rfm_segment: "Champions" });

    // New purchases make the scores stale; the job loop re-scores.
    expect(await discovery.refreshStaleRfm(database.db)).toEqual([]);
    await database.db.execute(
      sql`insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue) values (${ws.id}, ${rows[0]!.id}, 'purchase', timestamptz '2025-07-01Z', '{}', 5)`,
    );
    expect(await discovery.refreshStaleRfm(database.db)).toHaveLength(1);
    expect((await api.discovery.rfm({ workspaceId: ws.id }))!.result!.asOf).toMatch(/^2025-07-01/);

    // A run moves the scores: the segments on them are refreshed, their refresh and change log naming the run.
    const idsOf = async (query: ReturnType<typeof sql>) => (await queryRows<{ id: string }>(database.db, query)).map((x) => x.id);
    const membersOf = () =>
      idsOf(sql`select customer_id as id from segment_members where workspace_id = ${ws.id} and segment_id = ${seg.id} order by 1`);
    const before = await membersOf();
    await database.db.execute(
      sql`insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue)
          select ${ws.id}, ${stored.find((s) => s.segment !== "Champions")!.customer_id}, 'purchase', timestamptz '2025-07-02Z', '{}', 500
          from generate_series(1, 12)`,
    );
    await discovery.startRfm({
      db: database.db,
      workspaceId: ws.id,
      actor: { kind: "user", id: owner.id, email: owner.email },
      role: "owner",
      jobs,
    });
    await jobs.drain();
    const [last] = await queryRows<{ reason: string }>(
      database.db,
      sql`select reason::text from segment_refreshes where workspace_id = ${ws.id} and segment_id = ${seg.id} order by id desc limit 1`,
    );
    expect(last).toEqual({ reason: "rfm" });
    const after = await membersOf();
    expect(after).toEqual(
      await idsOf(sql`select customer_id as id from rfm_scores where workspace_id = ${ws.id} and segment = 'Champions' order by 1`),
    );
    const moved = [
      ...after.filter((id) => !before.includes(id)).map((id) => `${id}:entered`),
      ...before.filter((id) => !after.includes(id)).map((id) => `${id}:exited`),
    ].sort();
    expect(moved.length).toBeGreaterThan(0);
    const logged = await api.segment.changes({ workspaceId: ws.id, segmentId: seg.id, limit: 1000 });
    expect(
      logged.items
        .filter((c) => c.cause === "rfm")
        .map((c) => `${c.customerId}:${c.change}`)
        .sort(),
    ).toEqual(moved);
  });

  it(
    "on the online-retail export: invoices are orders, cancellations lower spend, blank customers are left out, and the choices are stated",
    { timeout: 60_000 },
    async () => {
      const owner = await newUser(database.db, "Retail rfm");
      const ws = await newWorkspace(database.db, owner, "Retail");
      const jobs = testJobs(database.db);
      const api = callerFor(database.db, owner, { jobs });
      await expectCode(api.discovery.saveRfmGroup({ workspaceId: ws.id, group: "Lost", name: "x" }), "PRECONDITION_FAILED");
      const job = await upload(database.db, owner, ws.id, join(datasets, "online-retail-2010-12-01.csv"), "events");
      const view = await api.importJob.byId({ workspaceId: ws.id, jobId: job.id });
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
      await runQueued(jobs);
      await api.importJob.run({ workspaceId: ws.id, jobId: job.id });
      await runQueued(jobs);
      const result = await discovery.scoreRfm(database.db, ws.id);
      const [buyers] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(distinct customer_id)::int as n from events where workspace_id = ${ws.id} and name = 'purchase'`,
      );
      expect(result.scored).toBe(buyers!.n);
      const [c] = await queryRows<{ frequency: number; monetary: string }>(
        database.db,
        sql`select s.frequency, s.monetary::text from rfm_scores s join customers c on c.workspace_id = s.workspace_id and c.id = s.customer_id where s.workspace_id = ${ws.id} and c.external_id = '17850'`,
      );
      // Customer 17850: 10 invoices that day, 1,499.34 in all (as the import test shows).
      expect(c).toEqual({ frequency: 10, monetary: "1499.34" });
      expect(result.choices.join(" ")).toMatch(/cancelled invoices/);
      expect(result.choices.join(" ")).toMatch(/latest purchase, not from today/);
    },
  );
});
