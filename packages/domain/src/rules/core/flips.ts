import { dayMs, instantOf, type EventRule, type Rule, type SegmentDefinition } from "@facet/validators";
import { attributeOf, segmentOf, type RuleContext } from "./context";
import { operandOf, type Operand, type RuleAttribute } from "./operands";
import { reachedSegments } from "./references";

// When a rule's answer can next flip with no new data. Only three kinds of condition read the clock:
// an event window "in the last n days", a date attribute "(not) in the last n days", and the built-in
// "days since last purchase". Each has moments at which its answer can change (an event or date entering
// or leaving the window, the day count stepping over a threshold); the definition's next flip is the
// earliest such moment of any of its conditions (and of the segments it refers to), whatever the
// and/or/not around them. That over-approximates (a moment may change nothing: the condition is outvoted,
// or a count stays above its threshold) but is never later than a real flip, which is what the schedule
// needs: a moment that changes nothing costs one re-evaluation and a new moment.

/** A condition whose answer moves with the clock, as the schedule reads it. */
export type TimeCondition =
  /** Events of `rule` (name and property filters) in the last `days` days. */
  | { kind: "window"; rule: EventRule; days: number; label: string }
  /** A date attribute (not) in the last `days` days. */
  | { kind: "recent"; attribute: RuleAttribute; days: number; label: string }
  /** Whole days since `attribute` (a date), compared with numbers: the answer can change only when the count reaches one of `steps`. */
  | { kind: "daysSince"; attribute: RuleAttribute; steps: number[]; label: string };

/** The built-in number that counts whole days since the last purchase, and the date it counts from. */
export const daysSinceKey = "days_since_last_purchase";
export const daysSinceFrom = "last_purchase_at";

/**
 * The whole-day counts at which a comparison of a whole number with the operand can change its answer:
 * for "> v" the count floor(v)+1, for ">= v" ceil(v), and both for each end (equality, ranges). A
 * count of k is reached exactly k days after the date.
 */
export function dayCountSteps(o: Operand): number[] {
  const ends = o.kind === "number" ? [o.value] : o.kind === "range" ? [o.from, o.to] : [];
  return [...new Set(ends.flatMap((v) => [Math.ceil(v), Math.floor(v) + 1]))].sort((a, b) => a - b);
}

function conditionOf(rule: Rule, ctx: RuleContext): TimeCondition | null {
  if (rule.type === "event") {
    if (rule.window.kind !== "last_days") return null;
    return { kind: "window", rule, days: rule.window.days, label: `${rule.event} in the last ${rule.window.days} days` };
  }
  if (rule.type !== "attribute") return null;
  const attribute = attributeOf(ctx, rule.attribute);
  const o = operandOf(attribute, rule);
  if (o.kind === "days") {
    const not = rule.operator === "not_within_last_days" ? "not " : "";
    return { kind: "recent", attribute, days: o.days, label: `${attribute.label} ${not}in the last ${o.days} days` };
  }
  if (attribute.column === daysSinceKey) {
    const steps = dayCountSteps(o);
    if (steps.length === 0) return null; // "has a value": a purchase, not the clock, changes it
    const value = o.kind === "range" ? `${o.from} to ${o.to}` : o.kind === "number" ? String(o.value) : "";
    return { kind: "daysSince", attribute, steps, label: `${attribute.label} ${rule.operator} ${value}`.trim() };
  }
  return null;
}

/**
 * The conditions of a definition that read the clock, including those of every segment it refers to
 * (its answer follows theirs). Empty when time passing can't change the answer.
 */
export function timeConditions(def: SegmentDefinition, ctx: RuleContext, selfId?: string): TimeCondition[] {
  const found: TimeCondition[] = [];
  const walk = (rule: Rule) => {
    if (rule.type === "group") return rule.children.forEach(walk);
    const c = conditionOf(rule, ctx);
    if (c) found.push(c);
  };
  walk(def.root);
  for (const id of reachedSegments(def.root, ctx.segments, selfId)) walk(segmentOf(ctx, id).root);
  return found;
}

/**
 * The earliest moment after `now` at which an instant `x` enters or leaves "the last `days` days": it is
 * in while now - days <= x <= now, so it enters at x and leaves at the first instant past x + days (1 ms
 * later here; the database's timestamps have microseconds, and its schedule adds 1 µs). Null when neither
 * is still ahead.
 */
export function windowMoment(x: number, days: number, now: number): number | null {
  const enters = x;
  const leaves = x + days * dayMs + 1;
  if (enters > now) return enters;
  return leaves > now ? leaves : null;
}

/** The earliest moment after `now` at which the whole days since `from` reach one of `steps`. */
export function dayCountMoment(from: number, steps: readonly number[], now: number): number | null {
  let best: number | null = null;
  for (const k of steps) {
    const at = from + k * dayMs;
    if (at > now && (best === null || at < best)) best = at;
  }
  return best;
}

/** A customer as the schedule sees them: attribute values by key (dates as instants or ISO text), and events. */
export interface ScheduledCustomer {
  values: Record<string, unknown>;
  events: { name: string; occurredAt: Date }[];
}

/**
 * The customer's next flip after `now` and the condition it belongs to, or null when none is ahead. The
 * database derives the same moments in SQL (`flipTimes`); this is the reference the unit tests hold it to.
 * Event property filters are not applied here (more moments, none missed).
 */
export function nextFlip(conditions: readonly TimeCondition[], c: ScheduledCustomer, now: Date): { at: Date; label: string } | null {
  const t = now.getTime();
  let best: { at: number; label: string } | null = null;
  const offer = (at: number | null, label: string) => {
    if (at !== null && (best === null || at < best.at)) best = { at, label };
  };
  for (const cond of conditions) {
    if (cond.kind === "window") {
      for (const e of c.events) if (e.name === cond.rule.event) offer(windowMoment(e.occurredAt.getTime(), cond.days, t), cond.label);
    } else {
      const x = instantOf(c.values[cond.kind === "daysSince" ? daysSinceFrom : cond.attribute.key]);
      if (x === null) continue;
      offer(cond.kind === "recent" ? windowMoment(x, cond.days, t) : dayCountMoment(x, cond.steps, t), cond.label);
    }
  }
  const found = best as { at: number; label: string } | null;
  return found && { at: new Date(found.at), label: found.label };
}
