import { dayMs, type EventRule, type EventWindow } from "@facet/validators";
import { invalid } from "../../errors";
import { ruleTime, type RuleTime } from "./operands";

/** An event window: from its start, up to its end; null ends are open. */
export interface WindowBounds {
  from: RuleTime | null;
  to: RuleTime | null;
}

/**
 * The window's ends. "between" dates are whole days, both included; "in the last n days" ends now
 * (an event dated ahead of now is not in the past).
 */
export function windowBounds(w: EventWindow, now: Date): WindowBounds {
  if (w.kind === "ever") return { from: null, to: null };
  const at = (ms: number): RuleTime => ({ start: new Date(ms).toISOString(), wholeDay: false });
  if (w.kind === "last_days") return { from: at(now.getTime() - w.days * dayMs), to: at(now.getTime()) };
  const from = ruleTime(w.from);
  const to = ruleTime(w.to);
  // The schema checked the dates; a stored definition from before it may not have been.
  if (!from || !to) throw invalid("Enter the window's dates like 2024-05-31.", "definition");
  return { from, to };
}

/** The count comparison an event rule asks for. */
export function countTest(rule: EventRule): { op: ">=" | "<=" | "="; n: number } {
  if (rule.operator === "did") return { op: ">=", n: 1 };
  if (rule.operator === "did_not") return { op: "=", n: 0 };
  const n = rule.count;
  if (n === undefined) throw invalid(`"${rule.event}": enter how many times.`, "definition");
  return { op: rule.operator === "at_least" ? ">=" : rule.operator === "at_most" ? "<=" : "=", n };
}

/** Whether a count of matching events passes the rule's count test. */
export function countPasses(count: number, { op, n }: { op: ">=" | "<=" | "="; n: number }): boolean {
  return op === ">=" ? count >= n : op === "<=" ? count <= n : count === n;
}

export type AggregateOperator = NonNullable<EventRule["aggregate"]>["operator"];
/** An aggregate's comparison; equality within 1e-9, as sums of decimals are inexact in floating point. */
export function aggregatePasses(value: number, op: AggregateOperator, target: number): boolean {
  switch (op) {
    case "gt":
      return value > target;
    case "gte":
      return value >= target;
    case "lt":
      return value < target;
    case "lte":
      return value <= target;
    case "eq":
      return Math.abs(value - target) < 1e-9;
  }
}

/**
 * What an event rule needs to know of one customer's matching events (name, window and property
 * filters applied): how many there are, and the sum and number of numeric values of the aggregated
 * property. The evaluator counts them from events; the profile's "why" has SQL count them, exactly.
 */
export interface EventStats {
  count: number;
  sum: number;
  /** Matching events whose aggregated property holds a number. */
  valued: number;
}

/**
 * Whether the counts pass the rule: the count test, then the aggregate. A sum over no events is 0;
 * an average over none has no value, which passes no comparison.
 */
export function eventRuleMatches(rule: EventRule, stats: EventStats): boolean {
  if (!countPasses(stats.count, countTest(rule))) return false;
  const a = rule.aggregate;
  if (!a) return true;
  const value = a.fn === "sum" ? stats.sum : stats.valued > 0 ? stats.sum / stats.valued : null;
  return value !== null && aggregatePasses(value, a.operator, a.value);
}
