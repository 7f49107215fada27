import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayMs, type EventRule, type Rule, type SegmentDefinition } from "@facet/validators";
import { ruleContext } from "./context";
import { evaluateDefinition, type EvaluatedCustomer } from "./evaluate";
import { dayCountSteps, nextFlip, timeConditions, windowMoment } from "./flips";
import type { RuleAttribute } from "./operands";

// The when-next-flip derivation, pure: which conditions read the clock, and the moments they can next
// change. The property: between now and the moment found, the answer never changes (the moment is never
// later than a real flip), whatever the definition around the conditions.

const now = new Date("2026-03-15T09:00:00Z");
const attributes: RuleAttribute[] = [
  { key: "created_at", label: "Created", type: "date", column: "created_at", enumValues: [] },
  { key: "last_purchase_at", label: "Last purchase", type: "date", column: "last_purchase_at", enumValues: [] },
  {
    key: "days_since_last_purchase",
    label: "Days since last purchase",
    type: "number",
    column: "days_since_last_purchase",
    enumValues: [],
  },
  { key: "plan", label: "Plan", type: "string", column: null, enumValues: [] },
];
const ctxAt = (at: Date, segments = new Map<string, SegmentDefinition>()) => ruleContext("ws_test", attributes, at, segments);
const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});
const purchased = (extra: Partial<EventRule>): EventRule => ({
  type: "event",
  event: "purchase",
  operator: "did",
  window: { kind: "last_days", days: 30 },
  where: [],
  ...extra,
});

describe("which conditions read the clock", () => {
  it("finds windows, relative dates and day counts, also in referenced segments", () => {
    const inner = def({ type: "attribute", attribute: "created_at", operator: "not_within_last_days", value: 90 });
    const outer = def(
      purchased({}),
      { type: "segment", segmentId: "seg_inner00000", operator: "not_in" },
      {
        type: "attribute",
        attribute: "days_since_last_purchase",
        operator: "gt",
        value: 7,
      },
    );
    const found = timeConditions(outer, ctxAt(now, new Map([["seg_inner00000", inner]])));
    expect(found.map((c) => c.label)).toEqual([
      "purchase in the last 30 days",
      "Days since last purchase gt 7",
      "Created not in the last 90 days",
    ]);
    expect(found[1]).toMatchObject({ kind: "daysSince", steps: [7, 8] });
  });

  it("finds none in fixed windows, absolute dates, ever, or whether a purchase happened at all", () => {
    const fixed = def(
      purchased({ window: { kind: "ever" } }),
      purchased({ window: { kind: "between", from: "2026-01-01", to: "2026-02-01" } }),
      { type: "attribute", attribute: "created_at", operator: "before", value: "2026-01-01" },
      { type: "attribute", attribute: "days_since_last_purchase", operator: "is_set" },
      { type: "attribute", attribute: "plan", operator: "eq", value: "pro" },
    );
    expect(timeConditions(fixed, ctxAt(now))).toEqual([]);
  });

  it("steps of a whole-day count: where a comparison with it can change", () => {
    const o = (value: number) => ({ kind: "number" as const, value });
    expect(dayCountSteps(o(7))).toEqual([7, 8]);
    expect(dayCountSteps(o(7.5))).toEqual([8]);
    expect(dayCountSteps({ kind: "range", from: 3, to: 10 })).toEqual([3, 4, 10, 11]);
    expect(dayCountSteps({ kind: "none" })).toEqual([]);
  });
});

describe("moments", () => {
  it("a purchase 29 days ago leaves a 30-day window one day and a millisecond from now; the answer flips then", () => {
    const at = now.getTime() - 29 * dayMs;
    const flip = windowMoment(at, 30, now.getTime())!;
    expect(flip).toBe(at + 30 * dayMs + 1);
    const c: EvaluatedCustomer = { values: {}, events: [{ name: "purchase", occurredAt: new Date(at), properties: {}, revenue: 10 }] };
    const d = def(purchased({}));
    expect(evaluateDefinition(d, c, ctxAt(new Date(flip - 1))).matched).toBe(true);
    expect(evaluateDefinition(d, c, ctxAt(new Date(flip))).matched).toBe(false);
  });

  it("an event dated ahead enters the window when it happens; one that has left has no moment", () => {
    expect(windowMoment(now.getTime() + 5000, 30, now.getTime())).toBe(now.getTime() + 5000);
    expect(windowMoment(now.getTime() - 31 * dayMs, 30, now.getTime())).toBeNull();
  });

  it("signed up more than 90 days ago: the moment is when the sign-up leaves the last 90 days", () => {
    const created = new Date(now.getTime() - 10 * dayMs);
    const d = def({ type: "attribute", attribute: "created_at", operator: "not_within_last_days", value: 90 });
    const flip = nextFlip(timeConditions(d, ctxAt(now)), { values: { created_at: created.toISOString() }, events: [] }, now)!;
    expect(flip).toEqual({ at: new Date(created.getTime() + 90 * dayMs + 1), label: "Created not in the last 90 days" });
  });
});

/** The customer at a moment: the day count is worked out for that moment, as the database does. */
function customerAt(t: Date, lastPurchase: number | null, created: number, events: number[]): EvaluatedCustomer {
  return {
    values: {
      created_at: new Date(created).toISOString(),
      last_purchase_at: lastPurchase === null ? null : new Date(lastPurchase).toISOString(),
      days_since_last_purchase: lastPurchase === null ? null : Math.floor((t.getTime() - lastPurchase) / dayMs),
      plan: "pro",
    },
    events: events.map((ms, i) => ({ name: i % 3 === 2 ? "login" : "purchase", occurredAt: new Date(ms), properties: {}, revenue: 10 })),
  };
}

const offset = fc.integer({ min: -60 * dayMs, max: 3 * dayMs });
const leaf: fc.Arbitrary<Rule> = fc.oneof(
  fc.record({
    type: fc.constant("event" as const),
    event: fc.constantFrom("purchase", "login"),
    operator: fc.constantFrom("did" as const, "did_not" as const, "at_least" as const, "at_most" as const, "exactly" as const),
    count: fc.integer({ min: 0, max: 3 }),
    window: fc.integer({ min: 1, max: 45 }).map((days) => ({ kind: "last_days" as const, days })),
    where: fc.constant(null).map((): EventRule["where"] => []),
  }),
  fc.record({
    type: fc.constant("attribute" as const),
    attribute: fc.constantFrom("created_at", "last_purchase_at"),
    operator: fc.constantFrom("within_last_days" as const, "not_within_last_days" as const),
    value: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({
    type: fc.constant("attribute" as const),
    attribute: fc.constant("days_since_last_purchase"),
    operator: fc.constantFrom("gt" as const, "gte" as const, "lt" as const, "lte" as const, "eq" as const, "neq" as const),
    value: fc.integer({ min: -2, max: 40 }).map((n) => n / 2),
  }),
  fc.record({
    type: fc.constant("attribute" as const),
    attribute: fc.constant("days_since_last_purchase"),
    operator: fc.constant("between" as const),
    value: fc
      .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }))
      .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]),
  }),
);
const rootOf = fc.record({
  type: fc.constant("group" as const),
  combinator: fc.constantFrom("and" as const, "or" as const),
  negate: fc.boolean(),
  children: fc.array(leaf, { minLength: 1, maxLength: 3 }),
});

describe("the moment found is never later than a real flip", () => {
  it("holds for random definitions and customers, at random times before it", () => {
    fc.assert(
      fc.property(
        rootOf,
        fc.option(offset, { nil: null }),
        offset,
        fc.array(offset, { maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (root, lastPurchase, created, eventOffsets, fractions) => {
          const d: SegmentDefinition = { version: 1, root };
          const t0 = now.getTime();
          const lp = lastPurchase === null ? null : t0 + lastPurchase;
          const events = eventOffsets.map((o) => t0 + o);
          const answerAt = (t: Date) => evaluateDefinition(d, customerAt(t, lp, t0 + created, events), ctxAt(t)).matched;
          const first = answerAt(now);
          const flip = nextFlip(timeConditions(d, ctxAt(now)), customerAt(now, lp, t0 + created, events), now);
          expect(flip === null || flip.at.getTime() > t0).toBe(true);
          // No moment ahead: the answer stays for good (probed up to 400 days on).
          const end = flip ? flip.at.getTime() : t0 + 400 * dayMs;
          const probes = [...fractions.map((f) => t0 + Math.floor(f * (end - t0 - 1))), end - 1];
          for (const t of probes) if (t >= t0) expect(answerAt(new Date(t))).toBe(first);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
