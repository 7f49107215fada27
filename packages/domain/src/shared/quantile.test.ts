import { describe, expect, it } from "vitest";
import { quantile } from "./quantile";

describe("quantile", () => {
  it("interpolates between ranks like PostgreSQL's percentile_cont", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([10], 0.9)).toBe(10);
    expect(quantile([], 0.5)).toBe(0);
    expect(quantile([0, 10], 1)).toBe(10);
  });
});
