import fc from "fast-check";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, events, type Database } from "@facet/db";
import { attribute, customer, rules, resolveScope } from "@facet/domain";
import type { AttributeRule, EventRule, Rule, SegmentDefinition } from "@facet/validators";
import { callerFor, newUser, newWorkspace, openDatabase } from "./fixtures";

// The SQL compiler and the in-memory evaluator must agree on every definition: random definitions
// over random customers (fast-check), counted both ways, in two workspaces holding the same data.

const now = new Date("2026-03-15T12:34:56.789Z");
const day = 86_400_000;
const cities = ["Lisbon", "london", "LONDON", "Los Angeles", "Porto", "São Paulo"];
const tags = ["ios", "android", "mac", "web"];
const attrs = [
  { key: "age", label: "Age", type: "number", dimension: "demographic" },
  { key: "city", label: "City", type: "string", dimension: "geographic" },
  { key: "plan", label: "Plan", type: "enum", dimension: "value", enumValues: ["Free", "Pro", "Team"] },
  { key: "devices", label: "Devices", type: "list", dimension: "technographic" },
  { key: "vip", label: "VIP", type: "boolean", dimension: "value" },
  { key: "joined", label: "Joined", type: "date", dimension: "behavioral" },
] as const;

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 4 });
const person = fc.record({
  age: maybe(fc.integer({ min: 18, max: 70 })),
  city: maybe(fc.constantFrom(...cities)),
  plan: maybe(fc.constantFrom("Free", "Pro", "Team")),
  devices: maybe(fc.subarray(tags, { minLength: 1 })),
  vip: maybe(fc.boolean()),
  // Dates alone and times, some ahead of now (a date ahead is not "in the last n days").
  joined: maybe(
    fc.oneof(
      fc.integer({ min: -10, max: 400 }).map((d) => new Date(now.getTime() - d * day).toISOString().slice(0, 10)),
      fc.integer({ min: -10 * 24, max: 400 * 24 }).map((h) => new Date(now.getTime() - h * 3_600_000).toISOString()),
    ),
  ),
  events: fc.array(
    fc.record({
      name: fc.constantFrom("purchase", "login"),
      // Some in the future: they are in no "last n days" window.
      daysAgo: fc.integer({ min: -3, max: 120 }),
      hour: fc.integer({ min: 0, max: 23 }),
      revenue: fc.option(fc.integer({ min: -20, max: 200 }), { nil: null }),
      plan: maybe(fc.constantFrom("Free", "Pro", "PRO", "free")),
    }),
    { maxLength: 6 },
  ),
});

const attributeRule: fc.Arbitrary<AttributeRule> = fc
  .oneof(
    fc.record({
      attribute: fc.constant("age"),
      operator: fc.constantFrom("eq", "neq", "gt", "gte", "lt", "lte"),
      value: fc.integer({ min: 17, max: 71 }),
    }),
    fc.record({
      attribute: fc.constant("age"),
      operator: fc.constant("between"),
      value: fc.tuple(fc.integer({ min: 18, max: 40 }), fc.integer({ min: 40, max: 70 })),
    }),
    fc.record({
      attribute: fc.constant("city"),
      operator: fc.constantFrom("eq", "neq", "contains", "not_contains", "starts_with", "ends_with"),
      value: fc.constantFrom("london", "Lisbon", "lo", "on", "PORTO", "ão"),
    }),
    fc.record({
      attribute: fc.constant("city"),
      operator: fc.constantFrom("in", "not_in"),
      value: fc.subarray(["LONDON", "lisbon", "Porto"], { minLength: 1 }),
    }),
    fc.record({
      attribute: fc.constant("plan"),
      operator: fc.constantFrom("in", "not_in"),
      value: fc.subarray(["Free", "Pro", "Team"], { minLength: 1 }),
    }),
    fc.record({
      attribute: fc.constant("devices"),
      operator: fc.constantFrom("includes_any", "includes_all", "excludes"),
      value: fc.subarray(tags, { minLength: 1 }),
    }),
    fc.record({ attribute: fc.constant("vip"), operator: fc.constantFrom("is_true", "is_false") }),
    fc.record({
      attribute: fc.constant("joined"),
      operator: fc.constantFrom("before", "after"),
      value: fc.constantFrom("2025-12-01", "2026-03-01", "2026-03-15", "2025-06-30T08:00:00Z", "2026-03-15T12:00:00Z"),
    }),
    fc.record({
      attribute: fc.constant("joined"),
      operator: fc.constant("between"),
      value: fc.constantFrom(
        ["2025-12-01", "2026-03-01"] as [string, string],
        ["2026-03-10", "2026-03-15"] as [string, string],
        ["2026-03-14", "2026-03-14"] as [string, string],
        ["2026-01-01T06:00:00Z", "2026-03-15T12:34:56.789Z"] as [string, string],
      ),
    }),
    fc.record({
      attribute: fc.constant("joined"),
      operator: fc.constantFrom("within_last_days", "not_within_last_days"),
      value: fc.integer({ min: 0, max: 400 }),
    }),
    fc.record({
      attribute: fc.constantFrom("age", "city", "plan", "devices", "vip", "joined"),
      operator: fc.constantFrom("is_set", "is_not_set"),
    }),
  )
  .map((r) => ({ type: "attribute", ...r }));

const eventRule: fc.Arbitrary<EventRule> = fc
  .record({
    event: fc.constantFrom("purchase", "login"),
    operator: fc.constantFrom("did", "did_not", "at_least", "at_most", "exactly"),
    count: fc.integer({ min: 0, max: 3 }),
    window: fc.oneof(
      fc.constant({ kind: "ever" as const }),
      fc.integer({ min: 1, max: 90 }).map((days) => ({ kind: "last_days" as const, days })),
      fc.constantFrom(
        { kind: "between" as const, from: "2026-01-01", to: "2026-02-28" },
        { kind: "between" as const, from: "2026-03-10", to: "2026-03-15" },
        { kind: "between" as const, from: "2026-03-14", to: "2026-03-14" },
        { kind: "between" as const, from: "2026-03-01T12:00:00Z", to: "2026-03-16T00:00:00Z" },
      ),
    ),
    where: fc.oneof(
      fc.constant([]),
      fc.integer({ min: 0, max: 150 }).map((value) => [{ property: "revenue", operator: "gt" as const, value }]),
      fc.constantFrom("Pro", "pro", "FREE").map((value) => [{ property: "plan", operator: "eq" as const, value }]),
      fc.constantFrom("Pro", "free").map((value) => [{ property: "plan", operator: "neq" as const, value }]),
      fc.constant([{ property: "plan", operator: "in" as const, value: ["pro", "Free"] as string[] }]),
    ),
    aggregate: maybe(
      fc.record({
        fn: fc.constantFrom("sum" as const, "avg" as const),
        property: fc.constant("revenue"),
        operator: fc.constantFrom("gte" as const, "lt" as const),
        value: fc.integer({ min: 0, max: 300 }),
      }),
    ),
  })
  .map((r) => ({ type: "event", ...r, where: [...r.where] }));

const rule: fc.Arbitrary<Rule> = fc.letrec<{ rule: Rule; group: Rule }>((tie) => ({
  rule: fc.oneof({ depthSize: "small", withCrossShrink: true }, attributeRule, eventRule, tie("group")),
  group: fc.record({
    type: fc.constant("group" as const),
    combinator: fc.constantFrom("and" as const, "or" as const),
    negate: fc.boolean(),
    children: fc.array(tie("rule"), { maxLength: 3 }),
  }),
})).group;

let database: Database;
const workspaces: { id: string; context: rules.RuleContext; evaluated: rules.EvaluatedCustomer[] }[] = [];

beforeAll(async () => {
  database = await openDatabase();
  const owner = await newUser(database.db, "Rules");
  const people = fc.sample(person, { numRuns: 80, seed: 20261123 });
  for (const name of ["Rules A", "Rules B"]) {
    const ws = await newWorkspace(database.db, owner, name);
    const api = callerFor(database.db, owner);
    for (const a of attrs) await api.attribute.create({ workspaceId: ws.id, ...a, enumValues: "enumValues" in a ? [...a.enumValues] : [] });
    for (const [i, p] of people.entries()) {
      const { events: evs, ...traits } = p;
      const c = await api.customer.create({
        workspaceId: ws.id,
        email: `p${i}@example.com`,
        traits: Object.fromEntries(Object.entries(traits).filter(([, v]) => v !== undefined)),
      });
      if (evs.length) {
        await database.db.insert(events).values(
          evs.map((e) => ({
            workspaceId: ws.id,
            customerId: c.id,
            name: e.name,
            occurredAt: new Date(Date.parse(new Date(now.getTime() - e.daysAgo * day).toISOString().slice(0, 10)) + e.hour * 3_600_000),
            properties: e.plan ? { plan: e.plan } : {},
            revenue: e.revenue === null ? null : String(e.revenue),
          })),
        );
      }
    }
    const rows = await database.db.select().from(customers).where(eq(customers.workspaceId, ws.id));
    const evs = await database.db.select().from(events).where(eq(events.workspaceId, ws.id));
    workspaces.push({
      id: ws.id,
      context: rules.ruleContext(ws.id, await attribute.listAttributes(await resolveScope(database.db, owner.id, ws.id)), now),
      evaluated: rows.map((r) => ({
        values: customer.customerValues(r, now),
        events: evs
          .filter((e) => e.customerId === r.id)
          .map((e) => ({
            name: e.name,
            occurredAt: e.occurredAt,
            properties: e.properties,
            revenue: e.revenue === null ? null : Number(e.revenue),
          })),
      })),
    });
  }
}, 120_000);
afterAll(() => database.close());

const sqlCount = async (
  { id: workspaceId, context }: (typeof workspaces)[number],
  def: SegmentDefinition,
  form: rules.EventForm = "set",
) => {
  const [row] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), rules.compileDefinition(def, context, undefined, form)));
  return row!.n;
};

describe("segment rules: SQL and evaluator agree", () => {
  it(
    "on random definitions over random customers, in each of two workspaces with the same data, with event rules compiled both ways",
    { timeout: 240_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(rule, async (root) => {
          const def: SegmentDefinition = {
            version: 1,
            root: root.type === "group" ? root : { type: "group", combinator: "and", negate: false, children: [root] },
          };
          const negated: SegmentDefinition = { version: 1, root: { ...def.root, negate: !def.root.negate } };
          for (const ws of workspaces) {
            const expected = ws.evaluated.filter((c) => rules.evaluateDefinition(def, c, ws.context).matched).length;
            expect(await sqlCount(ws, def)).toBe(expected);
            // Samples use event rules compiled per customer: the same answer by another route.
            expect(await sqlCount(ws, def, "per_customer")).toBe(expected);
            expect(expected + (await sqlCount(ws, negated))).toBe(ws.evaluated.length);
          }
        }),
        { numRuns: 400, seed: 42 },
      );
    },
  );

  it("explains why: one trace line per condition with the value seen", () => {
    const c = workspaces[0]!.evaluated.find((x) => typeof x.values.age === "number")!;
    const def: SegmentDefinition = {
      version: 1,
      root: {
        type: "group",
        combinator: "and",
        negate: false,
        children: [
          { type: "attribute", attribute: "age", operator: "gte", value: 0 },
          { type: "event", event: "purchase", operator: "did", window: { kind: "ever" }, where: [] },
        ],
      },
    };
    const trace = rules.evaluateDefinition(def, c, workspaces[0]!.context);
    expect(trace.children?.[0]).toMatchObject({ matched: true, seen: c.values.age });
    expect(trace.children?.[1]?.seen).toBe(c.events.filter((e) => e.name === "purchase").length);
  });
});
