import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, queryRows, segmentMembers, type Database } from "@facet/db";
import { ingest, jobs as jobSystem, live, segment } from "@facet/domain";
import type { Rule, SegmentDefinition } from "@facet/validators";
import { callerFor, newUser, newWorkspace, openDatabase, testJobs, uniq } from "./fixtures";
import { restClient } from "./rest";

// Live audiences on a real database (PGlite, or the server of TEST_DATABASE_URL): changes go through the
// outbox, the live evaluator job moves memberships for the changed customers only and logs why, the feed
// follows a segment, and a full refresh afterwards finds nothing to correct.
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
const onPlan = (plan: string): Rule => ({ type: "attribute", attribute: "plan", operator: "in", value: [plan] });

async function setup() {
  const owner = await newUser(database.db, "Owner");
  const ws = await newWorkspace(database.db, owner);
  const jobs = testJobs(database.db);
  const api = callerFor(database.db, owner, { jobs });
  const send = async (call: string, body: unknown) => {
    const r = await ingest.ingestMessages(database.db, { workspaceId: ws.id }, ingest.parseIngestBody(call, JSON.stringify(body)));
    live.wakeLiveAudiences(jobs, ws.id);
    return r;
  };
  const customerId = async (externalId: string) =>
    (
      await database.db
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.workspaceId, ws.id), eq(customers.externalId, externalId)))
    )[0]!.id;
  const members = async (segmentId: string) =>
    (
      await database.db
        .select({ id: segmentMembers.customerId })
        .from(segmentMembers)
        .where(and(eq(segmentMembers.workspaceId, ws.id), eq(segmentMembers.segmentId, segmentId)))
    )
      .map((r) => r.id)
      .sort();
  const changes = async (segmentId: string) => (await api.segment.changes({ workspaceId: ws.id, segmentId, limit: 1000 })).items;
  const create = (name: string, definition: SegmentDefinition) => api.segment.create({ workspaceId: ws.id, name, definition });
  const pending = async () =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from customer_changes where workspace_id = ${ws.id}`))[0]!.n;
  /** A full recompute of each segment, which must find nothing left to correct. */
  const reconcile = async (...segmentIds: string[]) => {
    for (const id of segmentIds)
      expect(await segment.refreshSegment(database.db, ws.id, id, "manual")).toMatchObject({ entered: 0, exited: 0 });
  };
  return { owner, ws, jobs, api, send, customerId, members, changes, create, pending, reconcile };
}

describe("live audiences", () => {
  it("an ingested event moves a customer into a segment within the job run, and the change log says which event", async () => {
    const t = await setup();
    await t.send("identify", { userId: "ada", traits: { plan: "pro" } });
    await t.send("identify", { userId: "bob", traits: { plan: "free" } });
    await t.jobs.drain();
    const buyers = await t.create("Buyers", def(purchased));
    expect(buyers.memberCount).toBe(0);

    await t.send("track", { userId: "ada", event: "purchase", messageId: "m-1234", properties: { revenue: 30 } });
    expect(await t.pending()).toBe(1);
    await t.jobs.drain();
    expect(await t.pending()).toBe(0);

    const ada = await t.customerId("ada");
    expect(await t.members(buyers.id)).toEqual([ada]);
    expect((await t.api.segment.byId({ workspaceId: t.ws.id, segmentId: buyers.id })).memberCount).toBe(1);
    const log = await t.changes(buyers.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ customerId: ada, change: "entered", cause: "event" });
    expect(log[0]!.detail).toMatchObject({ events: [{ name: "purchase", messageId: "m-1234" }] });
    await t.reconcile(buyers.id);
  });

  it("an attribute change moves a customer out; a segment referring to it follows in the same run", async () => {
    const t = await setup();
    await t.send("identify", { userId: "ada", traits: { plan: "pro" } });
    await t.send("identify", { userId: "bob", traits: { plan: "pro" } });
    await t.jobs.drain();
    const pro = await t.create("Pro", def(onPlan("pro")));
    const proBuyers = await t.create("Pro buyers", def({ type: "segment", segmentId: pro.id, operator: "in" }, purchased));
    const notPro = await t.create("Not pro", def({ type: "segment", segmentId: pro.id, operator: "not_in" }));
    await t.send("batch", {
      batch: [
        { type: "track", userId: "ada", event: "purchase" },
        { type: "track", userId: "bob", event: "purchase" },
      ],
    });
    await t.jobs.drain();
    const [ada, bob] = [await t.customerId("ada"), await t.customerId("bob")];
    expect(await t.members(proBuyers.id)).toEqual([ada, bob].sort());

    // Bob moves to the free plan in the app: out of Pro, and so out of Pro buyers and into Not pro.
    await t.api.customer.update({ workspaceId: t.ws.id, customerId: bob, traits: { plan: "free" } });
    await t.jobs.drain();
    expect(await t.members(pro.id)).toEqual([ada]);
    expect(await t.members(proBuyers.id)).toEqual([ada]);
    expect(await t.members(notPro.id)).toEqual([bob]);
    for (const [segmentId, change] of [
      [pro.id, "exited"],
      [proBuyers.id, "exited"],
      [notPro.id, "entered"],
    ] as const) {
      const last = (await t.changes(segmentId)).at(-1)!;
      expect(last).toMatchObject({ customerId: bob, change, cause: "edit", detail: { keys: ["plan"] } });
    }
    await t.reconcile(pro.id, proBuyers.id, notPro.id);
  });

  it("a change touches only the segments that can depend on it", async () => {
    const t = await setup();
    await t.send("identify", { userId: "ada", traits: { plan: "pro" } });
    await t.jobs.drain();
    await t.create("Pro", def(onPlan("pro")));
    const buyers = await t.create("Buyers", def(purchased));
    await t.send("track", { userId: "ada", event: "login" });
    // A login can move neither (no rule on logins or on last-seen): nothing is evaluated.
    expect(await live.processPendingChanges(database.db, t.ws.id)).toEqual({ changes: 1, evaluated: 0, entered: 0, exited: 0 });
    await t.send("track", { userId: "ada", event: "purchase" });
    expect(await live.processPendingChanges(database.db, t.ws.id)).toEqual({ changes: 1, evaluated: 1, entered: 1, exited: 0 });
    expect(await t.members(buyers.id)).toEqual([await t.customerId("ada")]);
  });

  it("new customers, merges and erasures: entered as created, the merged-away one exits, an erased one exits", async () => {
    const t = await setup();
    await t.send("identify", { userId: "seed", traits: { plan: "pro" } });
    await t.jobs.drain();
    const everyone = await t.create("Everyone", def());
    const buyers = await t.create("Buyers", def(purchased));
    await t.send("track", { anonymousId: "anon-1", event: "purchase" });
    await t.jobs.drain();
    const anon = (await t.members(buyers.id))[0]!;
    expect((await t.changes(buyers.id)).at(-1)).toMatchObject({ customerId: anon, change: "entered", cause: "created" });

    await t.send("identify", { userId: "carol", traits: { plan: "free" } });
    await t.send("alias", { userId: "carol", previousId: "anon-1" });
    await t.jobs.drain();
    const carol = await t.customerId("carol");
    expect(await t.members(buyers.id)).toEqual([carol]);
    const merged = await t.changes(buyers.id);
    expect(merged.slice(-2)).toEqual([
      expect.objectContaining({ customerId: anon, change: "exited", cause: "merge" }),
      expect.objectContaining({ customerId: carol, change: "entered", cause: "merge" }),
    ]);

    await t.api.customer.delete({ workspaceId: t.ws.id, customerIds: [carol] });
    expect(await t.members(buyers.id)).toEqual([]);
    expect((await t.changes(buyers.id)).at(-1)).toMatchObject({ customerId: carol, change: "exited", cause: "erase", email: null });
    expect((await t.api.segment.byId({ workspaceId: t.ws.id, segmentId: buyers.id })).memberCount).toBe(0);
    await t.reconcile(everyone.id, buyers.id);
  });

  it("the change feed pages in order without missing or repeating, also while changes keep coming, over REST too", async () => {
    const t = await setup();
    await t.send("identify", { userId: "seed", traits: { plan: "pro" } });
    await t.jobs.drain();
    const buyers = await t.create("Buyers", def(purchased));
    const seen: string[] = [];
    let cursor: string | null = null;
    const follow = async () => {
      for (;;) {
        const page: Awaited<ReturnType<typeof t.api.segment.changes>> = await t.api.segment.changes({
          workspaceId: t.ws.id,
          segmentId: buyers.id,
          since: cursor,
          limit: 3,
        });
        cursor = page.nextCursor;
        seen.push(...page.items.map((c) => `${c.customerId}:${c.change}`));
        if (page.items.length < 3) return;
      }
    };
    for (let round = 0; round < 3; round++) {
      await t.send("batch", {
        batch: Array.from({ length: 4 }, (_, i) => ({ type: "track", userId: `u${round}-${i}`, event: "purchase" })),
      });
      await t.jobs.drain();
      await follow();
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    const all = (await t.changes(buyers.id)).map((c) => `${c.customerId}:${c.change}`);
    expect(seen).toEqual(all);
    // Nothing new: the same cursor comes back with an empty page.
    const idle = await t.api.segment.changes({ workspaceId: t.ws.id, segmentId: buyers.id, since: cursor, limit: 3 });
    expect(idle).toEqual({ items: [], nextCursor: cursor });

    const { secret } = await t.api.apiKey.create({ workspaceId: t.ws.id, name: `rest-${uniq()}`, kind: "readWrite" });
    const rest = restClient(database.db);
    const first = await rest("GET", `/segments/${buyers.id}/changes?limit=5`, { key: secret });
    expect(first.status).toBe(200);
    const body = first.body as unknown as { data: { customerId: string; change: string }[]; nextCursor: string };
    expect(body.data.map((c) => `${c.customerId}:${c.change}`)).toEqual(all.slice(0, 5));
    const rest2 = await rest("GET", `/segments/${buyers.id}/changes?since=${body.nextCursor}&limit=100`, { key: secret });
    expect((rest2.body as unknown as typeof body).data.map((c) => `${c.customerId}:${c.change}`)).toEqual(all.slice(5));
    const bad = await rest("GET", `/segments/${buyers.id}/changes?since=nonsense`, { key: secret });
    expect(bad.status).toBe(400);
  });
});

describe("the live drainer", () => {
  it("a started job system takes changes as soon as they are woken; on start it takes what a stopped process left", async () => {
    const t = await setup();
    await t.send("identify", { userId: "ada", traits: { plan: "pro" } });
    await t.jobs.drain();
    const buyers = await t.create("Buyers", def(purchased));
    // Written and never woken, as if the writing process stopped right after its commit.
    await ingest.ingestMessages(
      database.db,
      { workspaceId: t.ws.id },
      ingest.parseIngestBody("track", JSON.stringify({ userId: "ada", event: "purchase" })),
    );
    expect(await t.pending()).toBe(1);
    // A job system as an app server has it (tests' runners leave other files' workspaces alone).
    const runner = new jobSystem.InProcessJobs({
      db: database.db,
      definitions: jobSystem.jobDefinitions(),
      deps: { uploadDir: "" },
      singleProcess: false,
    });
    await runner.start();
    try {
      const ada = await t.customerId("ada");
      await expect.poll(() => t.members(buyers.id), { timeout: 30_000 }).toEqual([ada]);
      // Woken while running: taken without anyone draining by hand.
      await ingest.ingestMessages(
        database.db,
        { workspaceId: t.ws.id },
        ingest.parseIngestBody("track", JSON.stringify({ userId: "bob", event: "purchase" })),
      );
      live.wakeLiveAudiences(runner, t.ws.id);
      const bob = await t.customerId("bob");
      await expect.poll(() => t.members(buyers.id), { timeout: 30_000 }).toEqual([ada, bob].sort());
      await expect.poll(() => t.pending(), { timeout: 30_000 }).toBe(0);
    } finally {
      await runner.stop();
    }
    await t.reconcile(buyers.id);
  });

  it("a segment whose definition no longer compiles says so and does not hold up the others", async () => {
    const t = await setup();
    await t.send("identify", { userId: "ada", traits: { plan: "pro" } });
    await t.jobs.drain();
    const buyers = await t.create("Buyers", def(purchased));
    const broken = await t.create("Broken", def(purchased));
    // As if the attribute it names had gone (the app doesn't let it happen; data from elsewhere might).
    await database.db.execute(
      sql`update segments set definition = ${JSON.stringify(def(purchased, { type: "attribute", attribute: "ghost", operator: "is_set" }))}::jsonb
          where workspace_id = ${t.ws.id} and id = ${broken.id}`,
    );
    await t.send("track", { userId: "ada", event: "purchase" });
    await t.jobs.drain();
    expect(await t.pending()).toBe(0);
    expect(await t.members(buyers.id)).toEqual([await t.customerId("ada")]);
    expect(await t.members(broken.id)).toEqual([]);
    expect((await t.api.segment.byId({ workspaceId: t.ws.id, segmentId: broken.id })).refreshError).toMatch(
      /^Live evaluation stopped: There is no attribute "ghost"/,
    );
  });

  it("a round that fails leaves its changes pending and does not spin; the next wake-up takes them", async () => {
    const t = await setup();
    await t.send("identify", { userId: "ada", traits: { plan: "pro" } });
    await t.jobs.drain();
    const buyers = await t.create("Buyers", def(purchased));
    await t.send("track", { userId: "ada", event: "purchase" });
    const errors: unknown[] = [];
    let failing = true;
    // A database whose transactions fail while `failing` (as during a failover).
    const drainer = new live.LiveDrainer(
      new Proxy(database.db, {
        get: (target, prop, receiver) =>
          prop === "transaction" && failing
            ? () => Promise.reject(new Error("connection lost"))
            : (Reflect.get(target, prop, receiver) as unknown),
      }),
      { log: (_level, _message, data) => errors.push(data.err) },
    );
    drainer.wake(t.ws.id);
    await drainer.drain();
    expect(errors).toHaveLength(1);
    expect(await t.pending()).toBe(1);
    failing = false;
    drainer.wake(t.ws.id);
    await drainer.drain();
    expect(await t.members(buyers.id)).toEqual([await t.customerId("ada")]);
    expect(await t.pending()).toBe(0);
  });
});

describe("definition edits", () => {
  it("editing a segment refreshes the segments that refer to it, transitively, and their logs name the edit", async () => {
    const t = await setup();
    await t.send("identify", { userId: "ada", traits: { plan: "pro" } });
    await t.send("identify", { userId: "bob", traits: { plan: "free" } });
    await t.jobs.drain();
    const chosen = await t.create("Chosen", def(onPlan("pro")));
    const middle = await t.create("Middle", def({ type: "segment", segmentId: chosen.id, operator: "in" }));
    const outer = await t.create("Outer", def({ type: "segment", segmentId: middle.id, operator: "in" }));
    const [ada, bob] = [await t.customerId("ada"), await t.customerId("bob")];
    expect(await t.members(outer.id)).toEqual([ada]);

    await t.api.segment.update({ workspaceId: t.ws.id, segmentId: chosen.id, definition: def(onPlan("free")) });
    await t.jobs.drain();
    for (const id of [chosen.id, middle.id, outer.id]) {
      expect(await t.members(id)).toEqual([bob]);
      expect((await t.changes(id)).slice(-2)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ customerId: ada, change: "exited", cause: "edited" }),
          expect.objectContaining({ customerId: bob, change: "entered", cause: "edited" }),
        ]),
      );
    }
  });
});
