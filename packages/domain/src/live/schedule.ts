import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@facet/db";
import type { SegmentDefinition } from "@facet/validators";
import { flipTimes, timeConditions, type RuleContext } from "../rules";
import { loadRuleContext } from "../segment/context";

/**
 * Writes the segment's when-next-flip schedule (`segment_flips`) for these customers, or for all of them:
 * each customer's earliest moment ahead of `ctx.now` at which a condition reading the clock can change its
 * answer. A segment whose answer can't move with time has no rows. The caller holds the segment's lock
 * (every writer of a segment's schedule does), and has just computed the members at the same `ctx.now`.
 */
export async function scheduleFlips(
  tx: Db,
  workspaceId: string,
  segmentId: string,
  def: SegmentDefinition,
  ctx: RuleContext,
  customerIds?: readonly string[],
): Promise<number> {
  const conditions = timeConditions(def, ctx, segmentId);
  // A segment with no clock in it has no rows (its refresh cleared them when its definition changed).
  if (customerIds && conditions.length === 0) return 0;
  const ids = customerIds && sql`array(select jsonb_array_elements_text(${JSON.stringify(customerIds)}::jsonb))`;
  await tx.execute(
    sql`delete from segment_flips where workspace_id = ${workspaceId} and segment_id = ${segmentId}
        ${ids ? sql`and customer_id = any(${ids})` : sql``}`,
  );
  const moments = flipTimes(conditions, ctx, ids);
  if (!moments) return 0;
  const [r] = await queryRows<{ n: number }>(
    tx,
    sql`with written as (
          insert into segment_flips (workspace_id, segment_id, customer_id, flip_at, condition)
          select ${workspaceId}, ${segmentId}, customer_id, flip_at, condition from (${moments}) m order by customer_id
          returning 1
        ) select count(*)::int as n from written`,
  );
  return r!.n;
}

/**
 * An archived segment is not followed: its schedule goes. A restored one gets it back, for all its
 * customers, under its lock.
 */
export async function followTimeOf(db: Db, workspaceId: string, segmentId: string, follow: boolean, now = new Date()) {
  await db.transaction(async (tx) => {
    const [seg] = await queryRows<{ definition: SegmentDefinition }>(
      tx,
      sql`select definition from segments where workspace_id = ${workspaceId} and id = ${segmentId} for update`,
    );
    if (!seg) return;
    if (!follow) {
      await tx.execute(sql`delete from segment_flips where workspace_id = ${workspaceId} and segment_id = ${segmentId}`);
      return;
    }
    await scheduleFlips(tx, workspaceId, segmentId, seg.definition, await loadRuleContext({ db: tx, workspaceId }, seg.definition, now));
  });
}
