import {
  dayMs,
  instantOf,
  type AttributeRule,
  type EventRule,
  type PropertyFilter,
  type Rule,
  type SegmentDefinition,
} from "@facet/validators";
import { attributeOf, segmentOf, type RuleContext } from "./context";
import { eventRuleMatches, windowBounds, type EventStats } from "./events";
import { operandOf, type RuleTime } from "./operands";
import { reachedSegments } from "./references";

/**
 * A customer as the evaluator sees them: attribute values by key, and their events, or instead the
 * counts each event rule needs (`eventStats`, computed in SQL for a customer with many events).
 */
export interface EvaluatedCustomer {
  values: Record<string, unknown>;
  events: { name: string; occurredAt: Date; properties: Record<string, unknown>; revenue: number | null }[];
  eventStats?: ReadonlyMap<EventRule, EventStats>;
}

/** Why a rule matched or not: one line per condition, nested like the definition. */
export interface Trace {
  rule: Rule;
  matched: boolean;
  /** What the customer has: the attribute's value, or the number of matching events. */
  seen?: unknown;
  children?: Trace[];
}

const lower = (s: unknown) => String(s).toLowerCase();
const ms = (t: RuleTime) => Date.parse(t.start);
/** x is no later than t: before the next midnight for a whole day, at most t for a time. */
const untilTime = (x: number, t: RuleTime) => (t.wholeDay ? x < ms(t) + dayMs : x <= ms(t));
const inLastDays = (x: number, days: number, now: Date) => x >= now.getTime() - days * dayMs && x <= now.getTime();

function evaluateAttribute(rule: AttributeRule, c: EvaluatedCustomer, ctx: RuleContext): Trace {
  const attr = attributeOf(ctx, rule.attribute);
  const o = operandOf(attr, rule);
  const raw = c.values[attr.key];
  const present = attr.type === "list" ? Array.isArray(raw) && raw.length > 0 : raw !== null && raw !== undefined;
  const done = (matched: boolean) => ({ rule, matched, seen: raw ?? null });
  if (rule.operator === "is_set") return done(present);
  if (rule.operator === "is_not_set") return done(!present);
  if (!present) return done(false);
  const time = attr.type === "date" ? instantOf(raw) : null;
  switch (o.kind) {
    case "none":
      return done(rule.operator === "is_true" ? raw === true : raw === false);
    case "list": {
      const mine = Array.isArray(raw) ? raw.map(String) : [];
      switch (rule.operator) {
        case "in":
          return done(attr.type === "string" ? o.values.some((v) => lower(v) === lower(raw)) : o.values.includes(String(raw)));
        case "not_in":
          return done(attr.type === "string" ? !o.values.some((v) => lower(v) === lower(raw)) : !o.values.includes(String(raw)));
        case "includes_any":
          return done(mine.some((v) => o.values.includes(v)));
        case "includes_all":
          return done(o.values.every((v) => mine.includes(v)));
        default:
          return done(!mine.some((v) => o.values.includes(v)));
      }
    }
    case "days":
      return done(time !== null && (rule.operator === "within_last_days") === inLastDays(time, o.days, ctx.now));
    case "range": {
      const x = Number(raw);
      return done(x >= o.from && x <= o.to);
    }
    case "timeRange":
      return done(time !== null && time >= ms(o.from) && untilTime(time, o.to));
    case "time":
      if (time === null) return done(false);
      // A date alone is the whole day: before it is before its midnight, after it is from the next.
      return done(rule.operator === "before" ? time < ms(o.value) : o.value.wholeDay ? time >= ms(o.value) + dayMs : time > ms(o.value));
    case "number": {
      const x = Number(raw);
      const v = o.value;
      const results: Partial<Record<string, boolean>> = { eq: x === v, neq: x !== v, gt: x > v, gte: x >= v, lt: x < v, lte: x <= v };
      return done(results[rule.operator] ?? false);
    }
    case "text": {
      const x = lower(raw);
      const v = lower(o.value);
      switch (rule.operator) {
        case "eq":
          return done(x === v);
        case "neq":
          return done(x !== v);
        case "contains":
          return done(x.includes(v));
        case "not_contains":
          return done(!x.includes(v));
        case "starts_with":
          return done(x.startsWith(v));
        default:
          return done(x.endsWith(v));
      }
    }
  }
}

const numeric = /^[-+]?[0-9]*[.]?[0-9]+([eE][-+]?[0-9]+)?$/;
function propertyOf(e: EvaluatedCustomer["events"][number], p: string): { text: string | null; number: number | null } {
  if (p === "revenue") return { text: e.revenue === null ? null : String(e.revenue), number: e.revenue };
  const v = e.properties[p];
  if (v === null || v === undefined) return { text: null, number: null };
  const text = typeof v === "object" ? JSON.stringify(v) : String(v);
  return { text, number: numeric.test(text) ? Number(text) : null };
}

function propertyMatches(f: PropertyFilter, e: EvaluatedCustomer["events"][number]): boolean {
  const { text, number } = propertyOf(e, f.property);
  switch (f.operator) {
    case "is_set":
      return text !== null;
    case "is_not_set":
      return text === null;
    // Text compares without regard to case, as for attributes.
    case "eq":
      return typeof f.value === "number" ? number !== null && number === f.value : text !== null && lower(text) === lower(f.value);
    case "neq":
      return typeof f.value === "number" ? number !== null && number !== f.value : text !== null && lower(text) !== lower(f.value);
    case "gt":
      return number !== null && number > Number(f.value);
    case "gte":
      return number !== null && number >= Number(f.value);
    case "lt":
      return number !== null && number < Number(f.value);
    case "lte":
      return number !== null && number <= Number(f.value);
    case "contains":
      return text !== null && lower(text).includes(lower(f.value));
    case "in":
      return text !== null && (f.value ?? []).some((v) => lower(v) === lower(text));
  }
}

function evaluateEvent(rule: EventRule, c: EvaluatedCustomer, ctx: RuleContext): Trace {
  const counted = c.eventStats?.get(rule);
  if (counted) return { rule, matched: eventRuleMatches(rule, counted), seen: counted.count };
  const { from, to } = windowBounds(rule.window, ctx.now);
  const matching = c.events.filter(
    (e) =>
      e.name === rule.event &&
      (!from || e.occurredAt.getTime() >= ms(from)) &&
      (!to || untilTime(e.occurredAt.getTime(), to)) &&
      rule.where.every((f) => propertyMatches(f, e)),
  );
  const a = rule.aggregate;
  const aggregated = a ? matching.map((e) => propertyOf(e, a.property).number).filter((x): x is number => x !== null) : [];
  const stats = { count: matching.length, sum: aggregated.reduce((s, x) => s + x, 0), valued: aggregated.length };
  return { rule, matched: eventRuleMatches(rule, stats), seen: stats.count };
}

/** Whether the customer is in each referenced segment, worked out once per customer. */
type Memo = Map<string, boolean>;

function inSegment(segmentId: string, c: EvaluatedCustomer, ctx: RuleContext, memo: Memo): boolean {
  const known = memo.get(segmentId);
  if (known !== undefined) return known;
  // reachedSegments() checked beforehand that no cycle leads back here.
  const matched = evaluateRule(segmentOf(ctx, segmentId).root, c, ctx, memo).matched;
  memo.set(segmentId, matched);
  return matched;
}

function evaluateRule(rule: Rule, c: EvaluatedCustomer, ctx: RuleContext, memo: Memo): Trace {
  switch (rule.type) {
    case "attribute":
      return evaluateAttribute(rule, c, ctx);
    case "event":
      return evaluateEvent(rule, c, ctx);
    case "segment": {
      const inside = inSegment(rule.segmentId, c, ctx, memo);
      return { rule, matched: rule.operator === "in" ? inside : !inside, seen: inside };
    }
    case "group": {
      const children = rule.children.map((r) => evaluateRule(r, c, ctx, memo));
      const all = children.length === 0 || (rule.combinator === "and" ? children.every((t) => t.matched) : children.some((t) => t.matched));
      return { rule, matched: rule.negate ? !all : all, children };
    }
  }
}

/**
 * Whether the customer is in the segment, and why: the same rules as the SQL, in memory. Each segment
 * it refers to is evaluated once for the customer, however often it is referred to.
 */
export function evaluateDefinition(def: SegmentDefinition, c: EvaluatedCustomer, ctx: RuleContext, selfId?: string): Trace {
  reachedSegments(def.root, ctx.segments, selfId);
  return evaluateRule(def.root, c, ctx, new Map());
}
