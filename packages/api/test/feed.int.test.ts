import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, queryRows, type Database } from "@facet/db";
import { ingest, live } from "@facet/domain";
import type { Rule, SegmentDefinition } from "@facet/validators";
import { callerFor, newUser, newWorkspace, openDatabase, testJobs } from "./fixtures";
import { restClient } from "./rest";

// What users see of live audiences, on a real database (PGlite, or the server of TEST_DATABASE_URL): the
// segment page's activity feed and size history, a customer's segment history, freshness, and retention.
let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});
const purchased: Rule = { type: "event", event: "purchase", operator: "did", window: { kind: "ever" }, where: [] };
const purchasedLately: Rule = { type: "event", event: "purchase", operator: "did", window: { kind: "last_days", days: 30 }, where: [] };
const onPlan = (plan: string): Rule => ({ type: "attribute", attribute: "plan", operator: "in", value: [plan] });

async function setup(options: { changeLogRetentionDays?: number } = {}) {
  const owner = await newUser(database.db, "Owner");
  const ws = await newWorkspace(database.db, owner);
  const jobs = testJobs(database.db, options);
  const api = callerFor(database.db, owner, { jobs });
  await api.attribute.create({ workspaceId: ws.id, key: "plan", label: "Plan", type: "string", dimension: "value" });
  const send = async (call: string, body: unknown) => {
    await ingest.ingestMessages(database.db, { workspaceId: ws.id }, ingest.parseIngestBody(call, JSON.stringify(body)));
    live.wakeLiveAudiences(jobs, ws.id);
    await jobs.drain();
  };
  const customerId = async (externalId: string) =>
    (
      await database.db
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.workspaceId, ws.id), eq(customers.externalId, externalId)))
    )[0]!.id;
  const create = (name: string, definition: SegmentDefinition) => api.segment.create({ workspaceId: ws.id, name, definition });
  /** Moves a segment's log entries back in time (as if they happened then). */
  const backdate = (segmentId: string, customerId: string, at: Date) =>
    database.db.execute(
      sql`update segment_changes set at = ${at.toISOString()}::timestamptz where workspace_id = ${ws.id} and segment_id = ${segmentId} and customer_id = ${customerId}`,
    );
  return { owner, ws, jobs, api, send, customerId, create, backdate };
}

describe("segment activity feed", () => {
  it("shows the newest first, pages older, and follows what comes after its cursor", async () => {
    const t = await setup();
    const buyers = await t.create("Buyers", def(purchased));
    for (let i = 1; i <= 5; i++) await t.send("track", { userId: `u${i}`, event: "purchase", messageId: `m-${i}` });
    const input = { workspaceId: t.ws.id, segmentId: buyers.id };

    const first = await t.api.segment.activity({ ...input, limit: 3 });
    const u = await Promise.all([5, 4, 3, 2, 1].map((i) => t.customerId(`u${i}`)));
    // Customers first seen in a purchase are "created" with the event that made them.
    expect(first.items.map((e) => [e.customerId, e.change, e.cause])).toEqual([
      [u[0], "entered", "created"],
      [u[1], "entered", "created"],
      [u[2], "entered", "created"],
    ]);
    expect(first.items[0]!.detail).toMatchObject({ events: [{ name: "purchase", messageId: "m-5" }] });
    expect(first.gap).toBe(false);
    const older = await t.api.segment.activity({ ...input, limit: 3, before: first.older });
    expect(older.items.map((e) => e.customerId)).toEqual([u[3], u[4]]);
    expect(older.older).toBeNull();

    // Nothing new: the cursor stays where it was.
    const idle = await t.api.segment.activity({ ...input, limit: 3, after: first.newest });
    expect(idle).toMatchObject({ items: [], newest: first.newest, gap: false });
    // Two more: they come on top, newest first.
    await t.send("track", { userId: "u6", event: "purchase", messageId: "m-6" });
    await t.send("track", { userId: "u7", event: "purchase", messageId: "m-7" });
    const next = await t.api.segment.activity({ ...input, limit: 3, after: first.newest });
    expect(next.items.map((e) => e.customerId)).toEqual([await t.customerId("u7"), await t.customerId("u6")]);
    expect(next.gap).toBe(false);
    // The feed's cursor is the REST/tRPC change cursor: following from it with segment.changes finds nothing missed.
    expect((await t.api.segment.changes({ ...input, since: next.newest, limit: 10 })).items).toEqual([]);
    expect((await t.api.segment.changes({ ...input, since: first.newest, limit: 10 })).items).toHaveLength(2);

    // More than a page came: the newest page, flagged, and the rest reachable by paging older.
    for (let i = 8; i <= 12; i++) await t.send("track", { userId: `u${i}`, event: "purchase" });
    const burst = await t.api.segment.activity({ ...input, limit: 3, after: next.newest });
    expect(burst.gap).toBe(true);
    expect(burst.items.map((e) => e.customerId)).toEqual(await Promise.all([12, 11, 10].map((i) => t.customerId(`u${i}`))));
    const rest = await t.api.segment.activity({ ...input, limit: 10, before: burst.older });
    expect(rest.items).toHaveLength(9);
  });

  it("an erased customer's exit stays, as an id without a name", async () => {
    const t = await setup();
    const buyers = await t.create("Buyers", def(purchased));
    await t.send("identify", { userId: "maya", traits: { name: "Maya Chen" } });
    await t.send("track", { userId: "maya", event: "purchase", messageId: "m-1234" });
    const maya = await t.customerId("maya");
    const feed = await t.api.segment.activity({ workspaceId: t.ws.id, segmentId: buyers.id });
    expect(feed.items[0]).toMatchObject({ customerId: maya, name: "Maya Chen", exists: true, change: "entered", cause: "event" });
    await t.api.customer.delete({ workspaceId: t.ws.id, customerIds: [maya] });
    const after = await t.api.segment.activity({ workspaceId: t.ws.id, segmentId: buyers.id });
    expect(after.items[0]).toMatchObject({
      customerId: maya,
      name: null,
      email: null,
      exists: false,
      change: "exited",
      cause: "erase",
    });
  });

  it("a cursor that isn't one is a 400 naming the field", async () => {
    const t = await setup();
    const s = await t.create("All", def());
    await expect(t.api.segment.activity({ workspaceId: t.ws.id, segmentId: s.id, before: "nope!" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("customer segment history", () => {
  it("lists entered and left, with the segment and why, newest first and paged", async () => {
    const t = await setup();
    const pro = await t.create("Pro", def(onPlan("pro")));
    const buyers = await t.create("Buyers", def(purchased));
    await t.send("identify", { userId: "ada", traits: { plan: "pro" } });
    const ada = await t.customerId("ada");
    await t.send("track", { userId: "ada", event: "purchase", messageId: "m-1" });
    await t.api.customer.update({ workspaceId: t.ws.id, customerId: ada, traits: { plan: "free" } });
    await t.jobs.drain();
    // Someone else's changes are not Ada's.
    await t.send("identify", { userId: "bob", traits: { plan: "pro" } });

    const input = { workspaceId: t.ws.id, customerId: ada };
    const all = await t.api.customer.segmentHistory({ ...input, limit: 10 });
    expect(all.items.map((e) => [e.segmentName, e.change, e.cause])).toEqual([
      ["Pro", "exited", "edit"],
      ["Buyers", "entered", "event"],
      ["Pro", "entered", "created"],
    ]);
    expect(all.items[0]!.detail).toMatchObject({ keys: ["plan"] });
    expect(all.items[1]).toMatchObject({ segmentId: buyers.id, detail: { events: [{ messageId: "m-1" }] } });
    expect(all.items[2]!.segmentId).toBe(pro.id);
    expect(all.nextCursor).toBeNull();

    const page1 = await t.api.customer.segmentHistory({ ...input, limit: 2 });
    expect(page1.items).toEqual(all.items.slice(0, 2));
    const page2 = await t.api.customer.segmentHistory({ ...input, limit: 2, cursor: page1.nextCursor });
    expect(page2).toEqual({ items: all.items.slice(2), nextCursor: null });

    // The same through REST API v1 (its answers checked against the OpenAPI document).
    const { secret } = await t.api.apiKey.create({ workspaceId: t.ws.id, name: "reader", kind: "readWrite" });
    const rest = restClient(database.db);
    const first = await rest("GET", `/customers/${ada}/segment-changes?limit=2`, { key: secret });
    expect(first.status).toBe(200);
    expect(first.body.data!.map((c) => [c.segmentName, c.change, c.cause])).toEqual([
      ["Pro", "exited", "edit"],
      ["Buyers", "entered", "event"],
    ]);
    const second = await rest("GET", `/customers/${ada}/segment-changes?cursor=${first.body.nextCursor}`, { key: secret });
    expect(second.body).toMatchObject({ data: [{ segmentId: pro.id, change: "entered" }], nextCursor: null });
    expect((await rest("GET", `/customers/${ada}/segment-changes?cursor=nonsense`, { key: secret })).status).toBe(400);
  });

  it("a customer of no segment has an empty history; an erased customer is NOT_FOUND", async () => {
    const t = await setup();
    await t.send("identify", { userId: "zed", traits: {} });
    const zed = await t.customerId("zed");
    expect(await t.api.customer.segmentHistory({ workspaceId: t.ws.id, customerId: zed })).toEqual({ items: [], nextCursor: null });
    await t.api.customer.delete({ workspaceId: t.ws.id, customerIds: [zed] });
    await expect(t.api.customer.segmentHistory({ workspaceId: t.ws.id, customerId: zed })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("size history", () => {
  it("is by the minute for the last day and by the hour before, worked back from the size now", async () => {
    const t = await setup();
    const buyers = await t.create("Buyers", def(purchased));
    for (const u of ["a", "b", "c", "d"]) await t.send("track", { userId: u, event: "purchase" });
    await t.send("identify", { userId: "e", traits: {} });
    const [a, b, c] = await Promise.all(["a", "b", "c"].map(t.customerId));
    const now = Date.now();
    const hour = 3_600_000;
    // a and b entered three days ago within one hour; c two hours ago; d just now.
    const threeDaysAgo = Math.floor((now - 72 * hour) / hour) * hour;
    await t.backdate(buyers.id, a!, new Date(threeDaysAgo + 60_000));
    await t.backdate(buyers.id, b!, new Date(threeDaysAgo + 50 * 60_000));
    await t.backdate(buyers.id, c!, new Date(now - 2 * hour));
    // Someone buys and is erased a minute later: one in, one out.
    await t.send("track", { userId: "e", event: "purchase" });
    await t.api.customer.delete({ workspaceId: t.ws.id, customerIds: [await t.customerId("e")] });

    const h = await t.api.segment.sizeHistory({ workspaceId: t.ws.id, segmentId: buyers.id });
    expect(h.size).toBe(4);
    expect(h.startSize).toBe(0);
    expect(h.steps[0]).toMatchObject({ at: new Date(threeDaysAgo), resolution: "hour", size: 2, entered: 2, exited: 0 });
    expect(h.steps[1]).toMatchObject({ resolution: "minute", size: 3, entered: 1, exited: 0, cause: "created" });
    expect(h.steps[1]!.at.getTime() % 60_000).toBe(0);
    const recent = h.steps.slice(2);
    expect(recent.reduce((n, s) => n + s.entered - s.exited, 0)).toBe(1);
    expect(recent.at(-1)!.size).toBe(4);
    expect(recent.every((s) => s.resolution === "minute")).toBe(true);
    expect(h.from.getTime()).toBe(threeDaysAgo + 60_000);
  });

  it("an empty segment has a flat history at zero", async () => {
    const t = await setup();
    const s = await t.create("Nobody", def(onPlan("none")));
    const h = await t.api.segment.sizeHistory({ workspaceId: t.ws.id, segmentId: s.id });
    expect(h).toMatchObject({ size: 0, startSize: 0, steps: [] });
  });
});

describe("freshness", () => {
  it("live when followed and keeping up (time too); as of the oldest waiting change or overdue moment when behind", async () => {
    const t = await setup();
    const pro = await t.create("Pro", def(onPlan("pro")));
    const recent = await t.create("Recent buyers", def(purchasedLately));
    const refersToRecent = await t.create(
      "Pro recent buyers",
      def(onPlan("pro"), { type: "segment", segmentId: recent.id, operator: "in" }),
    );
    const archived = await t.create("Old", def(onPlan("free")));
    await t.api.segment.archive({ workspaceId: t.ws.id, segmentId: archived.id, archived: true });
    const ids = [pro.id, recent.id, refersToRecent.id, archived.id];
    const scope = { db: database.db, workspaceId: t.ws.id };

    const f = await t.api.segment.freshness({ workspaceId: t.ws.id, segmentIds: ids });
    expect(f[pro.id]).toEqual({ live: true, asOf: null, why: null });
    // Time moves these (one through a reference): the when-next-flip schedule follows them.
    expect(f[recent.id]).toEqual({ live: true, asOf: null, why: null });
    expect(f[refersToRecent.id]).toEqual({ live: true, asOf: null, why: null });
    // A moment of the schedule overdue past the limit: behind, as of that moment; the others are unaffected.
    await t.send("identify", { userId: "flipper", traits: { plan: "free" } });
    await t.jobs.drain();
    const due = new Date(Date.now() - 60_000);
    await database.db.execute(sql`insert into segment_flips (workspace_id, segment_id, customer_id, flip_at, condition)
      values (${t.ws.id}, ${recent.id}, ${await t.customerId("flipper")}, ${due.toISOString()}::timestamptz, 'test')
      on conflict (workspace_id, segment_id, customer_id) do update set flip_at = excluded.flip_at`);
    const overdue = await live.segmentsFreshness(scope, ids.slice(0, 3), new Date(due.getTime() + live.liveLagLimitMs + 1000));
    expect(overdue[recent.id]).toEqual({ live: false, asOf: due, why: "behind" });
    expect(overdue[pro.id]).toEqual({ live: true, asOf: null, why: null });
    expect(f[archived.id]).toMatchObject({ live: false, why: "archived" });

    // A change waiting (the evaluator not run): live for now, behind once it has waited past the limit.
    await ingest.ingestMessages(
      database.db,
      { workspaceId: t.ws.id },
      ingest.parseIngestBody("identify", JSON.stringify({ userId: "x", traits: { plan: "pro" } })),
    );
    const [waiting] = await queryRows<{ created_at: string }>(
      database.db,
      sql`select created_at from customer_changes where workspace_id = ${t.ws.id} order by seq limit 1`,
    );
    const since = new Date(waiting!.created_at);
    expect((await live.segmentsFreshness(scope, [pro.id]))[pro.id]!.live).toBe(true);
    const later = new Date(since.getTime() + live.liveLagLimitMs + 1000);
    expect((await live.segmentsFreshness(scope, [pro.id], later))[pro.id]).toEqual({ live: false, asOf: since, why: "behind" });
    live.wakeLiveAudiences(t.jobs, t.ws.id);
    await t.jobs.drain();
    expect((await live.segmentsFreshness(scope, [pro.id], later))[pro.id]!.live).toBe(true);
  });
});

describe("change log retention", () => {
  it("the prune job deletes entries past the kept period, in batches, and keeps the rest", async () => {
    const t = await setup({ changeLogRetentionDays: 30 });
    const buyers = await t.create("Buyers", def(purchased));
    for (const u of ["a", "b", "c", "d", "e"]) await t.send("track", { userId: u, event: "purchase" });
    const ids = await Promise.all(["a", "b", "c", "d", "e"].map(t.customerId));
    const day = 86_400_000;
    for (const id of ids.slice(0, 3)) await t.backdate(buyers.id, id, new Date(Date.now() - 31 * day));
    await t.backdate(buyers.id, ids[3]!, new Date(Date.now() - 29 * day));
    const logOf = async () =>
      (await t.api.segment.changes({ workspaceId: t.ws.id, segmentId: buyers.id, limit: 100 })).items.map((c) => c.customerId).sort();

    // Two at a time: the three old ones go in two batches, whatever else the database holds.
    const direct = await live.pruneChangeLog(database.db, { retentionDays: 30, batchSize: 2 });
    expect(direct.done).toBe(true);
    expect(direct.deleted).toBeGreaterThanOrEqual(3);
    expect(await logOf()).toEqual([ids[3], ids[4]].sort());

    // Through the job system, with its configured period.
    await t.backdate(buyers.id, ids[3]!, new Date(Date.now() - 31 * day));
    const job = await t.jobs.runNow("segment.changeLogPrune", {});
    expect(job.status).toBe("succeeded");
    expect(job.result).toMatchObject({ done: true });
    expect(await logOf()).toEqual([ids[4]]);
    // The size history starts where the log now starts, at the size then.
    const h = await t.api.segment.sizeHistory({ workspaceId: t.ws.id, segmentId: buyers.id });
    expect(h).toMatchObject({ size: 5, startSize: 4 });
  });

  it("stops within its time budget, leaving the rest for the next run", async () => {
    const t = await setup();
    const buyers = await t.create("Buyers", def(purchased));
    await t.send("track", { userId: "a", event: "purchase" });
    await t.backdate(buyers.id, await t.customerId("a"), new Date(Date.now() - 100 * 86_400_000));
    expect(await live.pruneChangeLog(database.db, { retentionDays: 90, budgetMs: -1 })).toEqual({ deleted: 0, done: false });
  });
});
