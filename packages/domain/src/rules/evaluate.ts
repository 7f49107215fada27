import type { AttributeRule, EventRule, PropertyFilter, Rule, SegmentDefinition } from "@facet/validators";
import { attributeOf, countTest, windowBounds, type RuleContext } from "./compile";
import { operandOf } from "./operands";
import { reachedSegments } from "./references";

/** A customer as the evaluator sees them: attribute values by key, and their events. */
export interface EvaluatedCustomer {
  values: Record<string, unknown>;
  events: { name: string; occurredAt: Date; properties: Record<string, unknown>; revenue: number | null }[];
}

/** Why a rule matched or not: one line per condition, nested like the definition. */
export interface Trace {
  rule: Rule;
  matched: boolean;
  /** What the customer has: the attribute's value, or the number of matching events. */
  seen?: unknown;
  children?: Trace[];
}

const dayMs = 86_400_000;
const lower = (s: unknown) => String(s).toLowerCase();
const timeOf = (v: unknown): number | null => {
  if (v instanceof Date) return v.getTime();
  if (typeof v !== "string") return null;
  const t = new Date(v.length === 10 ? `${v}T00:00:00Z` : v).getTime();
  return Number.isNaN(t) ? null : t;
};

function evaluateAttribute(rule: AttributeRule, c: EvaluatedCustomer, ctx: RuleContext): Trace {
  const attr = attributeOf(ctx, rule.attribute);
  const o = operandOf(attr, rule);
  const raw = c.values[attr.key];
  const x = attr.type === "number" && raw !== null && raw !== undefined ? Number(raw) : raw;
  const present = attr.type === "list" ? Array.isArray(x) && x.length > 0 : x !== null && x !== undefined;
  const done = (matched: boolean) => ({ rule, matched, seen: raw ?? null });
  if (rule.operator === "is_set") return done(present);
  if (rule.operator === "is_not_set") return done(!present);
  if (!present) return done(false);
  const value = "value" in o ? o.value : undefined;
  const list = o.kind === "list" ? o.values : [];
  const t = attr.type === "date" ? timeOf(x) : null;
  const num = (v: unknown) => (attr.type === "date" ? timeOf(v)! : Number(v));
  const mine = attr.type === "date" ? t! : Number(x);
  switch (rule.operator) {
    case "is_true":
      return done(x === true);
    case "is_false":
      return done(x === false);
    case "eq":
      return done(attr.type === "string" ? lower(x) === lower(value) : Number(x) === Number(value));
    case "neq":
      return done(attr.type === "string" ? lower(x) !== lower(value) : Number(x) !== Number(value));
    case "in":
      return done(attr.type === "string" ? list.some((v) => lower(v) === lower(x)) : list.includes(String(x)));
    case "not_in":
      return done(attr.type === "string" ? !list.some((v) => lower(v) === lower(x)) : !list.includes(String(x)));
    case "contains":
      return done(lower(x).includes(lower(value)));
    case "not_contains":
      return done(!lower(x).includes(lower(value)));
    case "starts_with":
      return done(lower(x).startsWith(lower(value)));
    case "ends_with":
      return done(lower(x).endsWith(lower(value)));
    case "gt":
    case "after":
      return done(mine > num(value));
    case "gte":
      return done(mine >= num(value));
    case "lt":
    case "before":
      return done(mine < num(value));
    case "lte":
      return done(mine <= num(value));
    case "between":
      return done(o.kind === "range" && mine >= num(o.from) && mine <= num(o.to));
    case "within_last_days":
      return done(o.kind === "days" && t! >= ctx.now.getTime() - o.days * dayMs);
    case "not_within_last_days":
      return done(o.kind === "days" && t! < ctx.now.getTime() - o.days * dayMs);
    case "includes_any":
      return done((x as string[]).some((v) => list.includes(v)));
    case "includes_all":
      return done(list.every((v) => (x as string[]).includes(v)));
    case "excludes":
      return done(!(x as string[]).some((v) => list.includes(v)));
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
  const n = Number(f.value);
  switch (f.operator) {
    case "is_set":
      return text !== null;
    case "is_not_set":
      return text === null;
    case "eq":
      return typeof f.value === "number" ? number !== null && number === n : text !== null && text === String(f.value);
    case "neq":
      return typeof f.value === "number" ? number !== null && number !== n : text !== null && text !== String(f.value);
    case "gt":
      return number !== null && number > n;
    case "gte":
      return number !== null && number >= n;
    case "lt":
      return number !== null && number < n;
    case "lte":
      return number !== null && number <= n;
    case "contains":
      return text !== null && text.toLowerCase().includes(String(f.value).toLowerCase());
    case "in":
      return text !== null && Array.isArray(f.value) && f.value.map(String).includes(text);
  }
}

function evaluateEvent(rule: EventRule, c: EvaluatedCustomer, ctx: RuleContext): Trace {
  const { from, to } = windowBounds(rule.window, ctx.now);
  const matching = c.events.filter(
    (e) =>
      e.name === rule.event &&
      (!from || e.occurredAt.getTime() >= from.getTime()) &&
      (!to || e.occurredAt.getTime() < to.getTime()) &&
      rule.where.every((f) => propertyMatches(f, e)),
  );
  const { op, n } = countTest(rule);
  const count = matching.length;
  let matched = op === ">=" ? count >= n : op === "<=" ? count <= n : count === n;
  if (rule.aggregate) {
    const a = rule.aggregate;
    const values = matching.map((e) => propertyOf(e, a.property).number).filter((v): v is number => v !== null);
    const value =
      a.fn === "sum" ? values.reduce((s, v) => s + v, 0) : values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
    const ok =
      value !== null &&
      { gt: value > a.value, gte: value >= a.value, lt: value < a.value, lte: value <= a.value, eq: Math.abs(value - a.value) < 1e-9 }[
        a.operator
      ];
    matched = matched && ok;
  }
  return { rule, matched, seen: count };
}

/** Whether the customer is in each referenced segment, worked out once per customer. */
type Memo = Map<string, boolean>;

function inSegment(segmentId: string, c: EvaluatedCustomer, ctx: RuleContext, memo: Memo): boolean {
  const known = memo.get(segmentId);
  if (known !== undefined) return known;
  // reachedSegments() checked beforehand that the segment exists and no cycle leads back here.
  const matched = evaluateRule(ctx.segments.get(segmentId)!.root, c, ctx, memo).matched;
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
