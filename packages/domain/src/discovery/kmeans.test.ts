import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clusterJob, flatten, standardize } from "./kmeans";

const run = (data: number[][], k: number, extra: Partial<Parameters<typeof clusterJob>[0]> = {}) =>
  clusterJob({ ...flatten(data), ks: [k], restarts: 10, seed: 42, maxIterations: 300, silhouetteSample: 2000, ...extra })[0]!;

describe("k-means", () => {
  it("finds two obvious groups, their centres and sizes", () => {
    const data = [
      [0, 0],
      [0, 1],
      [1, 0],
      [10, 10],
      [10, 11],
      [11, 10],
      [11, 11],
    ];
    const s = run(data, 2);
    const centres = s.centroids.map((c) => c.map((x) => Math.round(x * 1000) / 1000)).sort((a, b) => a[0]! - b[0]!);
    expect(centres).toEqual([
      [0.333, 0.333],
      [10.5, 10.5],
    ]);
    expect([...s.sizes].sort()).toEqual([3, 4]);
    expect(s.labels.slice(0, 3).every((l) => l === s.labels[0])).toBe(true);
    // Inertia by hand: 3 points around (1/3, 1/3) -> 4/3; 4 around (10.5, 10.5) -> 4 * 0.5 = 2.
    expect(s.inertia).toBeCloseTo(4 / 3 + 2, 10);
  });

  it("is reproducible for a seed", () => {
    const data = Array.from({ length: 300 }, (_, i) => [Math.sin(i) * 10, Math.cos(i * 1.7) * 10]);
    expect(run(data, 4, { seed: 7 }).labels).toEqual(run(data, 4, { seed: 7 }).labels);
  });

  it("scores the silhouette by hand on a small case", () => {
    // Two clusters on a line: {0, 1} and {5}. Point 0: a = 1, b = 5 -> 0.8; point 1: a = 1, b = 4 -> 0.75; point 5 alone -> 0.
    const s = run([[0], [1], [5]], 2);
    expect(s.silhouette).toBeCloseTo((0.8 + 0.75 + 0) / 3, 10);
    expect(run([[0], [1], [5]], 1).silhouette).toBe(0);
  });

  it("standardizes columns and keeps constant ones at zero", () => {
    const { data, means, sds } = standardize([
      [1, 5],
      [3, 5],
    ]);
    expect(means).toEqual([2, 5]);
    expect(sds).toEqual([1, 1]);
    expect(data).toEqual([
      [-1, 0],
      [1, 0],
    ]);
  });

  it("on mall-customers.csv, income x spending score, k = 5: the five published centroids within 1 unit", () => {
    const text = readFileSync(new URL("../../../../fixtures/datasets/mall-customers.csv", import.meta.url), "utf8");
    const rows = text
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(","))
      .map((c) => [Number(c[3]), Number(c[4])]);
    expect(rows).toHaveLength(200);
    const { data, means, sds } = standardize(rows);
    const s = run(data, 5);
    const centroids = s.centroids.map((c) => c.map((x, d) => x * sds[d]! + means[d]!)).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    // The well-known solution: (income k$, spending score) and size.
    const published = [
      [26.3, 20.91, 23],
      [25.73, 79.36, 22],
      [55.3, 49.52, 81],
      [88.2, 17.11, 35],
      [86.54, 82.13, 39],
    ].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    centroids.forEach((c, i) => {
      expect(Math.abs(c[0]! - published[i]![0]!)).toBeLessThan(1);
      expect(Math.abs(c[1]! - published[i]![1]!)).toBeLessThan(1);
    });
    expect([...s.sizes].sort((a, b) => a - b)).toEqual([22, 23, 35, 39, 81]);
    expect(s.silhouette).toBeGreaterThan(0.5);
  });
});
