import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, type Database } from "@facet/db";
import type { Rule, SegmentDefinition } from "@facet/validators";
import { callerFor, expectCode, newUser, newWorkspace, openDatabase, testJobs, twoWorkspaces, uniq } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});
const age = (operator: "gte" | "lt", value: number): Rule => ({ type: "attribute", attribute: "age", operator, value });

async function setup() {
  const owner = await newUser(database.db, "Segmenter");
  const ws = await newWorkspace(database.db, owner, "Segments");
  const jobs = testJobs(database.db, { policies: { "segment.refresh": { backoffMs: 200 } } });
  const api = callerFor(database.db, owner, { jobs });
  await api.attribute.create({ workspaceId: ws.id, key: "age", label: "Age", type: "number", dimension: "demographic" });
  const ids: string[] = [];
  for (const [i, a] of [22, 28, 34, 41, 57].entries())
    ids.push((await api.customer.create({ workspaceId: ws.id, email: `c${i}@x.io`, traits: { age: a } })).id);
  return { ws, api, ids, jobs };
}

describe("segments", () => {
  it("save computes members; an edit is a new version with its impact previewed, members refreshed and history kept; restore brings a version back", async () => {
    const { ws, api, ids } = await setup();
    const s = await api.segment.create({ workspaceId: ws.id, name: "Over 30", tags: ["age"], definition: def(age("gte", 30)) });
    expect(s).toMatchObject({ version: 1, memberCount: 3 });
    const members = await api.segment.members({ workspaceId: ws.id, segmentId: s.id, limit: 10 });
    expect(members.items.map((m) => m.id).sort()).toEqual([ids[2], ids[3], ids[4]].sort());

    const preview = await api.segment.preview({ workspaceId: ws.id, segmentId: s.id, definition: def(age("gte", 25), age("lt", 50)) });
    expect(preview).toMatchObject({ total: 5, count: 3, conditions: [4, 4], impact: { entering: 1, leaving: 1 } });
    expect(preview.sample[0]?.values).toHaveProperty("age");

    const v2 = await api.segment.update({ workspaceId: ws.id, segmentId: s.id, definition: def(age("gte", 25), age("lt", 50)) });
    expect(v2).toMatchObject({ version: 2, memberCount: 3 });
    const history = await api.segment.history({ workspaceId: ws.id, segmentId: s.id });
    expect(history.map((h) => [h.reason, h.size, h.entered, h.exited])).toEqual([
      ["created", 3, 3, 0],
      ["edited", 3, 1, 1],
    ]);
    expect((await api.segment.versions({ workspaceId: ws.id, segmentId: s.id })).map((v) => v.version)).toEqual([2, 1]);

    // New data shows up on refresh.
    await api.customer.create({ workspaceId: ws.id, email: "new@x.io", traits: { age: 30 } });
    expect(await api.segment.refresh({ workspaceId: ws.id, segmentId: s.id })).toEqual({
      status: "succeeded",
      error: null,
      size: 4,
      entered: 1,
      exited: 0,
    });

    const restored = await api.segment.restoreVersion({ workspaceId: ws.id, segmentId: s.id, version: 1 });
    expect(restored).toMatchObject({ version: 3, memberCount: 4, definition: def(age("gte", 30)) });

    const mine = await api.segment.ofCustomer({ workspaceId: ws.id, customerId: ids[3]! });
    expect(mine).toMatchObject([{ id: s.id, member: true, why: { matched: true, children: [{ matched: true, seen: 41 }] } }]);
    // A customer outside the segment sees it too, with why not.
    expect(await api.segment.ofCustomer({ workspaceId: ws.id, customerId: ids[0]! })).toMatchObject([
      { id: s.id, member: false, why: { matched: false, children: [{ matched: false, seen: 22 }] } },
    ]);
  });

  it("why on a profile counts all of a heavy user's events (over 5,000), and says why not for segments they are not in", async () => {
    const { ws, api, ids } = await setup();
    const { sql } = await import("drizzle-orm");
    await database.db.execute(
      sql`insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue)
          select ${ws.id}, ${ids[4]!}, 'purchase', now() - make_interval(mins => g), jsonb_build_object('category', case when g % 2 = 0 then 'books' else 'music' end), 2
          from generate_series(1, 6000) g`,
    );
    const purchases = (operator: "at_least", count: number, extra: Partial<Extract<Rule, { type: "event" }>> = {}): Rule => ({
      type: "event",
      event: "purchase",
      operator,
      count,
      window: { kind: "ever" },
      where: [],
      ...extra,
    });
    const heavy = await api.segment.create({ workspaceId: ws.id, name: "A heavy buyer", definition: def(purchases("at_least", 5500)) });
    const books = await api.segment.create({
      workspaceId: ws.id,
      name: "B books 3,000 and 6,000 spent",
      definition: def(
        purchases("at_least", 3000, {
          where: [{ property: "category", operator: "eq", value: "BOOKS" }],
          aggregate: { fn: "sum", property: "revenue", operator: "gte", value: 6000 },
        }),
      ),
    });
    const heavier = await api.segment.create({ workspaceId: ws.id, name: "C heavier", definition: def(purchases("at_least", 7000)) });
    expect([heavy.memberCount, books.memberCount, heavier.memberCount]).toEqual([1, 1, 0]);
    expect(await api.segment.ofCustomer({ workspaceId: ws.id, customerId: ids[4]! })).toMatchObject([
      { id: heavy.id, member: true, why: { matched: true, children: [{ matched: true, seen: 6000 }] } },
      { id: books.id, member: true, why: { matched: true, children: [{ matched: true, seen: 3000 }] } },
      { id: heavier.id, member: false, why: { matched: false, children: [{ matched: false, seen: 6000 }] } },
    ]);
  });

  it("a failed refresh keeps the last good members and time, says why on the segment and the list, and is retried with backoff", async () => {
    const { ws, api, ids, jobs } = await setup();
    const s = await api.segment.create({ workspaceId: ws.id, name: "Over 30", definition: def(age("gte", 30)) });
    const before = await api.segment.byId({ workspaceId: ws.id, segmentId: s.id });
    expect(before).toMatchObject({ memberCount: 3, refreshError: null });
    // A value of the wrong type written behind the app's back makes the refresh's query fail.
    await database.db.execute(
      sql`update customers set traits = jsonb_set(traits, '{age}', '"abc"') where workspace_id = ${ws.id} and id = ${ids[0]!}`,
    );
    const started = Date.now();
    expect(await api.segment.refresh({ workspaceId: ws.id, segmentId: s.id })).toMatchObject({
      status: "retrying",
      error: "It stopped on an unexpected error.",
    });
    const failed = await api.segment.byId({ workspaceId: ws.id, segmentId: s.id });
    expect(failed).toMatchObject({
      memberCount: 3,
      refreshedAt: before.refreshedAt,
      refreshError: "The refresh stopped on an unexpected error.",
    });
    expect((await api.segment.list({ workspaceId: ws.id })).items.find((x) => x.id === s.id)).toMatchObject({
      refreshError: "The refresh stopped on an unexpected error.",
    });
    const job = (await jobs.latest("segment.refresh", s.id))!;
    expect(job).toMatchObject({ status: "retrying", attempts: 1 });
    expect(job.runAt.getTime()).toBeGreaterThanOrEqual(started + 200);
    // Still failing: the second attempt waits twice as long.
    await expect.poll(async () => (await jobs.drain(), (await jobs.status(job.id))!.attempts), { timeout: 10_000, interval: 50 }).toBe(2);
    const second = (await jobs.status(job.id))!;
    expect(second.status).toBe("retrying");
    expect(second.runAt.getTime() - (second.startedAt?.getTime() ?? 0)).toBeGreaterThanOrEqual(400);
    // Once the data is fixed, the next attempt succeeds and the segment is fresh again.
    await database.db.execute(
      sql`update customers set traits = jsonb_set(traits, '{age}', '22') where workspace_id = ${ws.id} and id = ${ids[0]!}`,
    );
    await expect
      .poll(async () => (await jobs.drain(), (await jobs.status(job.id))!.status), { timeout: 10_000, interval: 50 })
      .toBe("succeeded");
    const fixed = await api.segment.byId({ workspaceId: ws.id, segmentId: s.id });
    expect(fixed.refreshError).toBeNull();
    expect(fixed.refreshedAt!.getTime()).toBeGreaterThan(before.refreshedAt!.getTime());
  });

  it("two refreshes of one segment at once are one job: both callers get its result", async () => {
    const { ws, api } = await setup();
    const s = await api.segment.create({ workspaceId: ws.id, name: "Over 30", definition: def(age("gte", 30)) });
    await api.customer.create({ workspaceId: ws.id, email: "late@x.io", traits: { age: 33 } });
    const both = await Promise.all([
      api.segment.refresh({ workspaceId: ws.id, segmentId: s.id }),
      api.segment.refresh({ workspaceId: ws.id, segmentId: s.id }),
    ]);
    expect(both.map((r) => [r.status, r.size, r.entered])).toEqual([
      ["succeeded", 4, 1],
      ["succeeded", 4, 1],
    ]);
    const refreshes = await api.segment.history({ workspaceId: ws.id, segmentId: s.id });
    expect(refreshes.map((r) => r.reason)).toEqual(["created", "manual"]);
    expect((await api.segment.members({ workspaceId: ws.id, segmentId: s.id, limit: 10 })).items).toHaveLength(4);
  });

  it("segments can use segments, but never in a circle; an unknown attribute or bad value is a clear error", async () => {
    const { ws, api } = await setup();
    const older = await api.segment.create({ workspaceId: ws.id, name: "Older", definition: def(age("gte", 40)) });
    const notOlder = await api.segment.create({
      workspaceId: ws.id,
      name: "Not older",
      definition: def({ type: "segment", segmentId: older.id, operator: "not_in" }),
    });
    expect(notOlder.memberCount).toBe(3);
    await expectCode(
      api.segment.update({
        workspaceId: ws.id,
        segmentId: older.id,
        definition: def({ type: "segment", segmentId: notOlder.id, operator: "in" }),
      }),
      "BAD_REQUEST",
    );
    await expect(
      api.segment.preview({ workspaceId: ws.id, definition: def({ type: "attribute", attribute: "height", operator: "is_set" }) }),
    ).rejects.toThrow('There is no attribute "height".');
    await expect(
      api.segment.preview({ workspaceId: ws.id, definition: def({ type: "attribute", attribute: "age", operator: "in", value: ["x"] }) }),
    ).rejects.toThrow("doesn't apply to Age");
  });

  it("viewers see segments but can't change them; archive hides a segment from the list", async () => {
    const f = await twoWorkspaces(database.db);
    const owner = callerFor(database.db, f.ownerA);
    const s = await owner.segment.create({ workspaceId: f.wsA.id, name: "All", definition: def() });
    const viewer = callerFor(database.db, f.viewer);
    expect((await viewer.segment.list({ workspaceId: f.wsA.id })).items.map((x) => x.id)).toEqual([s.id]);
    await expectCode(viewer.segment.create({ workspaceId: f.wsA.id, name: "Nope", definition: def() }), "FORBIDDEN");
    await owner.segment.archive({ workspaceId: f.wsA.id, segmentId: s.id, archived: true });
    expect((await viewer.segment.list({ workspaceId: f.wsA.id })).items).toEqual([]);
    expect((await viewer.segment.list({ workspaceId: f.wsA.id, archived: true })).items.map((x) => x.id)).toEqual([s.id]);
  });

  it("scheduled refreshes run when due, record why, and skip segments refreshed recently or set to manual", async () => {
    const { ws, api, jobs } = await setup();
    const hourly = await api.segment.create({ workspaceId: ws.id, name: "Hourly", schedule: "hourly", definition: def(age("gte", 30)) });
    const manual = await api.segment.create({ workspaceId: ws.id, name: "Manual", schedule: "manual", definition: def(age("gte", 30)) });
    // Written straight to the table, so the live evaluator never hears of it: only a refresh finds it.
    await database.db.insert(customers).values({ workspaceId: ws.id, id: `cus_${uniq()}`, email: "later@x.io", traits: { age: 33 } });
    const { segment } = await import("@facet/domain");
    // Thirty minutes later: not due yet. Ninety: due.
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    const due = async (minutes: number) =>
      (await segment.dueSegments(database.db, later(minutes), 100_000)).filter((s) => s.workspace_id === ws.id).map((s) => s.id);
    expect(await due(30)).toEqual([]);
    expect(await due(90)).toEqual([hourly.id]);
    await jobs.drain(); // the live evaluation of the customers setup created (nothing to move: the saves computed them)
    // The schedule's job queues a refresh job per due segment; here the test's runner runs the one that is due now.
    await jobs.enqueue("segment.refresh", { segmentId: hourly.id, reason: "schedule" }, { key: hourly.id, workspaceId: ws.id });
    expect((await jobs.drain()).map((d) => d.outcome.status)).toEqual(["succeeded"]);
    expect((await api.segment.byId({ workspaceId: ws.id, segmentId: hourly.id })).memberCount).toBe(4);
    expect((await api.segment.history({ workspaceId: ws.id, segmentId: hourly.id })).at(-1)).toMatchObject({
      reason: "schedule",
      entered: 1,
      exited: 0,
    });
    expect((await api.segment.byId({ workspaceId: ws.id, segmentId: manual.id })).memberCount).toBe(3);
  });

  it("overlap: shared members per pair and members only one segment has", async () => {
    const { ws, api } = await setup();
    const over30 = await api.segment.create({ workspaceId: ws.id, name: "30+", definition: def(age("gte", 30)) }); // 34, 41, 57
    const under45 = await api.segment.create({ workspaceId: ws.id, name: "<45", definition: def(age("lt", 45)) }); // 22, 28, 34, 41
    const under25 = await api.segment.create({ workspaceId: ws.id, name: "<25", definition: def(age("lt", 25)) }); // 22
    const o = await api.segment.overlap({ workspaceId: ws.id, segmentIds: [over30.id, under45.id, under25.id] });
    expect(o.matrix).toEqual([
      [3, 2, 0],
      [2, 4, 1],
      [0, 1, 1],
    ]);
    expect(o.segments.map((s) => s.exclusive)).toEqual([1, 1, 0]);
    // As a persona set: 57 and 28 land in exactly one; 22, 34 and 41 in several; nobody in none.
    expect(o.coverage).toEqual({ total: 5, none: 0, one: 2, several: 3 });
    const apart = await api.segment.overlap({
      workspaceId: ws.id,
      segmentIds: [under25.id, (await api.segment.create({ workspaceId: ws.id, name: "50+", definition: def(age("gte", 50)) })).id],
    });
    expect(apart.coverage).toEqual({ total: 5, none: 3, one: 2, several: 0 });
  });

  it("overlap follows deletions at once: the erased customer leaves the pairs before any refresh", async () => {
    const { ws, api, ids } = await setup();
    const over30 = await api.segment.create({ workspaceId: ws.id, name: "30+", definition: def(age("gte", 30)) }); // 34, 41, 57
    const under45 = await api.segment.create({ workspaceId: ws.id, name: "<45", definition: def(age("lt", 45)) }); // 22, 28, 34, 41
    const pair = { workspaceId: ws.id, segmentIds: [over30.id, under45.id] };
    expect((await api.segment.overlap(pair)).matrix[0]![1]).toBe(2);
    await api.customer.delete({ workspaceId: ws.id, customerIds: [ids[2]!] }); // 34
    const after = await api.segment.overlap(pair);
    expect(after.matrix).toEqual([
      [2, 1],
      [1, 3],
    ]);
    expect(after.segments.map((s) => s.size)).toEqual([2, 3]);
    expect(after.coverage).toEqual({ total: 4, none: 0, one: 3, several: 1 });
    // The rebuilt lists were stored: a second look reads them and agrees.
    expect(await api.segment.overlap(pair)).toEqual(after);
  });

  it("exports members as CSV with every attribute, escaped; another workspace's segment is not found", async () => {
    const { ws, api, ids } = await setup();
    await api.customer.update({ workspaceId: ws.id, customerId: ids[4]!, name: "=HYPERLINK(1)" });
    const s = await api.segment.create({ workspaceId: ws.id, name: "50+", definition: def(age("gte", 50)) });
    const { segment, resolveScope } = await import("@facet/domain");
    const owner = (await api.account.me()).id;
    const scope = await resolveScope(database.db, owner, ws.id);
    let csv = "";
    for await (const chunk of segment.exportSegmentMembersCsv(scope, s.id)) csv += chunk;
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("email");
    expect(lines[1]).toContain("c4@x.io");
    expect(lines[1]).toContain("'=HYPERLINK(1)");
    const other = await setup();
    const otherScope = await resolveScope(database.db, (await other.api.account.me()).id, other.ws.id);
    await expect(segment.exportSegmentMembersCsv(otherScope, s.id).next()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
