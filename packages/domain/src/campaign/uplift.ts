// Conversion uplift of a treated group over a holdout, with a 95% confidence interval. Pure.

export interface GroupResult {
  audience: number;
  converters: number;
}

/** What the interval says: it lies above zero, below zero, or includes zero. */
export type Evidence = "lift" | "drop" | "unclear";

export interface Uplift {
  /** Difference of conversion rates (treated - holdout), as a fraction. */
  difference: number;
  /** Newcombe's hybrid score 95% interval of the difference. */
  low: number;
  high: number;
  /** The one rule: the interval excludes zero (lift or drop) or it doesn't (unclear). */
  evidence: Evidence;
  /** Relative uplift over the holdout's rate; null when the holdout never converted. */
  relative: number | null;
  verdict: string;
}

const Z95 = 1.959964;

/** Wilson's score interval of one proportion: stays inside [0, 1] and holds for few or no conversions. */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] {
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The difference of two proportions with Newcombe's hybrid score interval (his method 10, 1998): each
 * rate's Wilson interval, combined. Unlike the Wald interval it needs no minimum count of conversions,
 * so the interval alone decides the verdict: a lift when it lies above zero, a drop below, otherwise not
 * enough evidence. The results banner and every row of the results table read this one `evidence`.
 */
export function upliftOf(treated: GroupResult, holdout: GroupResult): Uplift | null {
  if (treated.audience === 0 || holdout.audience === 0) return null;
  const p1 = treated.converters / treated.audience;
  const p0 = holdout.converters / holdout.audience;
  const [l1, u1] = wilsonInterval(treated.converters, treated.audience);
  const [l0, u0] = wilsonInterval(holdout.converters, holdout.audience);
  const difference = p1 - p0;
  const low = difference - Math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2);
  const high = difference + Math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2);
  const evidence: Evidence = low > 0 ? "lift" : high < 0 ? "drop" : "unclear";
  return {
    difference,
    low,
    high,
    evidence,
    relative: p0 > 0 ? difference / p0 : null,
    verdict: verdictOf(difference, low, high, evidence),
  };
}

const pp = (x: number) => `${(x * 100).toFixed(1)} points`;

function verdictOf(difference: number, low: number, high: number, evidence: Evidence): string {
  const ci = `95% CI ${pp(low)} to ${pp(high)}`;
  switch (evidence) {
    case "lift":
      return `The campaign lifted conversion by ${pp(difference)} (${ci}).`;
    case "drop":
      return `The campaign lowered conversion by ${pp(-difference)} (95% CI ${pp(-high)} to ${pp(-low)}).`;
    case "unclear":
      return `Not enough evidence yet: the difference (${pp(difference)}) could be chance (${ci}).`;
  }
}

/**
 * The results banner: the verdict for all variants together, then each variant whose own interval
 * excludes zero, so the banner never contradicts a row of the table.
 */
export function resultsVerdict(overall: Uplift | null, variants: { segmentName: string; uplift: Uplift | null }[]): string {
  if (!overall) return "No holdout: there is nothing to compare against. Set a holdout before launching the next campaign.";
  const clear = variants.length > 1 ? variants.filter((v) => v.uplift && v.uplift.evidence !== "unclear") : [];
  const each = clear.map(({ segmentName, uplift: u }) =>
    u!.evidence === "lift"
      ? `${segmentName}: lifted by ${pp(u!.difference)} (95% CI ${pp(u!.low)} to ${pp(u!.high)}).`
      : `${segmentName}: lowered by ${pp(-u!.difference)} (95% CI ${pp(-u!.high)} to ${pp(-u!.low)}).`,
  );
  return [overall.verdict, ...each].join(" ");
}
