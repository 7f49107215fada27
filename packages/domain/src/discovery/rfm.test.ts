import { describe, expect, it } from "vitest";
import { rfmGroup, rfmGroups, scoreDown, scoreUp } from "./rfm";

describe("RFM", () => {
  it("scores against quintile edges, ties sharing a score", () => {
    const edges = [1, 2, 4, 8];
    expect([0, 1, 2, 3, 4, 5, 8, 9].map((v) => scoreUp(v, edges))).toEqual([1, 1, 2, 3, 3, 4, 4, 5]);
    // Recency in days: fewer is better.
    expect([0, 1, 2, 3, 8, 9].map((d) => scoreDown(d, edges))).toEqual([5, 5, 4, 3, 2, 1]);
  });

  it("names every cell of the R x F grid with one of the eleven groups, each used", () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmGroup(r, f)));
    expect(grid).toEqual([
      ["New", "Potential loyalists", "Potential loyalists", "Champions", "Champions"],
      ["Promising", "Potential loyalists", "Potential loyalists", "Loyal", "Loyal"],
      ["About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"],
      ["Hibernating", "Hibernating", "At risk", "At risk", "Can't lose them"],
      ["Lost", "Hibernating", "At risk", "At risk", "Can't lose them"],
    ]);
    expect(new Set(grid.flat())).toEqual(new Set(rfmGroups));
  });
});
