// Conversion uplift of a treated group over a holdout, with a 95% confidence interval. Pure.

export interface GroupResult {
  audience: number;
  converters: number;
}

export interface Uplift {
  /** Difference of conversion rates (treated - holdout), as a fraction. */
  difference: number;
  low: number;
  high: number;
  /** Relative uplift over the holdout's rate; null when the holdout never converted. */
  relative: number | null;
  verdict: string;
}

const Z95 = 1.959964;

/**
 * The difference of two proportions with a Wald interval (normal approximation, unpooled variance).
 * Says "not enough evidence yet" unless the interval excludes zero and each group has at least 5
 * converters and 5 non-converters (where the approximation holds).
 */
export function upliftOf(treated: GroupResult, holdout: GroupResult): Uplift | null {
  if (treated.audience === 0 || holdout.audience === 0) return null;
  const p1 = treated.converters / treated.audience;
  const p0 = holdout.converters / holdout.audience;
  const se = Math.sqrt((p1 * (1 - p1)) / treated.audience + (p0 * (1 - p0)) / holdout.audience);
  const difference = p1 - p0;
  const low = difference - Z95 * se;
  const high = difference + Z95 * se;
  const enough = [treated, holdout].every((g) => g.converters >= 5 && g.audience - g.converters >= 5);
  const pp = (x: number) => `${(x * 100).toFixed(1)} points`;
  const verdict = !enough
    ? "Not enough evidence yet: too few conversions to tell."
    : low > 0
      ? `The campaign lifted conversion by ${pp(difference)} (95% CI ${pp(low)} to ${pp(high)}).`
      : high < 0
        ? `The campaign lowered conversion by ${pp(-difference)} (95% CI ${pp(-high)} to ${pp(-low)}).`
        : `Not enough evidence yet: the difference (${pp(difference)}) could be chance (95% CI ${pp(low)} to ${pp(high)}).`;
  return { difference, low, high, relative: p0 > 0 ? difference / p0 : null, verdict };
}
