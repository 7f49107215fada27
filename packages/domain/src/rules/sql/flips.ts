import { sql, type SQL } from "drizzle-orm";
import { customers } from "@facet/db";
import { dayMs } from "@facet/validators";
import { attributeSql } from "../../attribute/builtin";
import type { RuleContext } from "../core/context";
import type { TimeCondition } from "../core/flips";
import { eventWhere } from "./compile";

// The SQL twin of `nextFlip` (rules/core/flips.ts): the same moments, for many customers in one statement.

const iso = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;
const days = (n: number) => sql`(${n * 86_400}::float8 * interval '1 second')`;
/** The first instant past `x + n days` at the database's precision: when x has left "the last n days". */
const leaves = (x: SQL, n: number) => sql`(${x} + ${days(n)} + interval '1 microsecond')`;

/** Per customer with events of the rule still ahead of leaving its window: the earliest entry or exit. */
function windowPart(c: Extract<TimeCondition, { kind: "window" }>, ctx: RuleContext, onlyCustomers?: SQL): SQL {
  const now = ctx.now.getTime();
  // Name and property filters; the window is replaced by "not yet left it" (an event ahead of now is in that too).
  const where = eventWhere({ ...c.rule, window: { kind: "ever" } }, ctx);
  return sql`select e.customer_id, least(${leaves(sql`min(e.occurred_at)`, c.days)}, min(e.occurred_at) filter (where e.occurred_at > ${iso(now)})) as t,
      ${c.label}::text as condition
    from events e where ${sql.join(where, sql` and `)} and e.occurred_at >= ${iso(now - c.days * dayMs)}
      ${onlyCustomers ? sql`and e.customer_id = any(${onlyCustomers})` : sql``}
    group by e.customer_id`;
}

/** A customer's moment for a condition on their own row (a date in the last n days, days since a purchase). */
function rowMoment(c: Exclude<TimeCondition, { kind: "window" }>, ctx: RuleContext): SQL {
  const now = iso(ctx.now.getTime());
  if (c.kind === "recent") {
    const x = attributeSql(c.attribute, ctx.now);
    return sql`(case when ${x} > ${now} then ${x} when ${x} >= ${iso(ctx.now.getTime() - c.days * dayMs)} then ${leaves(x, c.days)} end)`;
  }
  // The count becomes k exactly k days after the last purchase; steps are in ascending order.
  const from = sql`${customers.lastPurchaseAt}`;
  return sql`(case ${sql.join(
    c.steps.map((k) => sql`when ${from} + ${days(k)} > ${now} then ${from} + ${days(k)}`),
    sql` `,
  )} end)`;
}

/**
 * `select customer_id, flip_at, condition`: for each customer (of `onlyCustomers`, a text[] of ids, or of
 * the whole workspace) with a moment ahead, the earliest moment after `ctx.now` at which one of the
 * conditions can change its answer, and that condition's label. Null when there are no conditions.
 */
export function flipTimes(conditions: readonly TimeCondition[], ctx: RuleContext, onlyCustomers?: SQL): SQL | null {
  if (conditions.length === 0) return null;
  const parts: SQL[] = [];
  for (const c of conditions) if (c.kind === "window") parts.push(windowPart(c, ctx, onlyCustomers));
  const onRow = conditions.filter((c): c is Exclude<TimeCondition, { kind: "window" }> => c.kind !== "window");
  if (onRow.length > 0) {
    // One pass over the customers for all of them.
    parts.push(sql`select ${customers.id} as customer_id, m.t, m.condition from customers
      cross join lateral (values ${sql.join(
        onRow.map((c) => sql`(${rowMoment(c, ctx)}::timestamptz, ${c.label}::text)`),
        sql`, `,
      )}) as m(t, condition)
      where ${customers.workspaceId} = ${ctx.workspaceId} ${onlyCustomers ? sql`and ${customers.id} = any(${onlyCustomers})` : sql``}
        and m.t is not null`);
  }
  return sql`select distinct on (customer_id) customer_id, t as flip_at, condition
    from (${sql.join(parts, sql` union all `)}) moments where t is not null order by customer_id, t`;
}
