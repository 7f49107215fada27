import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@facet/db";

/** Events that count as orders for the computed value metrics. */
export const purchaseEvents = ["purchase", "Order Completed"] as const;
/** Events that take money back: they lower total spend and are not orders. */
export const refundEvents = ["refund", "Order Refunded"] as const;

const list = (names: readonly string[]) =>
  sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  );
/** SQL: whether the event called `name` is a purchase. */
export const isPurchase = (name: SQL) => sql`(${name} in (${list(purchaseEvents)}))`;
/** SQL: what an event adds to total spend (refunds subtract, whatever the sign they were sent with). */
export const spendOf = (name: SQL, revenue: SQL) =>
  sql`(case when ${isPurchase(name)} then coalesce(${revenue}, 0) when ${name} in (${list(refundEvents)}) then -abs(coalesce(${revenue}, 0)) else 0 end)`;

/**
 * The value metrics of a set of events `e` (columns `name`, `revenue`, `occurred_at`) as aggregates:
 * `orders`, `spend` (from the events alone), `first_purchase`, `last_purchase`, `last_seen`. The one
 * definition of them, for the recompute below and for writers that compute them while loading.
 */
export const metricAggregates = sql`
  count(*) filter (where ${isPurchase(sql`e.name`)})::int as orders,
  coalesce(sum(${spendOf(sql`e.name`, sql`e.revenue`)}), 0) as spend,
  min(e.occurred_at) filter (where ${isPurchase(sql`e.name`)}) as first_purchase,
  max(e.occurred_at) filter (where ${isPurchase(sql`e.name`)}) as last_purchase,
  max(e.occurred_at) as last_seen`;

/**
 * Recomputes order count, spend, first and last purchase and last seen from the events of the
 * customers `customerIds` (a query returning customer ids) selects. Orders and spend start from what
 * an import stated about history before these events (`imported_order_count`, `imported_spend`).
 */
export async function recomputeMetrics(tx: Db, workspaceId: string, customerIds: SQL) {
  // One index lookup of events per customer (a lateral join), whatever the statistics say: right
  // after a bulk load they still say "empty", and a plan that re-read the whole id list for every
  // event was seen running for minutes.
  await tx.execute(sql`
    update customers c set
      order_count = c.imported_order_count + s.orders, total_spend = c.imported_spend + s.spend, first_purchase_at = s.first_purchase,
      last_purchase_at = s.last_purchase, last_seen_at = greatest(c.last_seen_at, s.last_seen)
    from (select distinct id from (${customerIds}) as given(id)) ids
    cross join lateral (
      select ${metricAggregates}
      from events e where e.workspace_id = ${workspaceId} and e.customer_id = ids.id
    ) s
    where c.workspace_id = ${workspaceId} and c.id = ids.id and s.last_seen is not null`);
}

/** Refreshes the planner's statistics after a bulk change (an import, demo data), so the next queries plan for the data that is there. */
export async function analyzeCustomerTables(db: Db) {
  await db.execute(sql`analyze customers`);
  await db.execute(sql`analyze events`);
}
