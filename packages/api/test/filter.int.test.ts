import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@facet/db";
import type { AttributeRule } from "@facet/validators";
import { callerFor, expectCode, newUser, newWorkspace, openDatabase } from "./fixtures";

let database: Database;
let api: ReturnType<typeof callerFor>;
let workspaceId: string;

beforeAll(async () => {
  database = await openDatabase();
  const owner = await newUser(database.db, "Filterer");
  workspaceId = (await newWorkspace(database.db, owner, "Filters")).id;
  api = callerFor(database.db, owner);
  const attrs = [
    { key: "age", label: "Age", type: "number", dimension: "demographic" },
    { key: "city", label: "City", type: "string", dimension: "geographic" },
    { key: "plan", label: "Plan", type: "enum", dimension: "value", enumValues: ["Free", "Pro", "Team"] },
    { key: "devices", label: "Devices", type: "list", dimension: "technographic" },
    { key: "newsletter", label: "Newsletter", type: "boolean", dimension: "behavioral" },
    { key: "signed_up", label: "Signed up", type: "date", dimension: "behavioral" },
  ] as const;
  for (const a of attrs) await api.attribute.create({ workspaceId, ...a, enumValues: "enumValues" in a ? [...a.enumValues] : [] });
  const people = [
    ["ana@x.io", { age: 28, city: "Lisbon", plan: "Pro", devices: ["ios", "mac"], newsletter: true, signed_up: "2024-01-10" }],
    ["ben@x.io", { age: 35, city: "London", plan: "Free", devices: ["android"], newsletter: false, signed_up: "2024-06-01" }],
    ["cai@x.io", { age: 42, city: "Los Angeles", plan: "Team", devices: ["windows", "ios"], signed_up: "2023-03-15" }],
    ["dee@x.io", { city: "lisbon_100%" }],
  ] as const;
  for (const [email, traits] of people) await api.customer.create({ workspaceId, email, traits: { ...traits } });
});
afterAll(() => database.close());

async function emails(...filters: AttributeRule[]) {
  const page = await api.customer.list({ workspaceId, filters, sort: { key: "email", dir: "asc" }, limit: 50 });
  const count = await api.customer.count({ workspaceId, filters });
  expect(count).toBe(page.items.length);
  return page.items.map((c) => String(c.values.email).slice(0, 3));
}
const f = (attribute: string, operator: string, value?: AttributeRule["value"]): AttributeRule =>
  ({ type: "attribute", attribute, operator, value }) as AttributeRule;

describe("customer filters", () => {
  it("numbers; a customer without a value matches only 'has no value', not even 'is not'", async () => {
    expect(await emails(f("age", "gt", 30))).toEqual(["ben", "cai"]);
    expect(await emails(f("age", "between", [28, 35]))).toEqual(["ana", "ben"]);
    expect(await emails(f("age", "neq", "35"))).toEqual(["ana", "cai"]);
    expect(await emails(f("age", "is_not_set"))).toEqual(["dee"]);
  });
  it("text: case-insensitive, and %/_ are not wildcards", async () => {
    expect(await emails(f("city", "eq", "LISBON"))).toEqual(["ana"]);
    expect(await emails(f("city", "in", ["london", "Lisbon"]))).toEqual(["ana", "ben"]);
    expect(await emails(f("city", "ends_with", "ON"))).toEqual(["ben", "ana"].sort());
    expect(await emails(f("city", "starts_with", "lo"))).toEqual(["ben", "cai"]);
    expect(await emails(f("city", "contains", "_100%"))).toEqual(["dee"]);
    expect(await emails(f("city", "neq", "london"))).toEqual(["ana", "cai", "dee"]);
    expect(await emails(f("city", "not_contains", "lisbon"))).toEqual(["ben", "cai"]);
  });
  it("one of a list, lists of values, yes/no and dates", async () => {
    expect(await emails(f("plan", "in", ["Pro", "Team"]))).toEqual(["ana", "cai"]);
    expect(await emails(f("plan", "not_in", ["Pro"]))).toEqual(["ben", "cai"]);
    expect(await emails(f("devices", "includes_any", ["ios", "android"]))).toEqual(["ana", "ben", "cai"]);
    expect(await emails(f("devices", "includes_all", ["ios", "mac"]))).toEqual(["ana"]);
    expect(await emails(f("devices", "excludes", ["ios"]))).toEqual(["ben"]);
    expect(await emails(f("newsletter", "is_false"))).toEqual(["ben"]);
    expect(await emails(f("signed_up", "before", "2024-01-01"))).toEqual(["cai"]);
    expect(await emails(f("signed_up", "not_within_last_days", 30))).toEqual(["ana", "ben", "cai"]);
    expect(await emails(f("created_at", "within_last_days", 1))).toEqual(["ana", "ben", "cai", "dee"]);
  });
  it("several filters all apply, with search and keyset paging", async () => {
    expect(await emails(f("age", "gte", 28), f("plan", "in", ["Free", "Team"]))).toEqual(["ben", "cai"]);
    const first = await api.customer.list({ workspaceId, filters: [f("age", "is_set")], sort: { key: "age", dir: "desc" }, limit: 2 });
    const second = await api.customer.list({
      workspaceId,
      filters: [f("age", "is_set")],
      sort: { key: "age", dir: "desc" },
      limit: 2,
      cursor: first.nextCursor,
    });
    expect([...first.items, ...second.items].map((c) => c.values.age)).toEqual([42, 35, 28]);
    expect(second.nextCursor).toBeNull();
  });
  it("a wrong operator or value is a clear error", async () => {
    await expectCode(emails(f("age", "contains", "3")), "BAD_REQUEST");
    await expectCode(emails(f("age", "gt", "thirty")), "BAD_REQUEST");
    await expectCode(emails(f("plan", "in", [])), "BAD_REQUEST");
    await expectCode(emails(f("nope", "is_set")), "BAD_REQUEST");
    await expect(emails(f("age", "gt", "thirty"))).rejects.toThrow('Age >: "thirty" is not a number.');
    await expect(emails(f("age", "contains", "3"))).rejects.toThrow(`"contains" doesn't apply to Age (number).`);
  });
});
