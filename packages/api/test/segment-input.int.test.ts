import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segments, type Database } from "@facet/db";
import { definitionLimits, type Rule, type RuleGroup } from "@facet/validators";
import { callerFor, newUser, newWorkspace, openDatabase } from "./fixtures";
import { restClient } from "./rest";

// Bad rule input is a 400 naming the field, never a 500 (clients such as Segment's libraries retry a
// 5xx forever): NUL characters, impossible window dates, nesting thousands deep, lists too long.

let database: Database;
let rest: ReturnType<typeof restClient>;
const unexpected: unknown[] = [];
beforeAll(async () => {
  database = await openDatabase();
  rest = restClient(database.db, { onError: (e) => unexpected.push(e) });
});
afterAll(() => database.close());

const group = (...children: Rule[]): RuleGroup => ({ type: "group", combinator: "and", negate: false, children });
const definition = (...children: Rule[]) => ({ version: 1 as const, root: group(...children) });
const nested = (depth: number): RuleGroup => {
  let g = group({ type: "attribute", attribute: "plan", operator: "is_set" });
  for (let i = 1; i < depth; i++) g = group(g);
  return g;
};
const purchasedBetween = (from: string, to: string): Rule => ({
  type: "event",
  event: "purchase",
  operator: "did",
  window: { kind: "between", from, to },
  where: [],
});

async function setup() {
  const owner = await newUser(database.db, "Input");
  const ws = await newWorkspace(database.db, owner, "Input");
  const api = callerFor(database.db, owner);
  await api.attribute.create({ workspaceId: ws.id, key: "plan", label: "Plan", type: "string", dimension: "value" });
  await api.customer.create({ workspaceId: ws.id, email: "a@x.io", traits: { plan: "Pro" } });
  const key = (await api.apiKey.create({ workspaceId: ws.id, name: "Backend", kind: "readWrite" })).secret;
  const saved = async () => (await database.db.select({ n: count() }).from(segments).where(eq(segments.workspaceId, ws.id)))[0]!.n;
  return { ws, api, key, saved };
}

/** Each bad definition, the field its 400 names, and the message. */
const cases: { name: string; root: RuleGroup; path: (string | number)[]; message: string }[] = [
  {
    name: "a NUL character in a value",
    root: group({ type: "attribute", attribute: "plan", operator: "eq", value: "Pro\u0000" }),
    path: ["root", "children", 0, "value"],
    message: "Must not contain a NUL character",
  },
  {
    name: "a NUL character in an event property value",
    root: group({
      type: "event",
      event: "purchase",
      operator: "did",
      window: { kind: "ever" },
      where: [{ property: "sku", operator: "eq", value: "a\u0000" }],
    }),
    path: ["root", "children", 0, "where", 0, "value"],
    message: "Must not contain a NUL character",
  },
  {
    name: "window from 0000-00-00",
    root: group(purchasedBetween("0000-00-00", "2026-01-01")),
    path: ["root", "children", 0, "window", "from"],
    message: "Enter a date like 2024-05-31 (or a time like 2024-05-31T14:00:00Z)",
  },
  {
    name: "window to 30 February",
    root: group(purchasedBetween("2026-01-01", "2026-02-30")),
    path: ["root", "children", 0, "window", "to"],
    message: "Enter a date like 2024-05-31 (or a time like 2024-05-31T14:00:00Z)",
  },
  {
    name: "a window that ends before it starts",
    root: group(purchasedBetween("2026-02-01", "2026-01-01")),
    path: ["root", "children", 0, "window", "to"],
    message: "The window starts after it ends",
  },
  {
    name: "groups nested 700 deep",
    root: nested(700),
    path: ["root"],
    message: `Nest groups at most ${definitionLimits.depth} deep`,
  },
  {
    name: "an `in` list over the cap",
    root: group({ type: "attribute", attribute: "plan", operator: "in", value: Array.from({ length: 501 }, (_, i) => `v${i}`) }),
    path: ["root", "children", 0, "value"],
    message: `Use at most ${definitionLimits.listValues} values in a list`,
  },
];

describe("rule input", () => {
  it.each(cases)("$name is a 400 naming the field, in preview and save, and saves nothing", async ({ root, path, message }) => {
    const { ws, api, saved } = await setup();
    const issue = { path: ["definition", ...path], message };
    await expect(api.segment.preview({ workspaceId: ws.id, definition: { version: 1, root } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { issues: [expect.objectContaining(issue)] },
    });
    await expect(api.segment.create({ workspaceId: ws.id, name: "Bad", definition: { version: 1, root } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { issues: [expect.objectContaining(issue)] },
    });
    expect(await saved()).toBe(0);
  });

  it("nesting at the limit is fine, one deeper is not", async () => {
    const { ws, api } = await setup();
    expect(
      (await api.segment.preview({ workspaceId: ws.id, definition: { version: 1, root: nested(definitionLimits.depth) } })).count,
    ).toBe(1);
    await expect(
      api.segment.preview({ workspaceId: ws.id, definition: { version: 1, root: nested(definitionLimits.depth + 1) } }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    // A window of whole days, or times, within years 1 to 9999, is fine.
    const fine = definition(
      purchasedBetween("0001-01-01", "9999-12-31"),
      purchasedBetween("2026-01-01T08:00:00Z", "2026-01-01T09:00:00+01:00"),
    );
    expect((await api.segment.preview({ workspaceId: ws.id, definition: fine })).count).toBe(0);
  });

  it("over REST: 400 with the field, for preview and save, never a 500", async () => {
    const { key, saved } = await setup();
    for (const { root, path } of cases) {
      const field = ["definition", ...path].join(".");
      expect(await rest("POST", "/segments/preview", { key, body: { definition: { version: 1, root } } })).toMatchObject({
        status: 400,
        body: { error: { code: "BAD_REQUEST", field } },
      });
      expect(await rest("POST", "/segments", { key, body: { name: "Bad", definition: { version: 1, root } } })).toMatchObject({
        status: 400,
        body: { error: { code: "BAD_REQUEST", field } },
      });
    }
    expect(await saved()).toBe(0);
    expect(unexpected).toEqual([]);
  });
});
