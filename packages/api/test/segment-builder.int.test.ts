// What the rule builder offers: value suggestions from the data, event names, the seven templates,
// and the list's owner, tags and size trend. Every figure is checked against SQL written here.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@facet/db";
import { dimensions, type Rule, type SegmentDefinition } from "@facet/validators";
import { callerFor, createDemo, expectCode, newUser, newWorkspace, openDatabase } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});

async function setup() {
  const owner = await newUser(database.db, "Builder");
  const ws = await newWorkspace(database.db, owner, "Builder");
  const api = callerFor(database.db, owner);
  await api.attribute.create({ workspaceId: ws.id, key: "age", label: "Age", type: "number", dimension: "demographic" });
  await api.attribute.create({
    workspaceId: ws.id,
    key: "plan",
    label: "Plan",
    type: "enum",
    dimension: "value",
    enumValues: ["Free", "Pro", "Team"],
  });
  await api.attribute.create({ workspaceId: ws.id, key: "interests", label: "Interests", type: "list", dimension: "psychographic" });
  await api.attribute.create({ workspaceId: ws.id, key: "city", label: "City", type: "string", dimension: "geographic" });
  const people = [
    { age: 20, plan: "Free", interests: ["fitness", "travel"], city: "Leeds" },
    { age: 30, plan: "Pro", interests: ["fitness", "fitness"], city: "Leeds" },
    { age: 40, plan: "Pro", interests: ["cooking"], city: "York" },
    { age: 50, plan: "Free", city: "" },
    { interests: [] },
  ];
  for (const [i, traits] of people.entries()) await api.customer.create({ workspaceId: ws.id, email: `p${i}@x.io`, traits });
  return { ws, api, owner };
}

describe("value suggestions", () => {
  it("counts the most common values per attribute type, lists every enum value, and gives a number's range and quartiles", async () => {
    const { ws, api } = await setup();
    const plan = await api.attribute.values({ workspaceId: ws.id, key: "plan" });
    expect(plan).toMatchObject({
      set: 4,
      top: [
        { value: "Free", customers: 2 },
        { value: "Pro", customers: 2 },
        { value: "Team", customers: 0 },
      ],
    });

    // A list counts each customer once per value, however often it repeats in their list.
    const interests = await api.attribute.values({ workspaceId: ws.id, key: "interests" });
    const [expected] = await queryRows<{ fitness: number }>(
      database.db,
      sql`select count(*)::int as fitness from customers where workspace_id = ${ws.id} and traits -> 'interests' ? 'fitness'`,
    );
    expect(interests.top[0]).toEqual({ value: "fitness", customers: expected!.fitness });
    expect(interests.top.map((t) => t.value)).toEqual(["fitness", "cooking", "travel"]);
    expect(interests.set).toBe(3);

    // Empty text is not a suggestion.
    expect((await api.attribute.values({ workspaceId: ws.id, key: "city" })).top).toEqual([
      { value: "Leeds", customers: 2 },
      { value: "York", customers: 1 },
    ]);

    expect(await api.attribute.values({ workspaceId: ws.id, key: "age" })).toMatchObject({
      set: 4,
      min: 20,
      max: 50,
      quartiles: [27.5, 35, 42.5],
    });
    const created = await api.attribute.values({ workspaceId: ws.id, key: "created_at" });
    expect(created.set).toBe(5);
    expect(new Date(created.min as string).getTime()).toBeLessThanOrEqual(new Date(created.max as string).getTime());

    await expectCode(api.attribute.values({ workspaceId: ws.id, key: "no_such_thing" }), "NOT_FOUND");
  });

  it("lists event names with their recent counts, most frequent first", async () => {
    const { ws, api, owner } = await setup();
    expect(await api.customer.eventNames({ workspaceId: ws.id })).toEqual([]);
    const [c] = (await api.customer.list({ workspaceId: ws.id, limit: 1 })).items;
    const now = Date.now();
    await database.db.execute(sql`insert into events (workspace_id, customer_id, name, occurred_at, properties)
      values (${ws.id}, ${c!.id}, 'login', ${new Date(now - 86_400_000).toISOString()}, '{}'), (${ws.id}, ${c!.id}, 'login', ${new Date(now).toISOString()}, '{}'),
             (${ws.id}, ${c!.id}, 'purchase', ${new Date(now).toISOString()}, '{}'), (${ws.id}, ${c!.id}, 'signup', ${new Date(now - 90 * 86_400_000).toISOString()}, '{}')`);
    expect(await api.customer.eventNames({ workspaceId: ws.id })).toEqual([
      { name: "login", recent: 2 },
      { name: "purchase", recent: 1 },
      { name: "signup", recent: 0 },
    ]);
    expect(owner.id).toBeTruthy();
  });
});

describe("templates", () => {
  it("offers the seven kinds; each available one starts from the workspace's data and compiles", async () => {
    const { ws, api } = await setup();
    const list = await api.segment.templates({ workspaceId: ws.id });
    expect(list.map((t) => t.dimension)).toEqual([...dimensions]);
    const byKind = Object.fromEntries(list.map((t) => [t.dimension, t]));
    expect(byKind.demographic).toMatchObject({ available: true, attributes: ["Age"] });
    expect(byKind.technographic).toMatchObject({ available: false, attributes: [] });

    // The middle half of ages; the most common city and interest; the top quarter of lifetime value or the commonest plan.
    expect((await api.segment.fromTemplate({ workspaceId: ws.id, dimension: "demographic" })).definition).toEqual(
      def({ type: "attribute", attribute: "age", operator: "between", value: [27.5, 42.5] }),
    );
    expect((await api.segment.fromTemplate({ workspaceId: ws.id, dimension: "geographic" })).definition).toEqual(
      def({ type: "attribute", attribute: "city", operator: "eq", value: "Leeds" }),
    );
    expect((await api.segment.fromTemplate({ workspaceId: ws.id, dimension: "psychographic" })).definition).toEqual(
      def({ type: "attribute", attribute: "interests", operator: "includes_any", value: ["fitness"] }),
    );
    await expectCode(api.segment.fromTemplate({ workspaceId: ws.id, dimension: "technographic" }), "BAD_REQUEST");

    for (const t of list.filter((x) => x.available)) {
      const started = await api.segment.fromTemplate({ workspaceId: ws.id, dimension: t.dimension });
      const preview = await api.segment.preview({ workspaceId: ws.id, definition: started.definition });
      expect(preview.total, t.dimension).toBe(5);
      expect(started.name.length, t.dimension).toBeGreaterThan(0);
    }
    expect(
      (
        await api.segment.preview({
          workspaceId: ws.id,
          definition: (await api.segment.fromTemplate({ workspaceId: ws.id, dimension: "psychographic" })).definition,
        })
      ).count,
    ).toBe(2);
  });

  it("on the demo workspace every kind has a template that finds members", { timeout: 60_000 }, async () => {
    const user = await newUser(database.db, "Demo templates");
    const api = callerFor(database.db, user);
    const ws = await createDemo(database.db, user, 300);
    for (const d of dimensions) {
      const t = await api.segment.fromTemplate({ workspaceId: ws.id, dimension: d });
      const p = await api.segment.preview({ workspaceId: ws.id, definition: t.definition });
      expect(p.count, `${d}: ${JSON.stringify(t.definition)}`).toBeGreaterThan(0);
      expect(p.count, d).toBeLessThan(300);
    }
    const behavioral = await api.segment.fromTemplate({ workspaceId: ws.id, dimension: "behavioral" });
    expect(behavioral.definition.root.children[0]).toMatchObject({ type: "event", event: "purchase" });
  });
});

describe("segments list", () => {
  it("shows the owner, filters by tag, and gives each segment its recent sizes", async () => {
    const { ws, api } = await setup();
    const a = await api.segment.create({
      workspaceId: ws.id,
      name: "Pro",
      tags: ["plan", "paid"],
      definition: def({ type: "attribute", attribute: "plan", operator: "in", value: ["Pro"] }),
    });
    await api.segment.create({
      workspaceId: ws.id,
      name: "Young",
      tags: ["age"],
      definition: def({ type: "attribute", attribute: "age", operator: "lt", value: 35 }),
    });
    await api.customer.create({ workspaceId: ws.id, email: "late@x.io", traits: { plan: "Pro" } });
    await api.segment.refresh({ workspaceId: ws.id, segmentId: a.id });

    const all = await api.segment.list({ workspaceId: ws.id, limit: 10 });
    expect(all.tags).toEqual(["age", "paid", "plan"]);
    const pro = all.items.find((s) => s.id === a.id)!;
    expect(pro).toMatchObject({ owner: "Builder", sizes: [2, 3], memberCount: 3 });

    const tagged = await api.segment.list({ workspaceId: ws.id, tag: "age", limit: 10 });
    expect(tagged.items.map((s) => s.name)).toEqual(["Young"]);

    // Each refresh says why membership moved.
    const history = await api.segment.history({ workspaceId: ws.id, segmentId: a.id });
    expect(history.map((h) => h.cause)).toEqual(["created", "new data"]);
    await api.segment.refresh({ workspaceId: ws.id, segmentId: a.id });
    expect((await api.segment.history({ workspaceId: ws.id, segmentId: a.id })).map((h) => h.cause)).toEqual([
      "created",
      "new data",
      "no change",
    ]);
  });
});
