import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributes, customers, events, type Database } from "@facet/db";
import { apiKey, apiKeyScope, customer, ingest } from "@facet/domain";
import { callerFor, expectCode, newUser, newWorkspace, openDatabase, twoWorkspaces } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

async function setup() {
  const owner = await newUser(database.db, "Owner");
  const ws = await newWorkspace(database.db, owner);
  const api = callerFor(database.db, owner);
  const send = (call: string, body: unknown) =>
    ingest.ingestMessages(database.db, ws.id, ingest.parseIngestBody(call, JSON.stringify(body)));
  const customerBy = async (externalId: string) =>
    (
      await database.db
        .select()
        .from(customers)
        .where(and(eq(customers.workspaceId, ws.id), eq(customers.externalId, externalId)))
    )[0];
  return { owner, ws, api, send, customerBy };
}

describe("API keys", () => {
  it("are shown once, stored hashed, authenticate to their own workspace, and stop working when revoked", async () => {
    const { wsA, wsB, ownerA, ownerB, editor } = await twoWorkspaces(database.db);
    const api = callerFor(database.db, ownerA);
    const { key, secret } = await api.apiKey.create({ workspaceId: wsA.id, name: "Website", kind: "write" });
    expect(secret).toMatch(/^fct_w_/);
    expect(key.prefix).toBe(secret.slice(0, 12));
    expect(JSON.stringify(await api.apiKey.list({ workspaceId: wsA.id }))).not.toContain(secret);
    expect(await apiKey.authenticateApiKey(database.db, secret)).toMatchObject({ workspaceId: wsA.id, kind: "write" });
    expect((await api.apiKey.list({ workspaceId: wsA.id }))[0]?.lastUsedAt).toBeInstanceOf(Date);
    const { secret: secretB } = await callerFor(database.db, ownerB).apiKey.create({ workspaceId: wsB.id, name: "B", kind: "readWrite" });
    expect(await apiKey.authenticateApiKey(database.db, secretB)).toMatchObject({ workspaceId: wsB.id });
    await expectCode(callerFor(database.db, editor).apiKey.create({ workspaceId: wsA.id, name: "x", kind: "write" }), "FORBIDDEN");
    await api.apiKey.revoke({ workspaceId: wsA.id, apiKeyId: key.id });
    expect(await apiKey.authenticateApiKey(database.db, secret)).toBeNull();
    expect(await apiKey.authenticateApiKey(database.db, "fct_w_" + "x".repeat(32))).toBeNull();
  });
});

describe("ingest API (Segment spec)", () => {
  it("identify upserts the customer; unknown traits become typed attributes", async () => {
    const { ws, send, customerBy } = await setup();
    await send("identify", {
      userId: 42,
      traits: {
        email: "Ada@Example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        age: 36,
        plan: "pro",
        vip: true,
        interests: ["fitness", "nutrition"],
        signedUpAt: "2024-01-31T10:00:00Z",
        address: undefined,
      },
    });
    const ada = await customerBy("42");
    expect(ada).toMatchObject({ email: "ada@example.com", name: "Ada Lovelace" });
    expect(ada?.traits).toEqual({
      age: 36,
      plan: "pro",
      vip: true,
      interests: ["fitness", "nutrition"],
      signed_up_at: "2024-01-31T10:00:00.000Z",
    });
    const types = Object.fromEntries(
      (await database.db.select().from(attributes).where(eq(attributes.workspaceId, ws.id))).map((a) => [a.key, a.type]),
    );
    expect(types).toMatchObject({ age: "number", plan: "string", vip: "boolean", interests: "list", signed_up_at: "date" });
    await send("identify", { userId: "42", traits: { plan: "team" } });
    expect((await customerBy("42"))?.traits).toMatchObject({ age: 36, plan: "team" });
  });

  it("a wrongly-typed trait fails the whole call, naming the trait, and stores nothing", async () => {
    const { send, customerBy } = await setup();
    await send("identify", { userId: "u1", traits: { age: 30 } });
    await expect(
      send("batch", {
        batch: [
          { type: "track", userId: "u2", event: "signup" },
          { type: "identify", userId: "u1", traits: { age: "thirty" } },
        ],
      }),
    ).rejects.toThrow('batch[1].traits.age: "thirty" is not a number (the attribute "age" is number).');
    expect(await customerBy("u2")).toBeUndefined();
  });

  it("rejects malformed and oversized messages with a message naming the problem", () => {
    const parse = (call: string, body: unknown) => () =>
      ingest.parseIngestBody(call, typeof body === "string" ? body : JSON.stringify(body));
    expect(parse("track", { userId: "1" })).toThrow(/event/);
    expect(parse("track", { event: "x" })).toThrow("Either userId or anonymousId is required");
    expect(parse("identify", "{nope")).toThrow("The body is not valid JSON.");
    expect(parse("batch", { batch: [{ type: "explode", userId: "1" }] })).toThrow("batch[0].type: must be one of");
    expect(parse("track", { userId: "1", event: "x", timestamp: "yesterday" })).toThrow("timestamp: Not a valid ISO-8601 time");
    expect(parse("track", { userId: "1", event: "x", properties: { blob: "x".repeat(33 * 1024) } })).toThrow(/limit is 32 KB/);
    expect(
      parse("batch", {
        batch: Array.from({ length: 20 }, () => ({ type: "track", userId: "1", event: "x", properties: { b: "y".repeat(30_000) } })),
      }),
    ).toThrow(/500 KB per batch/);
    expect(parse("frobnicate", {})).toThrow('Unknown call "frobnicate"');
  });

  it("track stores events once per messageId and keeps purchase metrics current", async () => {
    const { ws, send, customerBy } = await setup();
    const buy = (messageId: string, revenue: number, day: number) => ({
      type: "track",
      userId: "buyer",
      event: "Order Completed",
      messageId,
      timestamp: `2024-03-0${day}T12:00:00Z`,
      properties: { revenue, products: [{ sku: "A" }] },
    });
    await send("batch", { batch: [buy("m1", 20, 1), buy("m2", 30.5, 3), { type: "page", userId: "buyer", name: "Pricing" }] });
    await send("track", buy("m1", 20, 1)); // a retry: accepted, stored once
    const c = await customerBy("buyer");
    expect(c).toMatchObject({ orderCount: 2, totalSpend: "50.50" });
    expect(c?.firstPurchaseAt?.toISOString()).toBe("2024-03-01T12:00:00.000Z");
    expect(c?.lastPurchaseAt?.toISOString()).toBe("2024-03-03T12:00:00.000Z");
    const stored = await database.db.select().from(events).where(eq(events.workspaceId, ws.id));
    expect(stored.map((e) => e.name).sort()).toEqual(["Order Completed", "Order Completed", "page"]);
    expect(stored.find((e) => e.name === "page")?.properties).toEqual({ name: "Pricing" });
  });

  it("alias merges an anonymous visitor into the signed-up user, events and metrics included", async () => {
    const { ws, api, send, customerBy } = await setup();
    await send("track", { anonymousId: "anon-1", event: "purchase", properties: { revenue: 10 } });
    await send("identify", { anonymousId: "anon-1", traits: { utm_source: "newsletter" } });
    await send("identify", { userId: "user-9", traits: { email: "nine@example.com", plan: "pro" } });
    await send("track", { userId: "user-9", event: "purchase", properties: { revenue: 5 } });
    // Two segments holding both customers: after the merge, their overlap counts one person.
    const buyers = (name: string, operator: "did" | "at_least") =>
      api.segment.create({
        workspaceId: ws.id,
        name,
        definition: {
          version: 1,
          root: {
            type: "group",
            combinator: "and",
            negate: false,
            children: [{ type: "event", event: "purchase", operator, count: 1, window: { kind: "ever" }, where: [] }],
          },
        },
      });
    const pair = { workspaceId: ws.id, segmentIds: [(await buyers("Bought", "did")).id, (await buyers("Bought once", "at_least")).id] };
    expect((await api.segment.overlap(pair)).matrix).toEqual([
      [2, 2],
      [2, 2],
    ]);
    await send("alias", { previousId: "anon-1", userId: "user-9" });
    const all = await database.db.select().from(customers).where(eq(customers.workspaceId, ws.id));
    expect(all).toHaveLength(1);
    expect((await api.segment.overlap(pair)).matrix).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(await customerBy("user-9")).toMatchObject({
      anonymousId: "anon-1",
      orderCount: 2,
      totalSpend: "15.00",
      traits: { utm_source: "newsletter", plan: "pro" },
    });
  });

  it("identify with both ids ties an anonymous visitor to the user", async () => {
    const { ws, send, customerBy } = await setup();
    await send("page", { anonymousId: "anon-2", name: "Home" });
    await send("identify", { anonymousId: "anon-2", userId: "user-2", traits: {} });
    expect(await customerBy("user-2")).toMatchObject({ anonymousId: "anon-2" });
    expect(await database.db.select().from(customers).where(eq(customers.workspaceId, ws.id))).toHaveLength(1);
  });

  it("a key of workspace A never writes to workspace B", async () => {
    const { wsA, wsB, ownerA } = await twoWorkspaces(database.db);
    const { secret } = await callerFor(database.db, ownerA).apiKey.create({ workspaceId: wsA.id, name: "A", kind: "write" });
    const key = await apiKey.authenticateApiKey(database.db, secret);
    await ingest.ingestMessages(
      database.db,
      key!.workspaceId,
      ingest.parseIngestBody("identify", JSON.stringify({ userId: "x", traits: { workspaceId: wsB.id } })),
    );
    expect(await database.db.select().from(customers).where(eq(customers.workspaceId, wsB.id))).toHaveLength(0);
    expect(await database.db.select().from(customers).where(eq(customers.workspaceId, wsA.id))).toHaveLength(1);
  });
});

describe("REST API keys", () => {
  it("act as the key in their own workspace only; write-only keys are refused", async () => {
    const { wsA, wsB, ownerA, ownerB } = await twoWorkspaces(database.db);
    const a = callerFor(database.db, ownerA);
    const customerA = await a.customer.create({ workspaceId: wsA.id, email: "a@example.com", traits: {} });
    const { secret: rwB } = await callerFor(database.db, ownerB).apiKey.create({
      workspaceId: wsB.id,
      name: "B backend",
      kind: "readWrite",
    });
    const { secret: writeA } = await a.apiKey.create({ workspaceId: wsA.id, name: "A tracking", kind: "write" });
    const scopeB = await apiKeyScope(database.db, rwB);
    expect(scopeB).toMatchObject({
      workspaceId: wsB.id,
      role: "editor",
      actor: { kind: "apiKey", name: "B backend", permission: "readWrite" },
    });
    await expect(customer.customerById(scopeB!, customerA.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(customer.deleteCustomers(scopeB!, [customerA.id])).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(apiKeyScope(database.db, writeA)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await apiKeyScope(database.db, "fct_rw_" + "y".repeat(30))).toBeNull();
  });
});
