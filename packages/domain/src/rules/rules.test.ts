import { describe, expect, it } from "vitest";
import type { Rule, SegmentDefinition } from "@facet/validators";
import { PgDialect } from "drizzle-orm/pg-core";
import { compileDefinition, evaluateDefinition, operandOf, ruleContext } from "./index";

const now = new Date("2026-03-15T00:30:00Z");
const attributes = [
  { key: "joined", label: "Joined", type: "date" as const, column: null, enumValues: [] },
  { key: "age", label: "Age", type: "number" as const, column: null, enumValues: [] },
  { key: "plan", label: "Plan", type: "enum" as const, column: null, enumValues: ["Free", "Pro"] },
];
const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});
const matches = (d: SegmentDefinition, values: Record<string, unknown>, segments = new Map<string, SegmentDefinition>()) =>
  evaluateDefinition(d, { values, events: [] }, ruleContext("ws_test", attributes, now, segments)).matched;

describe("rule evaluation", () => {
  it("reads a date alone as midnight UTC, whatever the local time zone", () => {
    const after = def({ type: "attribute", attribute: "joined", operator: "after", value: "2026-03-14T23:59:59Z" });
    expect(matches(after, { joined: "2026-03-15" })).toBe(true);
    expect(
      matches(def({ type: "attribute", attribute: "joined", operator: "before", value: "2026-03-15" }), { joined: "2026-03-14" }),
    ).toBe(true);
    // 14 March, midnight UTC, is 24.5 hours before "now": in the last 2 days, not in the last 1.
    expect(matches(def({ type: "attribute", attribute: "joined", operator: "within_last_days", value: 2 }), { joined: "2026-03-14" })).toBe(
      true,
    );
    expect(matches(def({ type: "attribute", attribute: "joined", operator: "within_last_days", value: 1 }), { joined: "2026-03-14" })).toBe(
      false,
    );
  });

  it("a customer without a value matches only is_not_set, even under neq and not_in", () => {
    expect(matches(def({ type: "attribute", attribute: "age", operator: "neq", value: 30 }), {})).toBe(false);
    expect(matches(def({ type: "attribute", attribute: "plan", operator: "not_in", value: ["Pro"] }), {})).toBe(false);
    expect(matches(def({ type: "attribute", attribute: "plan", operator: "is_not_set" }), {})).toBe(true);
    // ... but a negated group is a plain NOT.
    const negated: SegmentDefinition = {
      version: 1,
      root: {
        type: "group",
        combinator: "and",
        negate: true,
        children: [{ type: "attribute", attribute: "age", operator: "gt", value: 30 }],
      },
    };
    expect(matches(negated, {})).toBe(true);
  });

  it("rejects an operator that doesn't fit the type, and a value that doesn't fit the operator, clearly", () => {
    expect(() => operandOf(attributes[1]!, { type: "attribute", attribute: "age", operator: "contains", value: "3" })).toThrow(
      `"contains" doesn't apply to Age (number).`,
    );
    expect(() => operandOf(attributes[1]!, { type: "attribute", attribute: "age", operator: "between", value: [40, 30] })).toThrow(
      "the range starts after it ends",
    );
    expect(() => operandOf(attributes[2]!, { type: "attribute", attribute: "plan", operator: "in", value: [] })).toThrow(
      "choose at least one value",
    );
    expect(() => matches(def({ type: "attribute", attribute: "nope", operator: "is_set" }), {})).toThrow('There is no attribute "nope".');
  });

  it("follows segment references and refuses cycles", () => {
    const pro: SegmentDefinition = def({ type: "attribute", attribute: "plan", operator: "in", value: ["Pro"] });
    const segments = new Map([["seg_0000000000aa", pro]]);
    expect(matches(def({ type: "segment", segmentId: "seg_0000000000aa", operator: "in" }), { plan: "Pro" }, segments)).toBe(true);
    expect(matches(def({ type: "segment", segmentId: "seg_0000000000aa", operator: "not_in" }), { plan: "Pro" }, segments)).toBe(false);
    const loop = new Map([["seg_0000000000bb", def({ type: "segment", segmentId: "seg_0000000000bb", operator: "in" })]]);
    expect(() => matches(def({ type: "segment", segmentId: "seg_0000000000bb", operator: "in" }), {}, loop)).toThrow("circle");
  });

  it("evaluates and compiles each referenced segment once, however many times and levels deep it is referred to", () => {
    // Six levels of "any of 10 references to the previous segment": 10^5 paths to the bottom one.
    const segments = new Map<string, SegmentDefinition>([
      ["seg_level000001", def({ type: "attribute", attribute: "age", operator: "gte", value: 30 })],
    ]);
    for (let level = 2; level <= 6; level++) {
      const previous = `seg_level00000${level - 1}`;
      segments.set(`seg_level00000${level}`, {
        version: 1,
        root: {
          type: "group",
          combinator: "or",
          negate: false,
          children: Array.from({ length: 10 }, () => ({ type: "segment" as const, segmentId: previous, operator: "in" as const })),
        },
      });
    }
    const top = def(
      ...Array.from({ length: 10 }, () => ({ type: "segment" as const, segmentId: "seg_level000006", operator: "in" as const })),
    );
    let reads = 0;
    const stored: Record<string, unknown> = { age: 41 };
    const values = new Proxy(stored, {
      get: (target, key: string) => {
        if (key === "age") reads++;
        return target[key];
      },
    });
    const ctx = ruleContext("ws_test", attributes, now, segments);
    expect(evaluateDefinition(top, { values, events: [] }, ctx).matched).toBe(true);
    expect(reads).toBe(1);
    const { sql } = new PgDialect().sqlToQuery(compileDefinition(top, ctx));
    expect(sql.match(/as materialized/g)).toHaveLength(6);
    // The bottom segment's one condition is compiled once.
    expect(sql.match(/"traits" ->>/g)).toHaveLength(1);
  });
});
