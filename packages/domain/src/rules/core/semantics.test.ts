import { describe, expect, it } from "vitest";
import type { EventRule, Rule, SegmentDefinition } from "@facet/validators";
import { evaluateDefinition, type EvaluatedCustomer } from "./evaluate";
import { ruleContext } from "./index";

// Rules mean one thing, in the SQL compiler and the in-memory evaluator alike (the property test in
// packages/api/test/segment-rules.int.test.ts holds them to each other). These pin what that thing is.

const now = new Date("2026-03-15T09:00:00Z");
const ctx = ruleContext("ws_test", [{ key: "joined", label: "Joined", type: "date", column: null, enumValues: [] }], now);
const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});
const customer = (values: Record<string, unknown>, events: EvaluatedCustomer["events"] = []): EvaluatedCustomer => ({ values, events });
const purchase = (at: string, properties: Record<string, unknown> = {}, revenue: number | null = null) => ({
  name: "purchase",
  occurredAt: new Date(at),
  properties,
  revenue,
});
const matches = (rule: Rule, c: EvaluatedCustomer) => evaluateDefinition(def(rule), c, ctx).matched;
const purchased = (extra: Partial<EventRule>): EventRule => ({
  type: "event",
  event: "purchase",
  operator: "did",
  window: { kind: "ever" },
  where: [],
  ...extra,
});

describe("between is whole days, both included, for attribute dates and event windows alike", () => {
  const between = (from: string, to: string): Rule => ({ type: "attribute", attribute: "joined", operator: "between", value: [from, to] });
  const between1st10th = between("2026-03-01", "2026-03-10");
  const window1st10th = purchased({ window: { kind: "between", from: "2026-03-01", to: "2026-03-10" } });
  it("noon on the 10th is inside 'between the 1st and the 10th'", () => {
    expect(matches(between1st10th, customer({ joined: "2026-03-10T12:00:00Z" }))).toBe(true);
    expect(matches(window1st10th, customer({}, [purchase("2026-03-10T12:00:00Z")]))).toBe(true);
  });
  it("midnight on the 11th and the last moment of February are outside", () => {
    for (const at of ["2026-03-11T00:00:00Z", "2026-02-28T23:59:59.999Z"]) {
      expect(matches(between1st10th, customer({ joined: at })), at).toBe(false);
      expect(matches(window1st10th, customer({}, [purchase(at)])), at).toBe(false);
    }
  });
  it("a time as an end is that instant, included", () => {
    const rule = between("2026-03-01", "2026-03-10T12:00:00Z");
    expect(matches(rule, customer({ joined: "2026-03-10T12:00:00Z" }))).toBe(true);
    expect(matches(rule, customer({ joined: "2026-03-10T12:00:01Z" }))).toBe(false);
  });
  it("after a date is after the whole day; before a date is before it starts", () => {
    const after = { type: "attribute", attribute: "joined", operator: "after", value: "2026-03-10" } as const;
    expect(matches(after, customer({ joined: "2026-03-10T23:00:00Z" }))).toBe(false);
    expect(matches(after, customer({ joined: "2026-03-11" }))).toBe(true);
    const before = { type: "attribute", attribute: "joined", operator: "before", value: "2026-03-10" } as const;
    expect(matches(before, customer({ joined: "2026-03-09T23:59:59Z" }))).toBe(true);
    expect(matches(before, customer({ joined: "2026-03-10" }))).toBe(false);
  });
});

describe("text compares without regard to case, for event properties as for attributes", () => {
  it("category is BOOKS matches books; any of, and is not, too", () => {
    const books = customer({}, [purchase("2026-03-01T00:00:00Z", { category: "books" })]);
    expect(matches(purchased({ where: [{ property: "category", operator: "eq", value: "BOOKS" }] }), books)).toBe(true);
    expect(matches(purchased({ where: [{ property: "category", operator: "in", value: ["Books", "music"] }] }), books)).toBe(true);
    expect(matches(purchased({ where: [{ property: "category", operator: "neq", value: "Books" }] }), books)).toBe(false);
  });
});

describe("the future is not the past", () => {
  it("an event dated ahead of now is not in the last 7 days", () => {
    const tomorrow = customer({}, [purchase("2026-03-16T09:00:00Z")]);
    expect(matches(purchased({ window: { kind: "last_days", days: 7 } }), tomorrow)).toBe(false);
    expect(matches(purchased({}), tomorrow)).toBe(true);
  });
  it("a date 3 days ahead is not within the last 7 days (so it is 'not in the last 7 days')", () => {
    const ahead = customer({ joined: "2026-03-18" });
    expect(matches({ type: "attribute", attribute: "joined", operator: "within_last_days", value: 7 }, ahead)).toBe(false);
    expect(matches({ type: "attribute", attribute: "joined", operator: "not_within_last_days", value: 7 }, ahead)).toBe(true);
    expect(
      matches({ type: "attribute", attribute: "joined", operator: "within_last_days", value: 7 }, customer({ joined: "2026-03-15" })),
    ).toBe(true);
  });
});

describe("aggregates over no events", () => {
  const none = customer({});
  it("a sum over no events is 0: 'at most 1 purchase with total < 50' includes customers without purchases", () => {
    expect(
      matches(purchased({ operator: "at_most", count: 1, aggregate: { fn: "sum", property: "revenue", operator: "lt", value: 50 } }), none),
    ).toBe(true);
  });
  it("an average over no events has no value: it matches no comparison, and its negation matches", () => {
    for (const operator of ["gte", "lt", "eq"] as const) {
      const rule = purchased({ operator: "at_most", count: 1, aggregate: { fn: "avg", property: "revenue", operator, value: 0 } });
      expect(matches(rule, none)).toBe(false);
      expect(
        evaluateDefinition({ version: 1, root: { type: "group", combinator: "and", negate: true, children: [rule] } }, none, ctx).matched,
      ).toBe(true);
    }
  });
});
