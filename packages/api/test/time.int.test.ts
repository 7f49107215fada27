import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, segmentFlips, segmentMembers, type Database } from "@facet/db";
import { ingest, live, segment } from "@facet/domain";
import type { Rule, SegmentDefinition } from "@facet/validators";
import { callerFor, newUser, newWorkspace, openDatabase, testJobs } from "./fixtures";

// Time passing (PGlite, or the server of TEST_DATABASE_URL): the clock the jobs read is moved on, and with
// no new data the when-next-flip schedule moves customers out of a lapsed window and into "signed up more
// than n days ago", through the sweep and flip jobs, with cause `time` in the change log.
let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

const day = 86_400_000;
const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});

async function setup() {
  const owner = await newUser(database.db, "Owner");
  const ws = await newWorkspace(database.db, owner);
  // The real time plus however far the test has moved the clock on.
  let ahead = 0;
  const clock = () => new Date(Date.now() + ahead);
  const jobs = testJobs(database.db, { now: clock });
  const api = callerFor(database.db, owner, { jobs });
  const send = async (call: string, body: unknown) => {
    await ingest.ingestMessages(database.db, { workspaceId: ws.id }, ingest.parseIngestBody(call, JSON.stringify(body)));
    live.wakeLiveAudiences(jobs, ws.id);
    await jobs.drain();
  };
  const idOf = async (who: string) =>
    (
      await database.db
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.workspaceId, ws.id), eq(customers.externalId, who)))
    )[0]!.id;
  const members = async (segmentId: string) =>
    (
      await database.db
        .select({ id: segmentMembers.customerId })
        .from(segmentMembers)
        .where(and(eq(segmentMembers.workspaceId, ws.id), eq(segmentMembers.segmentId, segmentId)))
    ).map((r) => r.id);
  const schedule = (segmentId: string) =>
    database.db
      .select({ customerId: segmentFlips.customerId, flipAt: segmentFlips.flipAt, condition: segmentFlips.condition })
      .from(segmentFlips)
      .where(and(eq(segmentFlips.workspaceId, ws.id), eq(segmentFlips.segmentId, segmentId)))
      .orderBy(asc(segmentFlips.flipAt));
  /** Moves the clock on, then lets the 30-second sweep run (it queues the workspace's flip job). */
  const advance = async (ms: number) => {
    ahead += ms;
    await jobs.enqueue("segment.timeSweep", {}, { key: "schedule" });
    await jobs.drain();
  };
  const changes = async (segmentId: string) => (await api.segment.changes({ workspaceId: ws.id, segmentId, limit: 1000 })).items;
  /** A full recompute at the same clock finds nothing to correct. */
  const reconcile = async (segmentId: string) =>
    expect(await segment.refreshSegment(database.db, ws.id, segmentId, "manual", { now: clock() })).toMatchObject({
      entered: 0,
      exited: 0,
    });
  return { ws, api, clock, send, idOf, members, schedule, advance, changes, reconcile };
}

describe("time passing", () => {
  it("a 30-day purchase window lapses as the clock moves on, and the flip job moves the customer out with cause time", async () => {
    const t = await setup();
    const bought = new Date(Date.now() - 29 * day);
    await t.send("track", { userId: "ada", event: "purchase", timestamp: bought.toISOString(), properties: { revenue: 20 } });
    await t.send("identify", { userId: "bob", traits: {} });
    const recent = await t.api.segment.create({
      workspaceId: t.ws.id,
      name: "Bought lately",
      definition: def({ type: "event", event: "purchase", operator: "did", window: { kind: "last_days", days: 30 }, where: [] }),
    });
    const ada = await t.idOf("ada");
    const bob = await t.idOf("bob");
    expect(await t.members(recent.id)).toEqual([ada]);
    // The refresh wrote Ada's moment: her purchase leaves the window just after 30 days; Bob has none.
    expect(await t.schedule(recent.id)).toEqual([
      { customerId: ada, flipAt: new Date(bought.getTime() + 30 * day), condition: "purchase in the last 30 days" },
    ]);

    // Bob buys: the live evaluator moves him in and writes his moment.
    await t.send("track", { userId: "bob", event: "purchase", properties: { revenue: 5 } });
    expect((await t.members(recent.id)).sort()).toEqual([ada, bob].sort());
    expect((await t.schedule(recent.id)).map((r) => r.customerId)).toEqual([ada, bob]);

    // Half a day on: nothing is due yet.
    await t.advance(day / 2);
    expect((await t.members(recent.id)).sort()).toEqual([ada, bob].sort());

    // A day on: Ada's purchase has left the window.
    await t.advance(day);
    expect(await t.members(recent.id)).toEqual([bob]);
    const last = (await t.changes(recent.id)).at(-1)!;
    expect(last).toMatchObject({ customerId: ada, change: "exited", cause: "time", detail: { condition: "purchase in the last 30 days" } });
    // Nothing of hers is left ahead; Bob's moment stays.
    expect((await t.schedule(recent.id)).map((r) => r.customerId)).toEqual([bob]);
    await t.reconcile(recent.id);

    // Archived: not followed; restored: followed again.
    await t.api.segment.archive({ workspaceId: t.ws.id, segmentId: recent.id, archived: true });
    expect(await t.schedule(recent.id)).toEqual([]);
    // (The app's clock is the real time, at which Ada's purchase is still in the window: she has a moment again too.)
    await t.api.segment.archive({ workspaceId: t.ws.id, segmentId: recent.id, archived: false });
    expect((await t.schedule(recent.id)).map((r) => r.customerId)).toContain(bob);
  });

  it("'signed up more than 3 days ago' takes a customer in when the clock passes the third day, with cause time", async () => {
    const t = await setup();
    await t.send("identify", { userId: "cy", traits: {} });
    const veterans = await t.api.segment.create({
      workspaceId: t.ws.id,
      name: "Veterans",
      definition: def({ type: "attribute", attribute: "created_at", operator: "not_within_last_days", value: 3 }),
    });
    const cy = await t.idOf("cy");
    expect(await t.members(veterans.id)).toEqual([]);
    const [moment] = await t.schedule(veterans.id);
    expect(moment).toMatchObject({ customerId: cy, condition: "First seen not in the last 3 days" });

    await t.advance(2 * day);
    expect(await t.members(veterans.id)).toEqual([]);
    await t.advance(day + 60_000);
    expect(await t.members(veterans.id)).toEqual([cy]);
    expect((await t.changes(veterans.id)).at(-1)).toMatchObject({
      customerId: cy,
      change: "entered",
      cause: "time",
      detail: { condition: "First seen not in the last 3 days" },
    });
    // In for good: nothing is ahead.
    expect(await t.schedule(veterans.id)).toEqual([]);
    await t.reconcile(veterans.id);
  });

  it("days since last purchase steps over its threshold with the clock", async () => {
    const t = await setup();
    await t.send("track", {
      userId: "di",
      event: "purchase",
      timestamp: new Date(Date.now() - 5 * day).toISOString(),
      properties: { revenue: 9 },
    });
    const lapsing = await t.api.segment.create({
      workspaceId: t.ws.id,
      name: "Lapsing",
      definition: def({ type: "attribute", attribute: "days_since_last_purchase", operator: "gte", value: 7 }),
    });
    expect(await t.members(lapsing.id)).toEqual([]);
    await t.advance(day);
    expect(await t.members(lapsing.id)).toEqual([]);
    await t.advance(day + 60_000);
    expect(await t.members(lapsing.id)).toEqual([await t.idOf("di")]);
    expect((await t.changes(lapsing.id)).at(-1)).toMatchObject({ change: "entered", cause: "time" });
    await t.reconcile(lapsing.id);
  });
});
