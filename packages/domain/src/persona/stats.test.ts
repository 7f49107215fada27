import { describe, expect, it } from "vitest";
import { describePersona, type Headline } from "./describe";
import { profileAttribute, standouts, support, type ProfileAttribute } from "./stats";

const plan: ProfileAttribute = { key: "plan", label: "Plan", type: "enum", dimension: "value" };
const age: ProfileAttribute = { key: "age", label: "Age", type: "number", dimension: "demographic" };
const interests: ProfileAttribute = { key: "interests", label: "Interests", type: "list", dimension: "psychographic" };
const rows = (n: number, make: (i: number) => Record<string, unknown>) => Array.from({ length: n }, (_, i) => make(i));

describe("profileAttribute", () => {
  it("gives shares among customers with a value, and lift against the base", () => {
    const base = rows(1000, (i) => ({ plan: i < 100 ? "Pro" : "Free" }));
    const seg = rows(200, (i) => ({ plan: i < 80 ? "Pro" : i < 190 ? "Free" : null }));
    const p = profileAttribute(plan, seg, base);
    expect(p.known).toEqual({ segment: 0.95, base: 1, segmentCount: 190, baseCount: 1000 });
    const pro = p.categories!.find((c) => c.value === "Pro")!;
    expect(pro.segment).toBeCloseTo(80 / 190);
    expect(pro.base).toBeCloseTo(0.1);
    expect(pro.lift).toBeCloseTo(80 / 190 / 0.1);
  });

  it("counts a list value once per customer however often it repeats", () => {
    const p = profileAttribute(
      interests,
      [{ interests: ["run", "run", "cook"] }, { interests: ["run"] }, { interests: [] }],
      [{ interests: ["run"] }],
    );
    expect(p.categories!.find((c) => c.value === "run")).toMatchObject({ segmentCount: 2, segment: 2 / 3 });
  });

  it("summarizes numbers: means, medians, middle half, standardized difference and a histogram that sums to 1", () => {
    const base = rows(1000, (i) => ({ age: 20 + (i % 50) }));
    const seg = rows(300, (i) => ({ age: 25 + (i % 10) }));
    const n = profileAttribute(age, seg, base).numbers!;
    expect(n.segmentMean).toBeCloseTo(29.5);
    expect(n.baseMean).toBeCloseTo(44.5);
    expect(n.segmentQuartiles[0]).toBeGreaterThanOrEqual(25);
    expect(n.segmentQuartiles[1]).toBeLessThanOrEqual(34);
    expect(n.stdDiff!).toBeLessThan(-1);
    expect(n.bins.reduce((a, b) => a + b.segment, 0)).toBeCloseTo(1);
    expect(n.bins.reduce((a, b) => a + b.base, 0)).toBeCloseTo(1);
  });

  it("profiles dates as days ago", () => {
    const now = Date.parse("2026-06-30T12:00:00Z");
    const p = profileAttribute(
      { key: "seen", label: "Last seen", type: "date", dimension: "behavioral" },
      [{ seen: new Date("2026-06-20T12:00:00Z") }],
      [{ seen: "2026-06-29" }],
      now,
    );
    expect(p.unit).toBe("days ago");
    expect(p.numbers!.segmentMean).toBe(10);
    expect(p.numbers!.baseMean).toBe(1);
  });
});

describe("standouts", () => {
  it("ranks over- and under-represented values and shifted numbers, strongest first", () => {
    const base = rows(2000, (i) => ({ plan: i % 10 === 0 ? "Pro" : "Free", age: 20 + (i % 50) }));
    const seg = rows(400, (i) => ({ plan: i % 2 === 0 ? "Pro" : "Free", age: 20 + (i % 50) }));
    const top = standouts([profileAttribute(plan, seg, base), profileAttribute(age, seg, base)]);
    expect(top.map((s) => (s.kind === "category" ? `${s.value}:${s.direction}` : s.key))).toEqual(["Pro:over", "Free:under"]);
    expect(top[0]!.score).toBeGreaterThan(top[1]!.score);
  });

  it("ranks effects equal to one decimal as ties, by value, so a sample ranks like the whole", () => {
    // Nobody in the segment is on Free or Team; a sample of the base has them at 32.5% and 34.0% (both a third in truth).
    const base = rows(4000, (i) => ({ plan: i < 1300 ? "Free" : i < 2660 ? "Team" : "Pro" }));
    const seg = rows(500, () => ({ plan: "Pro" }));
    const top = standouts([profileAttribute(plan, seg, base)]);
    expect(top.map((s) => (s.kind === "category" ? s.value : ""))).toEqual(["Pro", "Free", "Team"]);
  });

  it("reports a value 30% of the base has and 1% of the segment has, however many values are commoner in the segment", () => {
    const city: ProfileAttribute = { key: "city", label: "City", type: "string", dimension: "geographic" };
    const others = Array.from({ length: 14 }, (_, i) => `Town ${String(i + 1).padStart(2, "0")}`);
    // Base: Oslo 30%, the 14 towns 5% each. Segment: Oslo 1% (30 of 3,000), the 14 towns about 7% each.
    const base = rows(10_000, (i) => ({ city: i < 3000 ? "Oslo" : others[i % 14] }));
    const seg = rows(3000, (i) => ({ city: i < 30 ? "Oslo" : others[i % 14] }));
    const profile = profileAttribute(city, seg, base);
    const oslo = profile.categories!.find((c) => c.value === "Oslo");
    expect(oslo).toMatchObject({ segmentCount: 30, baseCount: 3000 });
    expect(oslo!.segment).toBeCloseTo(0.01);
    expect(oslo!.base).toBeCloseTo(0.3);
    const top = standouts([profile]);
    expect(top[0]).toMatchObject({ kind: "category", value: "Oslo", direction: "under" });
    // The card still keeps a handful of values, not every one the attribute has.
    expect(profile.categories!.length).toBeLessThanOrEqual(24);
    expect(profile.categories!.slice(0, 12).every((c) => c.value !== "Oslo")).toBe(true);
  });

  it("says nothing about groups below the support thresholds", () => {
    // Pro is 10x over-represented, but only 20 members have it: below minCount.
    const base = rows(2000, (i) => ({ plan: i % 100 === 0 ? "Pro" : "Free" }));
    const seg = rows(support.minCount - 10, () => ({ plan: "Pro" }));
    expect(standouts([profileAttribute(plan, seg, base)])).toEqual([]);
    // A big shift in the mean of too few known values is not stated either.
    const few = rows(support.minKnown - 1, () => ({ age: 90 }));
    expect(
      standouts([
        profileAttribute(
          age,
          few,
          rows(500, (i) => ({ age: 20 + (i % 30) })),
        ),
      ]),
    ).toEqual([]);
  });
});

describe("describePersona", () => {
  const headline = (orders: [number, number], known = 500): Headline => ({
    size: 500,
    total: 5000,
    share: 0.1,
    lifetimeValue: { segment: 100, base: 100, known, segmentMedian: 90, baseMedian: 90 },
    orders: { segment: orders[0], base: orders[1], known },
    daysSinceLastPurchase: null,
  });

  it("builds every sentence from a standout or a supported headline ratio, each pointing at its chart", () => {
    const base = rows(2000, (i) => ({ plan: i % 10 === 0 ? "Pro" : "Free", age: 20 + (i % 50) }));
    const seg = rows(400, (i) => ({ plan: i % 2 === 0 ? "Pro" : "Free", age: 25 + (i % 10) }));
    const top = standouts([profileAttribute(plan, seg, base), profileAttribute(age, seg, base)]);
    const d = describePersona(headline([4, 2]), top);
    expect(d.facts.map((f) => f.ref)).toEqual([...top.slice(0, 4).map((s) => `attr:${s.key}`), "headline:orders"]);
    expect(d.text).toContain('5.0x as likely to have Plan "Pro" (50% vs 10% overall)');
    expect(d.text).toContain("Age mostly 27-32 (average 29.5 vs 44.5 overall)");
    expect(d.text).toContain("buy 2.0x as often as the average customer (4 vs 2 orders)");
    expect(d.text.endsWith(".")).toBe(true);
  });

  it("says what they are before what they are not, and at most one thing they are not", () => {
    const cat = (value: string, direction: "over" | "under", score: number) =>
      ({
        kind: "category",
        key: value.toLowerCase(),
        label: "Plan",
        value,
        segment: direction === "over" ? 0.9 : 0,
        base: 0.2,
        lift: direction === "over" ? 4.5 : 0,
        direction,
        score,
      }) as const;
    const d = describePersona(headline([2, 2]), [cat("A", "under", 3), cat("B", "under", 2.5), cat("C", "over", 2), cat("D", "under", 1)]);
    expect(d.facts.map((f) => f.ref)).toEqual(["attr:c", "attr:a"]);
    expect(d.text).toBe('4.5x as likely to have Plan "C" (90% vs 20% overall); less likely to have Plan "A" (0% vs 20% overall).');
  });

  it("states no ratio without enough members or a real difference, and invents nothing when nothing stands out", () => {
    expect(describePersona(headline([4, 2], support.minKnown - 1), [])).toEqual({ facts: [], text: "" });
    expect(describePersona(headline([2.2, 2]), [])).toEqual({ facts: [], text: "" });
  });
});
