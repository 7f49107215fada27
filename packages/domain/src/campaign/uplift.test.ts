import { describe, expect, it } from "vitest";
import { resultsVerdict, upliftOf, wilsonInterval } from "./uplift";

describe("uplift: Newcombe's hybrid score interval", () => {
  it("matches the published intervals (Newcombe 1998, method 10)", () => {
    const cases: [number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [6, 7, 2, 7, 0.0582, 0.8062],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
    ];
    for (const [a, n, b, m, low, high] of cases) {
      const u = upliftOf({ audience: n, converters: a }, { audience: m, converters: b })!;
      expect(u.difference).toBeCloseTo(a / n - b / m, 12);
      expect(u.low, `${a}/${n} vs ${b}/${m}`).toBeCloseTo(low, 4);
      expect(u.high, `${a}/${n} vs ${b}/${m}`).toBeCloseTo(high, 4);
    }
    expect(wilsonInterval(0, 20)[0]).toBe(0);
  });

  it("one rule: the verdict says a lift or a drop exactly when the interval excludes zero, whatever the counts", () => {
    let clear = 0;
    for (const n of [7, 40, 300, 5000]) {
      for (const m of [5, 30, 800]) {
        for (let a = 0; a <= n; a += Math.max(1, Math.floor(n / 9))) {
          for (let b = 0; b <= m; b += Math.max(1, Math.floor(m / 7))) {
            const u = upliftOf({ audience: n, converters: a }, { audience: m, converters: b })!;
            const excludesZero = u.low > 0 || u.high < 0;
            if (excludesZero) clear += 1;
            expect(u.evidence === "unclear", `${a}/${n} vs ${b}/${m}`).toBe(!excludesZero);
            expect(u.verdict.startsWith("Not enough evidence"), `${a}/${n} vs ${b}/${m}`).toBe(!excludesZero);
            expect(u.low).toBeLessThanOrEqual(u.difference);
            expect(u.high).toBeGreaterThanOrEqual(u.difference);
          }
        }
      }
    }
    expect(clear).toBeGreaterThan(50);
  });

  it("no longer calls a clear result 'not enough evidence' because a group has few conversions", () => {
    // 4 of 100 held-out customers converted: under the old rule (5 converters per group) this read
    // "too few conversions" although the interval lies well above zero.
    const u = upliftOf({ audience: 1000, converters: 300 }, { audience: 100, converters: 4 })!;
    expect(u.low).toBeGreaterThan(0);
    expect(u.evidence).toBe("lift");
    expect(u.verdict).toMatch(/^The campaign lifted conversion by 26.0 points \(95% CI /);
    expect(upliftOf({ audience: 10, converters: 1 }, { audience: 0, converters: 0 })).toBeNull();
  });
});

describe("results banner", () => {
  const u = (a: number, n: number, b: number, m: number) => upliftOf({ audience: n, converters: a }, { audience: m, converters: b });

  it("names each variant whose interval excludes zero, so it agrees with every row of the table", () => {
    const students = u(90, 300, 10, 100);
    const freelancers = u(30, 300, 10, 100);
    const overall = u(120, 600, 20, 200);
    expect(students!.evidence).toBe("lift");
    expect(freelancers!.evidence).toBe("unclear");
    const banner = resultsVerdict(overall, [
      { segmentName: "Students", uplift: students },
      { segmentName: "Freelancers", uplift: freelancers },
    ]);
    expect(banner.startsWith(overall!.verdict)).toBe(true);
    expect(banner).toContain("Students: lifted by 20.0 points");
    expect(banner).not.toContain("Freelancers");
  });

  it("without a holdout says so", () => {
    expect(resultsVerdict(null, [])).toMatch(/^No holdout/);
  });
});
