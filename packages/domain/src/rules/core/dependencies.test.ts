import { describe, expect, it } from "vitest";
import type { Rule, SegmentDefinition } from "@facet/validators";
import { affectedSegments, definitionDependencies, dependencyTokens } from "./dependencies";

const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});
const group = (...children: Rule[]): Rule => ({ type: "group", combinator: "or", negate: true, children });

describe("definitionDependencies", () => {
  it("lists attributes, metrics, events and referenced segments once each, through nested groups", () => {
    const d = definitionDependencies(
      def(
        { type: "attribute", attribute: "plan", operator: "in", value: ["pro"] },
        group(
          { type: "attribute", attribute: "order_count", operator: "gt", value: 2 },
          { type: "event", event: "purchase", operator: "did", window: { kind: "ever" }, where: [] },
          { type: "attribute", attribute: "plan", operator: "is_set" },
          { type: "segment", segmentId: "seg_0123456789", operator: "not_in" },
        ),
      ),
    );
    expect(d).toEqual({ attributes: ["plan"], metrics: ["order_count"], events: ["purchase"], segments: ["seg_0123456789"], time: false });
    expect(dependencyTokens(d)).toEqual(["attribute:plan", "metric:order_count", "event:purchase", "segment:seg_0123456789"]);
  });

  it("marks rules whose answer changes as time passes", () => {
    const window = def({
      type: "event",
      event: "login",
      operator: "at_least",
      count: 2,
      window: { kind: "last_days", days: 30 },
      where: [],
    });
    const fixed = def({
      type: "event",
      event: "login",
      operator: "did",
      window: { kind: "between", from: "2024-01-01", to: "2024-02-01" },
      where: [],
    });
    expect(definitionDependencies(window).time).toBe(true);
    expect(definitionDependencies(fixed).time).toBe(false);
    expect(definitionDependencies(def({ type: "attribute", attribute: "joined", operator: "within_last_days", value: 7 })).time).toBe(true);
    expect(definitionDependencies(def({ type: "attribute", attribute: "days_since_last_purchase", operator: "gt", value: 7 })).time).toBe(
      true,
    );
  });

  it("an empty definition depends on nothing but who the customers are", () => {
    expect(dependencyTokens(definitionDependencies(def()))).toEqual([]);
  });
});

describe("affectedSegments", () => {
  const index = [
    { id: "a", dependsOn: ["attribute:plan"] },
    { id: "b", dependsOn: ["event:purchase", "segment:a"] },
    { id: "c", dependsOn: ["segment:b"] },
    { id: "d", dependsOn: ["attribute:age"] },
    { id: "e", dependsOn: [] },
  ];
  const sorted = (s: Set<string>) => [...s].sort();

  it("touches only the segments that can care, and those referring to them, transitively", () => {
    expect(sorted(affectedSegments(index, ["attribute:plan"]))).toEqual(["a", "b", "c"]);
    expect(sorted(affectedSegments(index, ["event:purchase"]))).toEqual(["b", "c"]);
    expect(sorted(affectedSegments(index, ["attribute:age"]))).toEqual(["d"]);
    expect(sorted(affectedSegments(index, ["event:login"]))).toEqual([]);
  });

  it("a change to anything (a new customer, a merge) touches every segment; a segment on anything sees every change", () => {
    expect(sorted(affectedSegments(index, ["*"]))).toEqual(["a", "b", "c", "d", "e"]);
    expect(sorted(affectedSegments([...index, { id: "old", dependsOn: ["*"] }], ["event:login"]))).toEqual(["old"]);
  });

  it("stops on a reference cycle (refused on save, but never loops here)", () => {
    const cyclic = [
      { id: "x", dependsOn: ["segment:y", "attribute:plan"] },
      { id: "y", dependsOn: ["segment:x"] },
    ];
    expect(sorted(affectedSegments(cyclic, ["attribute:plan"]))).toEqual(["x", "y"]);
  });
});
