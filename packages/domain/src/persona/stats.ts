// The statistics of a persona card, pure: distributions of a segment's members beside the whole
// customer base, and what sets the segment apart, with support rules so small groups make no noise.
import { instantOf, type AttributeType, type Dimension } from "@facet/validators";
import { quantile } from "../shared/quantile";

export interface ProfileAttribute {
  key: string;
  label: string;
  type: AttributeType;
  dimension: Dimension;
}
export type ValuesRow = Record<string, unknown>;
/** Reads an attribute's value from a row; rows may keep some values in nested objects. */
export type ValueOf = (row: ValuesRow, key: string) => unknown;
const plain: ValueOf = (row, key) => row[key];

/** Support rules: a fact is stated only when this many customers back it. */
export const support = {
  /** Customers with the value in the segment (over-represented) or expected there (under-represented). */
  minCount: 30,
  /** Known values on each side before a number's difference is stated. */
  minKnown: 50,
  /** A value must describe at least this share of the segment to be called over-represented. */
  minShare: 0.05,
  /** Lift at least this (or at most its inverse) to stand out. */
  minLift: 1.5,
  /** Standardized difference of means at least this (a small-to-medium effect) to stand out. */
  minStdDiff: 0.3,
};

export interface CategoryShare {
  value: string;
  segmentCount: number;
  baseCount: number;
  /** Shares of customers with a known value. */
  segment: number;
  base: number;
  lift: number | null;
}
export interface Bin {
  from: number;
  to: number;
  segment: number;
  base: number;
}
export interface NumberSummary {
  segmentMean: number;
  baseMean: number;
  segmentMedian: number;
  baseMedian: number;
  /** Middle half of the segment. */
  segmentQuartiles: [number, number];
  baseSd: number;
  stdDiff: number | null;
  bins: Bin[];
}
export interface AttributeProfile {
  key: string;
  label: string;
  type: AttributeType;
  dimension: Dimension;
  /** Dates are profiled as days ago. */
  unit: "days ago" | null;
  known: { segment: number; base: number; segmentCount: number; baseCount: number };
  categories: CategoryShare[] | null;
  numbers: NumberSummary | null;
}
export type Standout =
  | {
      kind: "category";
      key: string;
      label: string;
      value: string;
      segment: number;
      base: number;
      lift: number;
      direction: "over" | "under";
      score: number;
    }
  | {
      kind: "number";
      key: string;
      label: string;
      unit: "days ago" | null;
      segmentMean: number;
      baseMean: number;
      quartiles: [number, number];
      stdDiff: number;
      direction: "over" | "under";
      score: number;
    };

const dayMs = 86_400_000;

/** The values of one attribute in a row, as category labels or a number, or nothing. */
function read(attr: ProfileAttribute, row: ValuesRow, now: number, valueOf: ValueOf): string[] | number | null {
  const v = valueOf(row, attr.key);
  if (v === null || v === undefined || v === "") return null;
  switch (attr.type) {
    case "number":
      return typeof v === "number" && Number.isFinite(v) ? v : null;
    case "date": {
      const t = typeof v === "number" ? v : v instanceof Date ? v.getTime() : (instantOf(v) ?? NaN);
      return Number.isFinite(t) ? Math.floor((now - t) / dayMs) : null;
    }
    case "boolean":
      return typeof v === "boolean" ? [v ? "Yes" : "No"] : null;
    case "list":
      return Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === "string" && x !== ""))] : null;
    default:
      return [String(v)];
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const sd = (xs: number[], m: number) => Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));

/** Ten equal bins over the base's 2nd to 98th percentile; values outside fall in the end bins. */
function histogram(seg: number[], base: number[]): Bin[] {
  const sortedBase = [...base].sort((a, b) => a - b);
  let lo = quantile(sortedBase, 0.02);
  let hi = quantile(sortedBase, 0.98);
  if (hi <= lo) {
    lo = sortedBase[0] ?? 0;
    hi = sortedBase[sortedBase.length - 1] ?? lo;
  }
  const n = hi > lo ? 10 : 1;
  const width = (hi - lo) / n || 1;
  const count = (xs: number[]) => {
    const c = new Array<number>(n).fill(0);
    for (const x of xs) c[Math.min(n - 1, Math.max(0, Math.floor((x - lo) / width)))]! += 1;
    return c.map((k) => k / (xs.length || 1));
  };
  const s = count(seg);
  const b = count(base);
  return s.map((_, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, segment: s[i]!, base: b[i]! }));
}

/** Cohen's h: the difference of two proportions on the arcsine scale. */
export const cohensH = (p1: number, p2: number) => Math.abs(2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2)));

/** One attribute's distribution among the segment's members and the base. */
export function profileAttribute(
  attr: ProfileAttribute,
  segment: ValuesRow[],
  base: ValuesRow[],
  now = Date.now(),
  valueOf: ValueOf = plain,
): AttributeProfile {
  const segVals = segment.map((r) => read(attr, r, now, valueOf)).filter((v) => v !== null);
  const baseVals = base.map((r) => read(attr, r, now, valueOf)).filter((v) => v !== null);
  const known = {
    segment: segVals.length / (segment.length || 1),
    base: baseVals.length / (base.length || 1),
    segmentCount: segVals.length,
    baseCount: baseVals.length,
  };
  const unit = attr.type === "date" ? ("days ago" as const) : null;
  if (attr.type === "number" || attr.type === "date") {
    const s = segVals as number[];
    const b = baseVals as number[];
    if (s.length === 0 || b.length === 0) return { ...attr, unit, known, categories: null, numbers: null };
    const sortedS = [...s].sort((x, y) => x - y);
    const sortedB = [...b].sort((x, y) => x - y);
    const [sm, bm] = [mean(s), mean(b)];
    const bsd = sd(b, bm);
    const pooled = Math.sqrt((sd(s, sm) ** 2 + bsd ** 2) / 2);
    return {
      ...attr,
      unit,
      known,
      categories: null,
      numbers: {
        segmentMean: sm,
        baseMean: bm,
        segmentMedian: quantile(sortedS, 0.5),
        baseMedian: quantile(sortedB, 0.5),
        segmentQuartiles: [quantile(sortedS, 0.25), quantile(sortedS, 0.75)],
        baseSd: bsd,
        stdDiff: pooled > 0 ? (sm - bm) / pooled : null,
        bins: histogram(s, b),
      },
    };
  }
  const tally = (vals: (string[] | number)[]) => {
    const m = new Map<string, number>();
    for (const v of vals as string[][]) for (const x of v) m.set(x, (m.get(x) ?? 0) + 1);
    return m;
  };
  const sCounts = tally(segVals);
  const bCounts = tally(baseVals);
  const all = [...new Set([...sCounts.keys(), ...bCounts.keys()])]
    .map((value) => {
      const segmentCount = sCounts.get(value) ?? 0;
      const baseCount = bCounts.get(value) ?? 0;
      const seg = segmentCount / (segVals.length || 1);
      const bas = baseCount / (baseVals.length || 1);
      return { value, segmentCount, baseCount, segment: seg, base: bas, lift: bas > 0 ? seg / bas : null };
    })
    .sort((a, b) => b.segmentCount - a.segmentCount || b.baseCount - a.baseCount || a.value.localeCompare(b.value));
  // The card keeps a few values per attribute, not all of them (a city can have thousands): the most
  // common in the segment, the most common in the base (a value 30% of customers have and 1% of the
  // segment has is the segment's news), and every value that stands out, so `standouts` sees each one.
  const byBase = [...all].sort((a, b) => b.baseCount - a.baseCount || a.value.localeCompare(b.value));
  const kept = new Set([...all.slice(0, keptValues), ...byBase.slice(0, keptValues)]);
  for (const c of all) if (categoryDirection(c, segVals.length)) kept.add(c);
  const categories = all.filter((c) => kept.has(c));
  return { ...attr, unit, known, categories, numbers: null };
}

/** Values kept per attribute by each of the two orders (most common in the segment, in the base). */
const keptValues = 12;

/**
 * Whether a value stands out: over-represented when at least `minCount` members and `minShare` of them
 * have it at a lift of at least `minLift`; under-represented when `minCount` members would have it at
 * the base's rate and its lift is at most 1/`minLift`.
 */
function categoryDirection(c: CategoryShare, segmentKnown: number): "over" | "under" | null {
  if (c.lift === null) return null;
  if (c.segmentCount >= support.minCount && c.segment >= support.minShare && c.lift >= support.minLift) return "over";
  if (c.base * segmentKnown >= support.minCount && c.lift <= 1 / support.minLift) return "under";
  return null;
}

/**
 * What sets the segment apart, strongest first. A value is over-represented when at least
 * `minCount` members and `minShare` of them have it and its lift is at least `minLift`;
 * under-represented when `minCount` members would have it at the base's rate and its lift is at most
 * 1/`minLift`. A number stands out when both sides have `minKnown` values and the standardized
 * difference of means is at least `minStdDiff`. Both rank by a standardized effect size on the same
 * scale (0.2 small, 0.5 medium, 0.8 large): Cohen's h for shares, Cohen's d for numbers. Lift alone
 * would put "none of them are X" (lift 0) above "all of them are Y" (lift 3.5).
 */
export function standouts(profiles: AttributeProfile[], limit = 8): Standout[] {
  const out: Standout[] = [];
  for (const p of profiles) {
    if (p.categories) {
      for (const c of p.categories) {
        const direction = categoryDirection(c, p.known.segmentCount);
        if (!direction || c.lift === null) continue;
        out.push({
          kind: "category",
          key: p.key,
          label: p.label,
          value: c.value,
          segment: c.segment,
          base: c.base,
          lift: c.lift,
          direction,
          score: cohensH(c.segment, c.base),
        });
      }
    }
    const n = p.numbers;
    if (
      n &&
      n.stdDiff !== null &&
      p.known.segmentCount >= support.minKnown &&
      p.known.baseCount >= support.minKnown &&
      Math.abs(n.stdDiff) >= support.minStdDiff
    ) {
      out.push({
        kind: "number",
        key: p.key,
        label: p.label,
        unit: p.unit,
        segmentMean: n.segmentMean,
        baseMean: n.baseMean,
        quartiles: n.segmentQuartiles,
        stdDiff: n.stdDiff,
        direction: n.stdDiff > 0 ? "over" : "under",
        score: Math.abs(n.stdDiff),
      });
    }
  }
  // Scores equal to one decimal are a tie: a 20k sample moves an effect size by a few hundredths, and a
  // tenth is no difference a reader acts on. Ties go what they are before what they are not, then by
  // attribute and value, so a sample ranks like the exact computation.
  const over = (s: Standout) => (s.direction === "over" ? 0 : 1);
  const rounded = (s: Standout) => Math.round(s.score * 10);
  const value = (s: Standout) => (s.kind === "category" ? s.value : "");
  return out
    .sort((a, b) => rounded(b) - rounded(a) || over(a) - over(b) || a.key.localeCompare(b.key) || value(a).localeCompare(value(b)))
    .slice(0, limit);
}
