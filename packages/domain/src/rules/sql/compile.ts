import { sql, type SQL } from "drizzle-orm";
import { customers, textArray } from "@facet/db";
import { dayMs, type AttributeRule, type EventRule, type PropertyFilter, type Rule, type SegmentDefinition } from "@facet/validators";
import { attributeSql } from "../../attribute/builtin";
import { invalid } from "../../errors";
import { attributeOf, segmentOf, type RuleContext } from "../core/context";
import { aggregatePasses, countPasses, countTest, windowBounds } from "../core/events";
import { operandOf, type RuleTime } from "../core/operands";
import { reachedSegments } from "../core/references";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
// A leaf is never NULL: a missing value makes it false, so NOT and negated groups mean what they say.
const leaf = (condition: SQL) => sql`coalesce((${condition}), false)`;

/** An instant in SQL; `shift` adds whole days (computed by PostgreSQL, which holds years past 9999). */
const instant = (t: RuleTime, shiftDays = 0) =>
  shiftDays ? sql`(${t.start}::timestamptz + ${`${shiftDays} days`}::interval)` : sql`${t.start}::timestamptz`;
/** x is at or after the start of t. */
const fromTime = (x: SQL, t: RuleTime) => sql`${x} >= ${instant(t)}`;
/** x is no later than t: before the next midnight for a whole day, at most t for a time. */
const untilTime = (x: SQL, t: RuleTime) => (t.wholeDay ? sql`${x} < ${instant(t, 1)}` : sql`${x} <= ${instant(t)}`);
/** The last n days up to now: a time ahead of now is not in the past. */
const inLastDays = (x: SQL, days: number, now: Date) =>
  sql`(${x} >= ${new Date(now.getTime() - days * dayMs).toISOString()}::timestamptz and ${x} <= ${now.toISOString()}::timestamptz)`;

const numberComparisons: Partial<Record<string, string>> = { eq: "=", neq: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" };

function compileAttribute(rule: AttributeRule, ctx: RuleContext): SQL {
  const attr = attributeOf(ctx, rule.attribute);
  const o = operandOf(attr, rule);
  const x = attributeSql(attr, ctx.now);
  const present = attr.column
    ? sql`${x} is not null`
    : attr.type === "list"
      ? sql`jsonb_array_length(coalesce(${x}, '[]'::jsonb)) > 0`
      : sql`${customers.traits} ? ${attr.key}`;
  const lowerList = (values: string[]) => textArray(values.map((v) => v.toLowerCase()));
  switch (o.kind) {
    case "none":
      switch (rule.operator) {
        case "is_set":
          return leaf(present);
        case "is_not_set":
          return sql`not (${leaf(present)})`;
        case "is_true":
          return leaf(sql`${x} = true`);
        default:
          return leaf(sql`${x} = false`);
      }
    case "list":
      switch (rule.operator) {
        case "in":
          return leaf(attr.type === "string" ? sql`lower(${x}) = any(${lowerList(o.values)})` : sql`${x} = any(${textArray(o.values)})`);
        case "not_in":
          return leaf(attr.type === "string" ? sql`lower(${x}) <> all(${lowerList(o.values)})` : sql`${x} <> all(${textArray(o.values)})`);
        case "includes_any":
          return leaf(sql`${x} ?| ${textArray(o.values)}`);
        case "includes_all":
          return leaf(sql`${x} ?& ${textArray(o.values)}`);
        default:
          return leaf(sql`${present} and not (${x} ?| ${textArray(o.values)})`);
      }
    case "days":
      return rule.operator === "within_last_days"
        ? leaf(inLastDays(x, o.days, ctx.now))
        : leaf(sql`${present} and not ${inLastDays(x, o.days, ctx.now)}`);
    case "range":
      return leaf(sql`${x} between ${o.from}::numeric and ${o.to}::numeric`);
    case "timeRange":
      return leaf(sql`${fromTime(x, o.from)} and ${untilTime(x, o.to)}`);
    case "time":
      // A date alone is the whole day: before it is before its midnight, after it is from the next.
      return rule.operator === "before"
        ? leaf(sql`${x} < ${instant(o.value)}`)
        : leaf(o.value.wholeDay ? sql`${x} >= ${instant(o.value, 1)}` : sql`${x} > ${instant(o.value)}`);
    case "number": {
      const v = sql`${o.value}::numeric`;
      const op = numberComparisons[rule.operator] ?? "=";
      return leaf(sql`${x} ${sql.raw(op)} ${v}`);
    }
    case "text": {
      const like = escapeLike(o.value);
      switch (rule.operator) {
        case "eq":
          return leaf(sql`lower(${x}) = lower(${o.value})`);
        case "neq":
          return leaf(sql`lower(${x}) <> lower(${o.value})`);
        case "contains":
          return leaf(sql`${x} ilike ${`%${like}%`}`);
        case "not_contains":
          return leaf(sql`${x} not ilike ${`%${like}%`}`);
        case "starts_with":
          return leaf(sql`${x} ilike ${`${like}%`}`);
        default:
          return leaf(sql`${x} ilike ${`%${like}`}`);
      }
    }
  }
}

const numericText = (expr: SQL) => sql`(case when ${expr} ~ '^[-+]?[0-9]*[.]?[0-9]+([eE][-+]?[0-9]+)?$' then (${expr})::numeric end)`;
const propertyText = (p: string) => (p === "revenue" ? sql`e.revenue::text` : sql`(e.properties ->> ${p})`);
const propertyNumber = (p: string) => (p === "revenue" ? sql`e.revenue` : numericText(sql`(e.properties ->> ${p})`));

function compileProperty(f: PropertyFilter): SQL {
  const t = propertyText(f.property);
  const n = propertyNumber(f.property);
  const num = (value: string | number | undefined) => {
    if (typeof value !== "number" && !(typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))) {
      throw invalid(`Property ${f.property}: enter a number.`, "definition");
    }
    return Number(value);
  };
  const str = (value: string | number | undefined) => {
    if (value === undefined) throw invalid(`Property ${f.property}: enter a value.`, "definition");
    return String(value);
  };
  switch (f.operator) {
    case "is_set":
      return sql`${t} is not null`;
    case "is_not_set":
      return sql`${t} is null`;
    // Text compares without regard to case, as for attributes.
    case "eq":
      return typeof f.value === "number" ? sql`${n} = ${f.value}` : sql`lower(${t}) = lower(${str(f.value)})`;
    case "neq":
      return typeof f.value === "number" ? sql`${n} <> ${f.value}` : sql`lower(${t}) <> lower(${str(f.value)})`;
    case "gt":
      return sql`${n} > ${num(f.value)}`;
    case "gte":
      return sql`${n} >= ${num(f.value)}`;
    case "lt":
      return sql`${n} < ${num(f.value)}`;
    case "lte":
      return sql`${n} <= ${num(f.value)}`;
    case "contains":
      return sql`${t} ilike ${`%${escapeLike(str(f.value))}%`}`;
    case "in": {
      if (!f.value?.length) throw invalid(`Property ${f.property}: choose at least one value.`, "definition");
      return sql`lower(${t}) = any(${textArray(f.value.map((v) => v.toLowerCase()))})`;
    }
  }
}

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

/** The events an event rule counts: its name, its window and its property filters (alias `e`). */
export function eventWhere(rule: EventRule, ctx: RuleContext): SQL[] {
  const { from, to } = windowBounds(rule.window, ctx.now);
  return [
    sql`e.workspace_id = ${ctx.workspaceId}`,
    sql`e.name = ${rule.event}`,
    ...(from ? [fromTime(sql`e.occurred_at`, from)] : []),
    ...(to ? [untilTime(sql`e.occurred_at`, to)] : []),
    ...rule.where.map((f) => leaf(compileProperty(f))),
  ];
}

/**
 * One customer's counts for each event rule (rows `i`, `count`, `sum`, `valued`, in the order given):
 * what the evaluator needs to judge the rules exactly, however many events the customer has.
 */
export function eventStatsQuery(rules: readonly EventRule[], ctx: RuleContext, customerId: string): SQL {
  const parts = rules.map((rule, i) => {
    const x = rule.aggregate ? propertyNumber(rule.aggregate.property) : sql`null::numeric`;
    return sql`select ${i}::int as i, count(*)::int as count, coalesce(sum(${x}), 0)::float8 as sum, count(${x})::int as valued
      from events e where ${sql.join(eventWhere(rule, ctx), sql` and `)} and e.customer_id = ${customerId}`;
  });
  return sql.join(parts, sql` union all `);
}

function compileEvent(rule: EventRule, ctx: RuleContext, form: EventForm): SQL {
  const where = eventWhere(rule, ctx);
  const { op, n } = countTest(rule);
  let test = sql`count(*) ${sql.raw(op)} ${n}`;
  let zeroPasses = countPasses(0, { op, n });
  if (rule.aggregate) {
    const a = rule.aggregate;
    const value = a.fn === "sum" ? sql`coalesce(sum(${propertyNumber(a.property)}), 0)` : sql`avg(${propertyNumber(a.property)})`;
    const cmp = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "=" }[a.operator];
    test = sql`${test} and coalesce(${value} ${sql.raw(cmp)} ${a.value}, false)`;
    // With no events the sum is 0 and the average is nothing.
    zeroPasses = zeroPasses && a.fn === "sum" && aggregatePasses(0, a.operator, a.value);
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
/**
 * Several saved segments evaluated together for some customers (the live evaluator's round, one statement
 * for all): each segment's condition, checked and compiled on its own (one that no longer compiles is in
 * `failed` and holds up no other), and one CTE for every segment any of them refers to, computed for the
 * customers `onlyCustomers` lists.
 */
export function compileSegmentsForCustomers(list: readonly { id: string; root: Rule }[], ctx: RuleContext, onlyCustomers: SQL) {
  const where = new Map<string, SQL>();
  const failed = new Map<string, unknown>();
  const ctes = new Map<string, SQL>();
  for (const s of list) {
    try {
      const own = new Map<string, SQL>();
      for (const id of reachedSegments(s.root, ctx.segments, s.id))
        own.set(id, ctes.get(id) ?? referenceCte(id, ctx, "per_customer", onlyCustomers));
      where.set(s.id, compileRule(s.root, ctx, "per_customer"));
      for (const [id, cte] of own) ctes.set(id, cte);
    } catch (err) {
      failed.set(s.id, err);
    }
  }
  return { where, failed, with: ctes.size ? sql.join([...ctes.values()], sql`, `) : null };
}

const referenceCte = (id: string, ctx: RuleContext, events: EventForm, onlyCustomers?: SQL) => {
  const def = segmentOf(ctx, id);
  const where = compileRule(def.root, ctx, events);
  const only = onlyCustomers ? sql` and ${customers.id} = any(${onlyCustomers})` : sql``;
  return sql`${referenceName(id)} as materialized (select ${customers.id} as id from customers where ${customers.workspaceId} = ${ctx.workspaceId}${only} and ${where})`;
};

export function compileConditions(
  roots: Rule[],
  ctx: RuleContext,
  selfId?: string,
  events: EventForm = "set",
  /**
   * A text[] of customer ids: referenced segments are computed for these customers only, their events probed
   * one customer at a time (the live evaluator). A customer's membership depends on that customer alone, so
   * this is exact for any condition that restricts `customers` to the same ids.
   */
  onlyCustomers?: SQL,
): CompiledConditions {
  const reached = reachedSegments({ type: "group", combinator: "and", negate: false, children: roots }, ctx.segments, selfId);
  // Inside a CTE every customer is tested: the set form aggregates events once.
  const ctes = reached.map((id) => referenceCte(id, ctx, onlyCustomers ? "per_customer" : "set", onlyCustomers));
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
  const [where = sql`true`] = compiled.where;
  if (!compiled.with) return where;
  return sql`${customers.id} in (with ${compiled.with} select ${customers.id} from customers where ${customers.workspaceId} = ${ctx.workspaceId} and ${where})`;
}
