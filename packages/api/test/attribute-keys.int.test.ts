// Attribute keys are made by ingest traits, imports, the settings form and the API: one rule refuses the
// keys JavaScript objects reserve, reads survive such keys stored before, and caps bound how many are made.
import { eq, sql } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { attributes, customers, events, queryRows, type Database } from "@facet/db";
import { attribute, customer, ingest, resolveScope } from "@facet/domain";
import type { ColumnMapping } from "@facet/validators";
import { callerFor, expectCode, testJobs, newUser, newWorkspace, openDatabase } from "./fixtures";
import { runQueued, upload } from "./imports";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

async function setup() {
  const owner = await newUser(database.db, "Keys");
  const ws = await newWorkspace(database.db, owner, "Keys");
  const jobs = testJobs(database.db);
  const api = callerFor(database.db, owner, { jobs });
  const { key } = await api.apiKey.create({ workspaceId: ws.id, name: "Website", kind: "write" });
  const send = (call: string, body: unknown) =>
    ingest.ingestMessages(database.db, { workspaceId: ws.id, apiKeyId: key.id, call }, ingest.parseIngestBody(call, JSON.stringify(body)));
  const keys = async () =>
    (await database.db.select({ key: attributes.key }).from(attributes).where(eq(attributes.workspaceId, ws.id))).map((a) => a.key);
  return { owner, ws, api, jobs, key, send, keys };
}

/** A dry run of a comma-separated customer file matched by email. */
const dryRun = (s: Awaited<ReturnType<typeof setup>>, jobId: string, columns: ColumnMapping[]) =>
  s.api.importJob.dryRun({
    workspaceId: s.ws.id,
    jobId,
    settings: { delimiter: ",", encoding: "utf-8", hasHeader: true, matchKey: "email", mode: "upsert", columns },
  });

/** What the app's tRPC link does to every answer: superjson refuses objects with these keys (the 500s seen). */
const overTheWire = (value: unknown) => superjson.parse(JSON.stringify(superjson.serialize(value)));

/** The customer list, a profile, its events, its JSON export and the CSV export, as a member's browser gets them. */
async function readEverything(s: Awaited<ReturnType<typeof setup>>) {
  const list = overTheWire(await s.api.customer.list({ workspaceId: s.ws.id })) as { items: { id: string }[] };
  const customerId = list.items[0]!.id;
  const profile = overTheWire(await s.api.customer.byId({ workspaceId: s.ws.id, customerId }));
  const timeline = overTheWire(await s.api.customer.events({ workspaceId: s.ws.id, customerId }));
  const exported = overTheWire(await s.api.customer.export({ workspaceId: s.ws.id, customerId }));
  let csv = "";
  for await (const chunk of customer.exportCustomersCsv(await resolveScope(database.db, s.owner.id, s.ws.id))) csv += chunk;
  return { list, profile, timeline, exported, csv };
}

describe("reserved attribute keys", () => {
  it("the attack: one write-key identify with traits {constructor: 'y'} is refused, and every customer page still works", async () => {
    const s = await setup();
    await s.send("identify", { userId: "u1", traits: { email: "ada@example.com", plan: "pro" } });
    const attack = await s.send("identify", { userId: "u1", traits: { constructor: "y" } });
    expect(attack).toEqual({
      accepted: 0,
      rejected: [
        {
          index: 0,
          type: "identify",
          messageId: null,
          reason: 'traits.constructor: "constructor" is a reserved name; rename it',
        },
      ],
    });
    for (const traits of [{ prototype: 1 }, { Constructor: "y" }, JSON.parse('{"__proto__": {"admin": true}}') as object]) {
      const { accepted, rejected } = await s.send("identify", { userId: "u1", traits });
      expect(accepted, JSON.stringify(traits)).toBe(0);
      expect(rejected[0]!.reason).toMatch(/^traits\.(prototype|Constructor|__proto__): .*(reserved|rename)/);
    }
    // Event properties are read back on the profile's timeline: the same names are refused there, at any depth.
    const nested = await s.send("track", { userId: "u1", event: "x", properties: { cart: { items: [{ prototype: 1 }] } } });
    expect(nested.rejected[0]!.reason).toBe('properties.cart.items[0].prototype: "prototype" is a reserved name; rename it');
    expect(await s.keys()).not.toEqual(expect.arrayContaining(["constructor"]));
    expect(await s.keys()).not.toContain("prototype");
    expect(await s.keys()).not.toContain("proto");
    const read = await readEverything(s);
    expect(read.list.items).toHaveLength(1);
    expect(read.csv).toContain("ada@example.com");
  });

  it("data stored before the rule (a reserved attribute, trait and event property) no longer breaks the list, profile or exports", async () => {
    const s = await setup();
    await s.send("identify", { userId: "u1", traits: { email: "old@example.com", plan: "pro" } });
    await s.send("track", { userId: "u1", event: "Viewed", properties: { page: "home" } });
    // What the attack left behind, written as the old code did.
    await database.db.insert(attributes).values({
      workspaceId: s.ws.id,
      id: "attr_legacyconstructor01",
      key: "constructor",
      label: "constructor",
      type: "string",
      dimension: "needs",
    });
    await database.db.execute(
      sql`update customers set traits = traits || '{"constructor": "y", "__proto__": {"x": 1}}'::jsonb where workspace_id = ${s.ws.id}`,
    );
    await database.db.execute(
      sql`update events set properties = '{"page": "home", "constructor": "y", "nested": {"prototype": 1}}'::jsonb where workspace_id = ${s.ws.id}`,
    );
    // Without the fix each of these threw "Detected property constructor" in superjson: a 500 for every member.
    const read = await readEverything(s);
    expect(read.profile).toMatchObject({ values: { plan: "pro", email: "old@example.com" } });
    expect(Object.keys((read.profile as { values: object }).values)).not.toContain("constructor");
    expect((read.timeline as { items: { properties: object }[] }).items[0]!.properties).toEqual({ page: "home", nested: {} });
    expect(read.exported).toMatchObject({ events: [{ properties: { page: "home", nested: {} } }] });
    expect(read.csv.split("\r\n")[0]).not.toContain("constructor");
    expect(read.csv).not.toContain("function");
    expect((await s.api.attribute.list({ workspaceId: s.ws.id, includeArchived: true })).map((a) => a.key)).not.toContain("constructor");
  });

  it("is refused by the settings form, imports and the API alike, with a message naming the key", async () => {
    const s = await setup();
    for (const key of ["constructor", "prototype", "__proto__", "Plan", "1st", "a-b"]) {
      await expectCode(
        s.api.attribute.create({ workspaceId: s.ws.id, key, label: "X", type: "string", dimension: "needs" }),
        "BAD_REQUEST",
      );
    }
    // The form shows the reason beside the key field.
    const refused = await s.api.attribute
      .create({ workspaceId: s.ws.id, key: "constructor", label: "X", type: "string", dimension: "needs" })
      .catch((e: unknown) => e);
    expect(z.flattenError((refused as { cause: z.ZodError }).cause).fieldErrors).toEqual({
      key: ['"constructor" is reserved; choose another key'],
    });
    // REST v1 and the profile form set values of attributes only: a reserved name is refused, not silently dropped.
    const created = await s.api.customer.create({ workspaceId: s.ws.id, email: "c@example.com", traits: {} });
    await expect(
      s.api.customer.update({ workspaceId: s.ws.id, customerId: created.id, traits: { constructor: "x" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });

    // An import proposes a safe key for a column called "constructor", and refuses a mapping that names it.
    const job = await upload(database.db, s.owner, s.ws.id, { name: "keys.csv", text: "email,constructor,prototype\na@example.com,y,z\n" });
    const view = await s.api.importJob.byId({ workspaceId: s.ws.id, jobId: job.id });
    expect(view.proposal!.map((m) => ("key" in m ? m.key : m.target))).toEqual(["email", "constructor_2", "prototype_3"]);
    await expectCode(
      dryRun(s, job.id, [
        { target: "email" },
        { target: "newAttribute", key: "constructor", label: "C", type: "string", dimension: "needs" },
        { target: "skip" },
      ]),
      "BAD_REQUEST",
    );
    await dryRun(s, job.id, view.proposal!);
    expect((await runQueued(s.jobs)).at(-1)).toMatchObject({ status: "checked" });
    await s.api.importJob.run({ workspaceId: s.ws.id, jobId: job.id });
    expect((await runQueued(s.jobs)).at(-1)).toMatchObject({ status: "succeeded" });
    expect(await s.keys()).toEqual(expect.arrayContaining(["constructor_2", "prototype_3"]));
  });
});

describe("attribute caps", () => {
  const traits = (n: number, prefix = "t") => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i]));

  it(`one call creates at most ${ingest.ingestLimits.newAttributesPerCall} new attributes; the message over the cap is refused, naming it`, async () => {
    const s = await setup();
    const perCall = ingest.ingestLimits.newAttributesPerCall;
    const over = await s.send("identify", { userId: "u1", traits: traits(perCall + 1) });
    expect(over.accepted).toBe(0);
    expect(over.rejected[0]!.reason).toBe(
      `traits: would create more than ${perCall} new attributes in one call (the limit per call); send new traits in smaller calls.`,
    );
    expect(await s.keys()).not.toContain("t0");
    // In a batch the cap counts the whole call: the first message fits, the second doesn't, the third needs nothing new.
    const batch = await s.send("batch", {
      batch: [
        { type: "identify", userId: "u1", traits: traits(perCall - 1, "a") },
        { type: "identify", userId: "u2", traits: traits(2, "b") },
        { type: "identify", userId: "u3", traits: { a0: 5 } },
      ],
    });
    expect(batch.accepted).toBe(2);
    expect(batch.rejected.map((r) => r.index)).toEqual([1]);
    expect(batch.rejected[0]!.reason).toMatch(/^batch\[1\]\.traits: would create more than 50 new attributes in one call/);
    expect(await s.keys()).toContain("a48");
    expect(await s.keys()).not.toContain("b0");
  });

  it(`a workspace holds at most ${attribute.maxAttributesPerWorkspace.toLocaleString("en-US")} attributes of its own, whoever makes them`, async () => {
    const s = await setup();
    const cap = attribute.maxAttributesPerWorkspace;
    // Fill the workspace to one below the cap in one statement (as 30,000 traits in 16 s once did, uncapped).
    await database.db.execute(sql`
      insert into attributes (workspace_id, id, key, label, type, dimension)
      select ${s.ws.id}, 'attr_fill' || lpad(g::text, 12, '0'), 'fill_' || g, 'Fill ' || g, 'number', 'needs'
      from generate_series(1, ${cap - 1}) g`);
    const result = await s.send("identify", { userId: "u1", traits: { last_one: 1, one_too_many: 2 } });
    expect(result.rejected[0]!.reason).toBe(
      `traits: This workspace has reached its limit of ${cap.toLocaleString("en-US")} attributes. Archive attributes it no longer needs to make room.`,
    );
    expect((await s.send("identify", { userId: "u1", traits: { last_one: 1 } })).accepted).toBe(1);
    expect((await s.send("identify", { userId: "u1", traits: { one_too_many: 2 } })).accepted).toBe(0);
    // Values of existing attributes still arrive.
    expect((await s.send("identify", { userId: "u2", traits: { fill_1: 3, last_one: 4 } })).accepted).toBe(1);

    await expect(
      s.api.attribute.create({ workspaceId: s.ws.id, key: "more", label: "More", type: "string", dimension: "needs" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining(`limit of ${cap.toLocaleString("en-US")} attributes`),
    });
    const job = await upload(database.db, s.owner, s.ws.id, { name: "more.csv", text: "email,more\na@example.com,1\n" });
    await dryRun(s, job.id, [
      { target: "email" },
      { target: "newAttribute", key: "more", label: "More", type: "number", dimension: "needs" },
    ]);
    expect((await runQueued(s.jobs)).at(-1)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("This import would add 1 attributes and the workspace has room for 0"),
    });

    // Archiving makes room; restoring needs room again.
    const fill = (await s.api.attribute.list({ workspaceId: s.ws.id })).find((a) => a.key === "fill_1")!;
    await s.api.attribute.archive({ workspaceId: s.ws.id, attributeId: fill.id, archived: true });
    await s.api.attribute.create({ workspaceId: s.ws.id, key: "more", label: "More", type: "string", dimension: "needs" });
    await expectCode(s.api.attribute.archive({ workspaceId: s.ws.id, attributeId: fill.id, archived: false }), "BAD_REQUEST");
    const own = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from attributes where workspace_id = ${s.ws.id} and "column" is null and not computed and archived_at is null`,
    );
    expect(own[0]!.n).toBe(cap);
    expect(await database.db.select({ id: customers.id }).from(customers).where(eq(customers.workspaceId, s.ws.id))).toHaveLength(2);
    expect(await database.db.select({ id: events.id }).from(events).where(eq(events.workspaceId, s.ws.id))).toHaveLength(0);
  });
});
