import { sql, type SQL } from "drizzle-orm";
import { customers, textArray } from "@facet/db";
import type { AttributeRule, EventRule, EventWindow, PropertyFilter, Rule, SegmentDefinition } from "@facet/validators";
import { attributeSql } from "../attribute/builtin";
import { invalid } from "../errors";
import { operandOf, toInstant, type RuleAttribute } from "./operands";
import { reachedSegments } from "./references";

/** What compiling (or evaluating) a definition needs besides the definition. */
export interface RuleContext {
  /** The workspace whose customers and events the rules are about. */
  workspaceId: string;
  attributes: Map<string, RuleAttribute>;
  /** Definitions of the segments it refers to, directly or not (loaded beforehand, same workspace). */
  segments: Map<string, SegmentDefinition>;
  /** "Now" for time windows: a parameter, so a count and its evaluation agree to the millisecond. */
  now: Date;
}

const dayMs = 86_400_000;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
// A leaf is never NULL: a missing value makes it false, so NOT and negated groups mean what they say.
const leaf = (condition: SQL) => sql`coalesce((${condition}), false)`;

export function attributeOf(ctx: RuleContext, key: string): RuleAttribute {
  const attr = ctx.attributes.get(key);
  if (!attr) throw invalid(`There is no attribute "${key}".`, "definition");
  return attr;
}

function compileAttribute(rule: AttributeRule, ctx: RuleContext): SQL {
  const attr = attributeOf(ctx, rule.attribute);
  const o = operandOf(attr, rule);
  const x = attributeSql(attr);
  const present = attr.column
    ? sql`${x} is not null`
    : attr.type === "list"
      ? sql`jsonb_array_length(coalesce(${x}, '[]'::jsonb)) > 0`
      : sql`${customers.traits} ? ${attr.key}`;
  const text = attr.type === "string";
  const v = (): SQL => {
    switch (o.kind) {
      case "text":
        return sql`${o.value}`;
      case "number":
        return sql`${o.value}::numeric`;
      case "time":
        return sql`${o.value}::timestamptz`;
      default:
        throw invalid(`${attr.label}: this operator needs one value.`, "definition");
    }
  };
  const values = () => (o.kind === "list" ? o.values : []);
  const ago = () => sql`${new Date(ctx.now.getTime() - (o.kind === "days" ? o.days : 0) * dayMs).toISOString()}::timestamptz`;
  switch (rule.operator) {
    case "is_set":
      return leaf(present);
    case "is_not_set":
      return sql`not (${leaf(present)})`;
    case "is_true":
      return leaf(sql`${x} = true`);
    case "is_false":
      return leaf(sql`${x} = false`);
    case "eq":
      return leaf(text ? sql`lower(${x}) = lower(${v()})` : sql`${x} = ${v()}`);
    case "neq":
      return leaf(text ? sql`lower(${x}) <> lower(${v()})` : sql`${x} <> ${v()}`);
    case "in":
      return leaf(
        text ? sql`lower(${x}) = any(${textArray(values().map((s) => s.toLowerCase()))})` : sql`${x} = any(${textArray(values())})`,
      );
    case "not_in":
      return leaf(
        text ? sql`lower(${x}) <> all(${textArray(values().map((s) => s.toLowerCase()))})` : sql`${x} <> all(${textArray(values())})`,
      );
    case "contains":
      return leaf(sql`${x} ilike ${`%${escapeLike(String((o as { value: string }).value))}%`}`);
    case "not_contains":
      return leaf(sql`${x} not ilike ${`%${escapeLike(String((o as { value: string }).value))}%`}`);
    case "starts_with":
      return leaf(sql`${x} ilike ${`${escapeLike(String((o as { value: string }).value))}%`}`);
    case "ends_with":
      return leaf(sql`${x} ilike ${`%${escapeLike(String((o as { value: string }).value))}`}`);
    case "gt":
      return leaf(sql`${x} > ${v()}`);
    case "gte":
      return leaf(sql`${x} >= ${v()}`);
    case "lt":
    case "before":
      return leaf(sql`${x} < ${v()}`);
    case "lte":
      return leaf(sql`${x} <= ${v()}`);
    case "after":
      return leaf(sql`${x} > ${v()}`);
    case "between": {
      if (o.kind !== "range") throw invalid(`${attr.label}: enter both ends of the range.`, "definition");
      const cast = sql.raw(attr.type === "date" ? "timestamptz" : "numeric");
      return leaf(sql`${x} between ${o.from}::${cast} and ${o.to}::${cast}`);
    }
    case "within_last_days":
      return leaf(sql`${x} >= ${ago()}`);
    case "not_within_last_days":
      return leaf(sql`${x} < ${ago()}`);
    case "includes_any":
      return leaf(sql`${x} ?| ${textArray(values())}`);
    case "includes_all":
      return leaf(sql`${x} ?& ${textArray(values())}`);
    case "excludes":
      return leaf(sql`${present} and not (${x} ?| ${textArray(values())})`);
  }
}

/** The window as [from, to): "between" dates include the whole last day. */
export function windowBounds(w: EventWindow, now: Date): { from: Date | null; to: Date | null } {
  if (w.kind === "ever") return { from: null, to: null };
  if (w.kind === "last_days") return { from: new Date(now.getTime() - w.days * dayMs), to: null };
  const from = new Date(toInstant(w.from));
  const to = w.to.length === 10 ? new Date(new Date(toInstant(w.to)).getTime() + dayMs) : new Date(toInstant(w.to));
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw invalid("Enter the window's dates like 2024-05-31.", "definition");
  return { from, to };
}

const numericText = (expr: SQL) => sql`(case when ${expr} ~ '^[-+]?[0-9]*[.]?[0-9]+([eE][-+]?[0-9]+)?$' then (${expr})::numeric end)`;
const propertyText = (p: string) => (p === "revenue" ? sql`e.revenue::text` : sql`(e.properties ->> ${p})`);
const propertyNumber = (p: string) => (p === "revenue" ? sql`e.revenue` : numericText(sql`(e.properties ->> ${p})`));

function compileProperty(f: PropertyFilter): SQL {
  const t = propertyText(f.property);
  const n = propertyNumber(f.property);
  const num = () => {
    if (typeof f.value !== "number" && !(typeof f.value === "string" && f.value.trim() !== "" && Number.isFinite(Number(f.value)))) {
      throw invalid(`Property ${f.property}: enter a number.`, "definition");
    }
    return Number(f.value);
  };
  const str = () => {
    if (typeof f.value !== "string" && typeof f.value !== "number") throw invalid(`Property ${f.property}: enter a value.`, "definition");
    return String(f.value);
  };
  switch (f.operator) {
    case "is_set":
      return sql`${t} is not null`;
    case "is_not_set":
      return sql`${t} is null`;
    case "eq":
      return typeof f.value === "number" ? sql`${n} = ${num()}` : sql`${t} = ${str()}`;
    case "neq":
      return typeof f.value === "number" ? sql`${n} <> ${num()}` : sql`${t} <> ${str()}`;
    case "gt":
      return sql`${n} > ${num()}`;
    case "gte":
      return sql`${n} >= ${num()}`;
    case "lt":
      return sql`${n} < ${num()}`;
    case "lte":
      return sql`${n} <= ${num()}`;
    case "contains":
      return sql`${t} ilike ${`%${escapeLike(str())}%`}`;
    case "in": {
      if (!Array.isArray(f.value) || f.value.length === 0)
        throw invalid(`Property ${f.property}: choose at least one value.`, "definition");
      return sql`${t} = any(${textArray(f.value.map(String))})`;
    }
  }
}

/** The count comparison an event rule asks for. */
export function countTest(rule: EventRule): { op: ">=" | "<=" | "="; n: number } {
  const needsCount = rule.operator === "at_least" || rule.operator === "at_most" || rule.operator === "exactly";
  if (needsCount && rule.count === undefined) throw invalid(`"${rule.event}": enter how many times.`, "definition");
  switch (rule.operator) {
    case "did":
      return { op: ">=", n: 1 };
    case "did_not":
      return { op: "=", n: 0 };
    case "at_least":
      return { op: ">=", n: rule.count! };
    case "at_most":
      return { op: "<=", n: rule.count! };
    case "exactly":
      return { op: "=", n: rule.count! };
  }
}

const compare = (x: number, op: "gt" | "gte" | "lt" | "lte" | "eq", v: number) =>
  op === "gt" ? x > v : op === "gte" ? x >= v : op === "lt" ? x < v : op === "lte" ? x <= v : x === v;

/**
 * How event rules are compiled. "set" (for counts, membership, export): the customers whose matching
 * events (name, window, property filters) pass the count and aggregate tests, aggregated once over
 * the events the name/time index finds, rather than a count per customer. Customers without any
 * matching event pass only if zero events satisfy the rule ("did not", "at most 2"): then the rule
 * is "not among those who fail". "per_customer" (for samples of common rules): the same test on one
 * customer's events, through the (customer, time) index, so a LIMIT stops after a few customers
 * instead of aggregating the whole window first.
 */
export type EventForm = "set" | "per_customer";

function compileEvent(rule: EventRule, ctx: RuleContext, form: EventForm): SQL {
  const { from, to } = windowBounds(rule.window, ctx.now);
  const where = [
    sql`e.workspace_id = ${ctx.workspaceId}`,
    sql`e.name = ${rule.event}`,
    ...(from ? [sql`e.occurred_at >= ${from.toISOString()}::timestamptz`] : []),
    ...(to ? [sql`e.occurred_at < ${to.toISOString()}::timestamptz`] : []),
    ...rule.where.map((f) => leaf(compileProperty(f))),
  ];
  const { op, n } = countTest(rule);
  let test = sql`count(*) ${sql.raw(op)} ${n}`;
  let zeroPasses = op === ">=" ? 0 >= n : op === "<=" ? 0 <= n : n === 0;
  if (rule.aggregate) {
    const a = rule.aggregate;
    const value = a.fn === "sum" ? sql`coalesce(sum(${propertyNumber(a.property)}), 0)` : sql`avg(${propertyNumber(a.property)})`;
    const cmp = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "=" }[a.operator];
    test = sql`${test} and coalesce(${value} ${sql.raw(cmp)} ${a.value}, false)`;
    // With no events the sum is 0 and the average is nothing.
    zeroPasses = zeroPasses && a.fn === "sum" && compare(0, a.operator, a.value);
  }
  if (form === "per_customer") {
    return sql`coalesce((select ${test} from events e where ${sql.join(where, sql` and `)} and e.customer_id = ${customers.id}), false)`;
  }
  const grouped = (having: SQL) =>
    sql`select e.customer_id from events e where ${sql.join(where, sql` and `)} group by e.customer_id having ${having}`;
  return zeroPasses
    ? sql`not exists (select 1 from (${grouped(sql`not (${test})`)}) failing where failing.customer_id = ${customers.id})`
    : sql`${customers.id} in (${grouped(test)})`;
}

const referenceName = (segmentId: string) => sql.identifier(`ref_${segmentId}`);

function compileRule(rule: Rule, ctx: RuleContext, form: EventForm): SQL {
  switch (rule.type) {
    case "attribute":
      return compileAttribute(rule, ctx);
    case "event":
      return compileEvent(rule, ctx, form);
    case "segment": {
      // Each referenced segment is compiled once, into a CTE (see compileDefinitions): a definition
      // that refers to one segment many times, through many levels, stays as big as its parts.
      const inner = sql`${customers.id} in (select id from ${referenceName(rule.segmentId)})`;
      return rule.operator === "in" ? inner : sql`not (${inner})`;
    }
    case "group": {
      const parts = rule.children.map((c) => compileRule(c, ctx, form));
      // A group with no conditions yet matches everyone, whatever its combinator (as the builder shows it).
      const joined = parts.length === 0 ? sql.raw("true") : sql`(${sql.join(parts, sql.raw(` ${rule.combinator} `))})`;
      return rule.negate ? sql`not ${joined}` : joined;
    }
  }
}

/** Conditions on a `customers` row, and the CTEs they read. */
export interface CompiledConditions {
  where: SQL[];
  /** `"ref_seg_…" as materialized (…), …`: each segment referred to, compiled once; null when there are none. */
  with: SQL | null;
}

/**
 * Several rule trees compiled together, sharing one CTE per referenced segment (the members of that
 * segment right now, computed once per statement). The caller puts `with` before its statement.
 * Checks references first (cycles, depth, fan-out, size) and refuses with a message naming the limit.
 */
export function compileConditions(roots: Rule[], ctx: RuleContext, selfId?: string, events: EventForm = "set"): CompiledConditions {
  const reached = reachedSegments({ type: "group", combinator: "and", negate: false, children: roots }, ctx.segments, selfId);
  const ctes = reached.map((id) => {
    const def = ctx.segments.get(id)!;
    // Inside a CTE every customer is tested: the set form aggregates events once.
    const where = compileRule(def.root, ctx, "set");
    return sql`${referenceName(id)} as materialized (select ${customers.id} as id from customers where ${customers.workspaceId} = ${ctx.workspaceId} and ${where})`;
  });
  return { where: roots.map((r) => compileRule(r, ctx, events)), with: ctes.length ? sql.join(ctes, sql`, `) : null };
}

/**
 * The definition as one SQL condition on a `customers` row (values are bound parameters; attribute
 * keys were checked against the workspace's definitions). `selfId` names the segment being compiled,
 * so a reference back to it is a cycle. With segment references, the condition carries its own CTEs
 * (`id in (with … select …)`), so it can go anywhere a condition can.
 */
export function compileDefinition(def: SegmentDefinition, ctx: RuleContext, selfId?: string, events: EventForm = "set"): SQL {
  const compiled = compileConditions([def.root], ctx, selfId, events);
  const where = compiled.where[0]!;
  if (!compiled.with) return where;
  return sql`${customers.id} in (with ${compiled.with} select ${customers.id} from customers where ${customers.workspaceId} = ${ctx.workspaceId} and ${where})`;
}
