// The generated description of a persona card: plain sentences built only from figures that passed
// the support rules, each pointing at the chart it came from.
import { support, type Standout } from "./stats";

export interface Comparison {
  segment: number;
  base: number;
  /** Members the segment figure rests on. */
  known: number;
}
export interface Headline {
  size: number;
  total: number;
  share: number;
  lifetimeValue: Comparison & { segmentMedian: number; baseMedian: number };
  orders: Comparison;
  daysSinceLastPurchase: Comparison | null;
}
export interface Fact {
  text: string;
  /** Where the figure is shown: `attr:<key>` for an attribute's chart, `headline:<figure>` for a headline figure. */
  ref: string;
}

/** How shares and figures read in descriptions and exports: "42%", "3.1", "1,499". */
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const num = (x: number) =>
  Math.abs(x) >= 100 ? Math.round(x).toLocaleString("en-US") : (Math.round(x * 10) / 10).toLocaleString("en-US");
const times = (x: number) => `${(Math.round(x * 10) / 10).toFixed(1)}x`;

function standoutFact(s: Standout): Fact {
  const ref = `attr:${s.key}`;
  if (s.kind === "number") {
    const unit = s.unit ? ` ${s.unit}` : "";
    const [q1, q3] = s.quartiles;
    const range = Math.round(q1) === Math.round(q3) ? `${num(q1)}` : `${num(q1)}-${num(q3)}`;
    return { ref, text: `${s.label} mostly ${range}${unit} (average ${num(s.segmentMean)} vs ${num(s.baseMean)} overall)` };
  }
  return s.direction === "over"
    ? { ref, text: `${times(s.lift)} as likely to have ${s.label} "${s.value}" (${pct(s.segment)} vs ${pct(s.base)} overall)` }
    : { ref, text: `less likely to have ${s.label} "${s.value}" (${pct(s.segment)} vs ${pct(s.base)} overall)` };
}

/** Ratio facts about buying, only when enough members back them and the difference is at least 25%. */
function buyingFacts(h: Headline): Fact[] {
  const facts: Fact[] = [];
  const ratio = (c: Comparison) => (c.known >= support.minKnown && c.base > 0 ? c.segment / c.base : null);
  const o = ratio(h.orders);
  if (o !== null && o >= 1.25)
    facts.push({
      ref: "headline:orders",
      text: `buy ${times(o)} as often as the average customer (${num(h.orders.segment)} vs ${num(h.orders.base)} orders)`,
    });
  else if (o !== null && o <= 0.8)
    facts.push({
      ref: "headline:orders",
      text: `buy less often than the average customer (${num(h.orders.segment)} vs ${num(h.orders.base)} orders)`,
    });
  const v = ratio(h.lifetimeValue);
  if (v !== null && (v >= 1.25 || v <= 0.8)) {
    facts.push({
      ref: "headline:lifetimeValue",
      text: `${v >= 1.25 ? `worth ${times(v)}` : "worth less than"} the average lifetime value (${num(h.lifetimeValue.segment)} vs ${num(h.lifetimeValue.base)})`,
    });
  }
  return facts;
}

/**
 * Up to four standouts, what they are before what they are not (at most one of those), then how they
 * buy. Empty when nothing passes the support rules: a card then says so instead of inventing one.
 */
export function describePersona(h: Headline, top: Standout[]): { facts: Fact[]; text: string } {
  const chosen = [
    ...top.filter((s) => s.direction === "over" || s.kind === "number"),
    ...top.filter((s) => s.direction === "under" && s.kind === "category").slice(0, 1),
  ].slice(0, 4);
  const facts = [...chosen.map(standoutFact), ...buyingFacts(h)];
  const text = facts.length
    ? `${facts
        .map((f) => f.text)
        .join("; ")
        .replace(/^./, (c) => c.toUpperCase())}.`
    : "";
  return { facts, text };
}
