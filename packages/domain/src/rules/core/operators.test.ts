import { describe, expect, it } from "vitest";
import {
  attributeCondition,
  attributeOperators,
  propertyCondition,
  propertyFilter,
  propertyOperators,
  type AttributeOperator,
  type AttributeType,
  type PropertyFilter,
} from "@facet/validators";
import { ruleContext } from "./context";
import { evaluateDefinition } from "./evaluate";

// Every attribute operator, for every type it applies to, read as a table: a value the customer has,
// the rule's value, and whether they match. Each operator also has a row for a customer without a
// value: only is_not_set matches them. The SQL compiler agrees with this evaluator on random
// definitions (packages/api/test/segment-rules.int.test.ts), so this table is what both do.
// "Now" is 2026-03-15 09:00 UTC.

const now = new Date("2026-03-15T09:00:00Z");
const missing = Symbol("no value");
type Row = [type: AttributeType, operator: AttributeOperator, has: unknown, value: unknown, matches: boolean];

const table: Row[] = [
  // text: compared without regard to case
  ["string", "eq", "London", "london", true],
  ["string", "eq", "London", "Lond", false],
  ["string", "neq", "London", "LONDON", false],
  ["string", "neq", "London", "Paris", true],
  ["string", "in", "London", ["paris", "LONDON"], true],
  ["string", "in", "London", ["Paris"], false],
  ["string", "not_in", "London", ["Paris"], true],
  ["string", "not_in", "London", ["london"], false],
  ["string", "contains", "Los Angeles", "ANGEL", true],
  ["string", "contains", "Los Angeles", "york", false],
  ["string", "not_contains", "Los Angeles", "york", true],
  ["string", "not_contains", "Los Angeles", "los", false],
  ["string", "starts_with", "Los Angeles", "los", true],
  ["string", "starts_with", "Los Angeles", "angeles", false],
  ["string", "ends_with", "Los Angeles", "ANGELES", true],
  ["string", "ends_with", "Los Angeles", "los", false],
  ["string", "is_set", "London", undefined, true],
  ["string", "is_not_set", "London", undefined, false],
  // numbers: between includes both ends
  ["number", "eq", 30, 30, true],
  ["number", "eq", 30, 31, false],
  ["number", "neq", 30, 31, true],
  ["number", "neq", 30, 30, false],
  ["number", "gt", 30, 29.5, true],
  ["number", "gt", 30, 30, false],
  ["number", "gte", 30, 30, true],
  ["number", "gte", 30, 30.5, false],
  ["number", "lt", 30, 31, true],
  ["number", "lt", 30, 30, false],
  ["number", "lte", 30, 30, true],
  ["number", "lte", 30, 29, false],
  ["number", "between", 30, [30, 40], true],
  ["number", "between", 40, [30, 40], true],
  ["number", "between", 41, [30, 40], false],
  ["number", "is_set", 0, undefined, true],
  ["number", "is_not_set", 0, undefined, false],
  // dates: a date alone is the whole day (UTC)
  ["date", "before", "2026-03-09T23:59:59Z", "2026-03-10", true],
  ["date", "before", "2026-03-10T00:00:00Z", "2026-03-10", false],
  ["date", "after", "2026-03-11T00:00:00Z", "2026-03-10", true],
  ["date", "after", "2026-03-10T23:00:00Z", "2026-03-10", false],
  ["date", "after", "2026-03-10T12:00:01Z", "2026-03-10T12:00:00Z", true],
  ["date", "between", "2026-03-10T12:00:00Z", ["2026-03-01", "2026-03-10"], true],
  ["date", "between", "2026-03-01", ["2026-03-01", "2026-03-10"], true],
  ["date", "between", "2026-03-11T00:00:00Z", ["2026-03-01", "2026-03-10"], false],
  ["date", "within_last_days", "2026-03-08T09:00:00Z", 7, true],
  ["date", "within_last_days", "2026-03-08T08:59:59Z", 7, false],
  ["date", "within_last_days", "2026-03-18", 7, false], // ahead of now: not the past
  ["date", "not_within_last_days", "2026-03-01", 7, true],
  ["date", "not_within_last_days", "2026-03-18", 7, true],
  ["date", "not_within_last_days", "2026-03-14", 7, false],
  ["date", "is_set", "2026-03-14", undefined, true],
  ["date", "is_not_set", "2026-03-14", undefined, false],
  // yes/no
  ["boolean", "is_true", true, undefined, true],
  ["boolean", "is_true", false, undefined, false],
  ["boolean", "is_false", false, undefined, true],
  ["boolean", "is_false", true, undefined, false],
  ["boolean", "is_set", false, undefined, true],
  ["boolean", "is_not_set", false, undefined, false],
  // one of a list: exact values
  ["enum", "in", "Pro", ["Pro", "Team"], true],
  ["enum", "in", "Pro", ["Team"], false],
  ["enum", "not_in", "Pro", ["Team"], true],
  ["enum", "not_in", "Pro", ["Pro"], false],
  ["enum", "is_set", "Pro", undefined, true],
  ["enum", "is_not_set", "Pro", undefined, false],
  // lists: exact values; an empty list is no value
  ["list", "includes_any", ["ios", "web"], ["web", "mac"], true],
  ["list", "includes_any", ["ios"], ["web", "mac"], false],
  ["list", "includes_all", ["ios", "web"], ["ios", "web"], true],
  ["list", "includes_all", ["ios"], ["ios", "web"], false],
  ["list", "excludes", ["ios"], ["web", "mac"], true],
  ["list", "excludes", ["ios", "web"], ["web"], false],
  ["list", "is_set", ["ios"], undefined, true],
  ["list", "is_set", [], undefined, false],
  ["list", "is_not_set", [], undefined, true],
];

// A customer without a value matches only is_not_set: one row per operator and type.
const withoutValue: Row[] = (Object.entries(attributeOperators) as [AttributeType, readonly AttributeOperator[]][]).flatMap(([type, ops]) =>
  ops.map((operator): Row => {
    const example = table.find((r) => r[0] === type && r[1] === operator);
    return [type, operator, missing, example?.[3], operator === "is_not_set"];
  }),
);

const matches = ([type, operator, has, value]: Row) => {
  const ctx = ruleContext("ws_table", [{ key: "x", label: "X", type, column: null, enumValues: ["Pro", "Team"] }], now);
  const rule = attributeCondition("x", operator, value);
  const values = has === missing ? {} : { x: has };
  return evaluateDefinition(
    { version: 1, root: { type: "group", combinator: "and", negate: false, children: [rule] } },
    { values, events: [] },
    ctx,
  ).matched;
};

describe("attribute operators", () => {
  it.each(table)("%s %s: has %j, rule value %j → %s", (...row) => {
    expect(matches(row)).toBe(row[4]);
  });
  it.each(withoutValue)("%s %s without a value → %s", (...row) => {
    expect(matches(row)).toBe(row[4]);
  });
  it("the table has a matching and a non-matching row for every operator of every type", () => {
    for (const [type, ops] of Object.entries(attributeOperators)) {
      for (const operator of ops) {
        const rows = table.filter((r) => r[0] === type && r[1] === operator);
        expect(rows.map((r) => r[4]).includes(true) || operator === "is_not_set", `${type} ${operator}`).toBe(true);
        expect(rows.length, `${type} ${operator}`).toBeGreaterThan(0);
      }
    }
  });
});

// Every event-property operator: the property's value on the event, the filter's value, and whether
// the event counts. Text compares without regard to case; a number compares as a number (a numeric
// text on the event is read as one); an event without the property matches only is_not_set.

type PropertyRow = [operator: PropertyFilter["operator"], has: unknown, value: unknown, matches: boolean];
const properties: PropertyRow[] = [
  ["eq", "Pro", "pro", true],
  ["eq", "Pro", "Team", false],
  ["eq", "49.0", 49, true],
  ["eq", 49, 50, false],
  ["neq", "Pro", "PRO", false],
  ["neq", "Pro", "Team", true],
  ["neq", 49, 50, true],
  ["gt", 49, 40, true],
  ["gt", "49", 49, false],
  ["gte", 49, "49", true],
  ["gte", 48, 49, false],
  ["lt", 9.5, 10, true],
  ["lt", "ten", 10, false],
  ["lte", 10, 10, true],
  ["lte", 11, 10, false],
  ["contains", "Annual plan", "ANNUAL", true],
  ["contains", "Annual plan", "monthly", false],
  ["in", "Pro", ["team", "pro"], true],
  ["in", "Pro", ["team"], false],
  ["is_set", "", undefined, true],
  ["is_set", missing, undefined, false],
  ["is_not_set", missing, undefined, true],
  ["is_not_set", "Pro", undefined, false],
  ...propertyOperators.filter((o) => o !== "is_set" && o !== "is_not_set").map((o): PropertyRow => [o, missing, exampleValue(o), false]),
];
function exampleValue(o: PropertyFilter["operator"]) {
  return o === "in" ? ["pro"] : o === "eq" || o === "neq" || o === "contains" ? "pro" : 1;
}

const eventMatches = ([operator, has, value]: PropertyRow) => {
  const ctx = ruleContext("ws_table", [], now);
  const event = { name: "purchase", occurredAt: now, properties: has === missing ? {} : { plan: has }, revenue: null };
  const where = [propertyCondition("plan", operator, value)];
  return evaluateDefinition(
    {
      version: 1,
      root: {
        type: "group",
        combinator: "and",
        negate: false,
        children: [{ type: "event", event: "purchase", operator: "did", window: { kind: "ever" }, where }],
      },
    },
    { values: {}, events: [event] },
    ctx,
  ).matched;
};

describe("event property operators", () => {
  it.each(properties)("%s: event has %j, filter value %j → %s", (...row) => {
    expect(eventMatches(row)).toBe(row[3]);
  });
  it("the table has a matching and a non-matching row for every operator", () => {
    for (const operator of propertyOperators) {
      const rows = properties.filter((r) => r[0] === operator);
      expect(
        rows.some((r) => r[3]),
        operator,
      ).toBe(true);
      expect(
        rows.some((r) => !r[3]),
        operator,
      ).toBe(true);
    }
  });
  it("each operator takes the shape of its value, and a wrong shape names the field", () => {
    const parse = (operator: string, value: unknown) => propertyFilter.safeParse({ property: "plan", operator, value });
    expect(parse("in", ["a", "b"]).success).toBe(true);
    expect(parse("gt", 10).success).toBe(true);
    expect(parse("is_set", undefined).success).toBe(true);
    for (const [operator, value] of [
      ["in", "a"],
      ["gt", ["a"]],
      ["eq", ["a"]],
      ["contains", { a: 1 }],
    ] as const) {
      const parsed = parse(operator, value);
      expect(parsed.success, `${operator} ${JSON.stringify(value)}`).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(["value"]);
    }
  });
});
