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
    ingest.ingestMessages(database.db, { workspaceId: ws.id }, ingest.parseIngestBody(call, JSON.stringify(body)));
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

  it("one bad message doesn't sink a batch: the good ones are stored, the bad ones reported with the field", async () => {
    const { send, customerBy } = await setup();
    await send("identify", { userId: "u1", traits: { age: 30 } });
    const track = (userId: string, extra: Record<string, unknown> = {}) => ({ type: "track", userId, event: "signup", ...extra });
    const result = await send("batch", {
      batch: [
        track("u2"),
        { type: "identify", userId: "u1", traits: { age: "thirty" } },
        track("u3", { properties: { blob: "x".repeat(33 * 1024) } }),
        track("u4"),
        { type: "explode", userId: "u5" },
        track("u6"),
      ],
    });
    expect(result.accepted).toBe(3);
    expect(result.rejected.map((r) => [r.index, r.reason])).toEqual([
      [1, 'batch[1].traits.age: "thirty" is not a number (the attribute "age" is number).'],
      [2, "batch[2] is larger than 32 KB (the limit per message)."],
      [4, "batch[4].type: must be one of identify, track, page, screen, group, alias"],
    ]);
    for (const stored of ["u2", "u4", "u6"]) expect(await customerBy(stored), stored).toBeDefined();
    expect(await customerBy("u3")).toBeUndefined();
    expect((await customerBy("u1"))?.traits).toEqual({ age: 30 });
  });

  it("refuses, naming the field, what would fail in the database or lose data (each alone, and beside a good message)", async () => {
    const { ws, send, customerBy } = await setup();
    const reasonOf = async (call: string, text: string) => {
      const result = await ingest.ingestMessages(database.db, { workspaceId: ws.id }, ingest.parseIngestBody(call, text));
      expect(result.accepted).toBe(0);
      return result.rejected.map((r) => r.reason).join(" | ");
    };
    const track = (extra: string) => `{"userId":"1","event":"x",${extra}}`;
    expect(await reasonOf("track", '{"userId":"1"}')).toMatch(/^event: /);
    expect(await reasonOf("track", '{"event":"x"}')).toBe("body: Either userId or anonymousId is required");
    expect(await reasonOf("track", track('"timestamp":"yesterday"'))).toBe("timestamp: Not a valid ISO-8601 time");
    expect(await reasonOf("track", track('"timestamp":"0000-01-01T00:00:00Z"'))).toBe("timestamp: Must be a time in years 1 to 9999");
    expect(await reasonOf("track", track('"timestamp":"+010000-01-01T00:00:00Z"'))).toBe("timestamp: Must be a time in years 1 to 9999");
    expect(await reasonOf("track", track('"originalTimestamp":"-000001-01-01T00:00:00Z"'))).toBe(
      "originalTimestamp: Must be a time in years 1 to 9999",
    );
    expect(await reasonOf("track", track('"properties":{"n":1e400}'))).toMatch(
      /^properties\.n: the number is beyond the range stored exactly/,
    );
    expect(await reasonOf("track", track('"properties":{"n":9007199254740993}'))).toMatch(/^properties\.n: the number is beyond/);
    expect(await reasonOf("identify", '{"userId":1e300}')).toMatch(/^userId: the number is beyond/);
    expect(await reasonOf("track", track('"properties":{"note":"a\\u0000b"}'))).toBe("properties.note: contains a NUL character (\\u0000)");
    expect(await reasonOf("track", track('"properties":{"a\\u0000":1}'))).toBe(
      "properties.a\\u0000: the key contains a NUL character (\\u0000)",
    );
    expect(await reasonOf("track", track('"properties":{"name":"\\ud800"}'))).toBe(
      "properties.name: contains an unpaired UTF-16 surrogate (not valid Unicode)",
    );
    expect(await reasonOf("track", track('"properties":{"list":["ok","\\udc00x"]}'))).toBe(
      "properties.list[1]: contains an unpaired UTF-16 surrogate (not valid Unicode)",
    );
    expect(await reasonOf("identify", '{"userId":"1","traits":{"city":"\\ud83d"}}')).toMatch(/^traits\.city: contains an unpaired/);
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    expect(await reasonOf("track", track(`"properties":${deep}`))).toBe("properties.a.a.a.a.a.…: nested more than 32 levels deep");
    expect(await reasonOf("track", track(`"properties":{"x":${"[".repeat(3000)}${"]".repeat(3000)}}`))).toMatch(
      /nested more than 32 levels deep$/,
    );
    expect(await reasonOf("track", track('"properties":{"revenue":1e13}'))).toBe(
      "properties.revenue: 10000000000000 is out of range (at most 1,000,000,000 either way)",
    );
    // An emoji (a surrogate pair), a date at the edge of the range and a big but exact number are fine.
    await send("track", {
      userId: "edge",
      event: "x",
      timestamp: "9999-12-31T23:59:59Z",
      properties: { mood: "🙂", n: Number.MAX_SAFE_INTEGER, revenue: 999_999_999 },
    });
    expect(await customerBy("edge")).toMatchObject({ totalSpend: "0.00" });

    // In a batch, each bad message is refused on its own and the good one is stored.
    const result = await send("batch", {
      batch: [
        { type: "track", userId: "b1", event: "x", timestamp: "0000-01-01T00:00:00Z" },
        { type: "track", userId: "b2", event: "x", properties: { note: "a\u0000b" } },
        { type: "track", userId: "b3", event: "ok" },
        { type: "identify", userId: "b4", traits: { city: "\ud800" } },
      ],
    });
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => r.reason)).toEqual([
      "batch[0].timestamp: Must be a time in years 1 to 9999",
      "batch[1].properties.note: contains a NUL character (\\u0000)",
      "batch[3].traits.city: contains an unpaired UTF-16 surrogate (not valid Unicode)",
    ]);
    expect(await customerBy("b3")).toBeDefined();
  });

  it("refuses a whole call only when it is no call at all", () => {
    const parse = (call: string, body: unknown) => () =>
      ingest.parseIngestBody(call, typeof body === "string" ? body : JSON.stringify(body));
    expect(parse("identify", "{nope")).toThrow("The body is not valid JSON.");
    expect(parse("batch", { batch: "nope" })).toThrow("batch: expected a list of messages");
    expect(parse("batch", { batch: [] })).toThrow("batch: batch is empty");
    expect(parse("batch", { batch: [{ type: "track" }], context: { a: "\u0000" } })).toThrow("context.a: contains a NUL character");
    expect(parse("track", { userId: "1", event: "x", properties: { blob: "x".repeat(33 * 1024) } })).toThrow(/limit is 32 KB/);
    expect(
      parse("batch", {
        batch: Array.from({ length: 20 }, () => ({ type: "track", userId: "1", event: "x", properties: { b: "y".repeat(30_000) } })),
      }),
    ).toThrow(/500 KB per batch/);
    expect(parse("frobnicate", {})).toThrow('Unknown call "frobnicate"');
    // analytics.js posts to one-letter paths; Segment's /v1/import is a batch.
    expect(["t", "i", "p", "s", "g", "a", "b", "import"].map(ingest.ingestCall)).toEqual([
      "track",
      "identify",
      "page",
      "screen",
      "group",
      "alias",
      "batch",
      "batch",
    ]);
    expect(ingest.ingestCall("constructor")).toBeNull();
    expect(ingest.writeKeyIn({ writeKey: "fct_w_abc", type: "track" })).toBe("fct_w_abc");
    expect(ingest.writeKeyIn({ batch: [{ writeKey: "fct_w_def" }] })).toBe("fct_w_def");
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

  it("alias merging a customer with an email into a user without one moves the email over (no duplicate-email failure)", async () => {
    const { ws, send, customerBy } = await setup();
    await send("identify", { userId: "had-email", anonymousId: "anon-7", traits: { email: "kept@example.com" } });
    await send("identify", { userId: "no-email", traits: { plan: "pro" } });
    const merged = await send("alias", { previousId: "anon-7", userId: "no-email" });
    expect(merged).toEqual({ accepted: 1, rejected: [] });
    expect(await customerBy("no-email")).toMatchObject({ email: "kept@example.com", anonymousId: "anon-7" });
    expect(await database.db.select().from(customers).where(eq(customers.workspaceId, ws.id))).toHaveLength(1);
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
      { workspaceId: key!.workspaceId, apiKeyId: key!.keyId },
      ingest.parseIngestBody("identify", JSON.stringify({ userId: "x", traits: { workspaceId: wsB.id } })),
    );
    expect(await database.db.select().from(customers).where(eq(customers.workspaceId, wsB.id))).toHaveLength(0);
    expect(await database.db.select().from(customers).where(eq(customers.workspaceId, wsA.id))).toHaveLength(1);
  });
});

describe("ingest log", () => {
  it("keeps each key's latest rejections with time, type and reason; admins page through them, others can't", async () => {
    const { wsA, ownerA, admin, editor } = await twoWorkspaces(database.db);
    const owner = callerFor(database.db, ownerA);
    const web = (await owner.apiKey.create({ workspaceId: wsA.id, name: "Website", kind: "write" })).key;
    const app = (await owner.apiKey.create({ workspaceId: wsA.id, name: "App", kind: "write" })).key;
    const send = (keyId: string, call: string, body: unknown) =>
      ingest.ingestMessages(
        database.db,
        { workspaceId: wsA.id, apiKeyId: keyId, call },
        ingest.parseIngestBody(call, JSON.stringify(body)),
      );
    await send(web.id, "batch", {
      batch: [
        { type: "track", userId: "1", event: "ok" },
        { type: "track", userId: "1", messageId: "m-2" },
        { type: "page", userId: "1", timestamp: "0000-01-01" },
      ],
    });
    await send(app.id, "identify", { traits: { plan: "pro" } });
    await ingest.recordRefusedCall(database.db, { workspaceId: wsA.id, apiKeyId: app.id }, "batch", "The body is not valid JSON.");

    const api = callerFor(database.db, admin);
    const all = await api.ingestLog.list({ workspaceId: wsA.id, limit: 10 });
    expect(all.items.map((e) => [e.apiKeyName, e.call, e.messageType, e.messageId, e.position, e.reason])).toEqual([
      ["App", "batch", null, null, null, "The body is not valid JSON."],
      ["App", "identify", "identify", null, 0, "body: Either userId or anonymousId is required"],
      ["Website", "batch", "page", null, 2, "batch[2].timestamp: Must be a time in years 1 to 9999"],
      ["Website", "batch", "track", "m-2", 1, expect.stringMatching(/^batch\[1\]\.event: /)],
    ]);
    expect(all.items[0]!.receivedAt).toBeInstanceOf(Date);
    const page1 = await api.ingestLog.list({ workspaceId: wsA.id, apiKeyId: web.id, limit: 1 });
    const page2 = await api.ingestLog.list({ workspaceId: wsA.id, apiKeyId: web.id, limit: 1, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((e) => e.position)).toEqual([2, 1]);
    expect(page2.nextCursor).toBeNull();
    await expectCode(api.ingestLog.list({ workspaceId: wsA.id, limit: 10, cursor: "abc" }), "BAD_REQUEST");
    await expectCode(callerFor(database.db, editor).ingestLog.list({ workspaceId: wsA.id, limit: 10 }), "FORBIDDEN");

    // Only the latest ones are kept per key; another key's entries stay.
    const kept = ingest.rejectionsKeptPerKey;
    await send(web.id, "batch", {
      batch: Array.from({ length: kept + 20 }, (_, i) => ({ type: "track", userId: "1", messageId: `x${i}` })),
    });
    const webLog = await api.ingestLog.list({ workspaceId: wsA.id, apiKeyId: web.id, limit: 1000 });
    expect(webLog.items).toHaveLength(kept);
    expect(webLog.items[0]!.messageId).toBe(`x${kept - 1}`);
    expect((await api.ingestLog.list({ workspaceId: wsA.id, apiKeyId: app.id, limit: 1000 })).items).toHaveLength(2);
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
