import { sql } from "drizzle-orm";
import { customers, queryRows, textArray, type Db } from "@facet/db";
import type { SegmentDefinition } from "@facet/validators";
import { affectedSegments, compileConditions } from "../rules";
import { loadRuleContext } from "../segment/context";
import { withCustomPlans } from "../segment/membership";
import { lockSegments } from "./departures";
import { scheduleFlips } from "./schedule";

/** Changes taken in one transaction: enough to amortise the per-segment statements, small enough to commit quickly. */
export const liveBatchSize = 500;

interface PendingChange {
  seq: number;
  customer_id: string;
  cause: string;
  touches: string[];
  detail: Record<string, unknown>;
}

export interface LiveRound {
  /** Customer changes taken from the outbox. */
  changes: number;
  /** (segment, customer) pairs re-evaluated. */
  evaluated: number;
  entered: number;
  exited: number;
}

/**
 * Takes the oldest pending changes of a workspace (skipping those another process has taken), re-evaluates
 * each segment that can care for the customers concerned, updates the members and the change log, and
 * deletes the changes: all in one transaction, so a crash leaves the changes pending and nothing half done.
 */
export async function processPendingChanges(db: Db, workspaceId: string, limit = liveBatchSize, now = new Date()): Promise<LiveRound> {
  return withCustomPlans(db, async (tx) => {
    const pending = await queryRows<PendingChange>(
      tx,
      sql`select seq, customer_id, cause, touches, detail from customer_changes where workspace_id = ${workspaceId}
          order by seq limit ${limit} for update skip locked`,
    );
    const round: LiveRound = { changes: pending.length, evaluated: 0, entered: 0, exited: 0 };
    if (pending.length === 0) return round;

    const index = await queryRows<{ id: string; dependsOn: string[] }>(
      tx,
      sql`select id, depends_on as "dependsOn" from segments where workspace_id = ${workspaceId} and archived_at is null`,
    );
    // Per segment, per customer: the latest change that can move that customer in that segment (its cause is logged).
    const work = new Map<string, Map<string, PendingChange>>();
    for (const change of pending) {
      for (const segmentId of affectedSegments(index, change.touches)) {
        let customersOf = work.get(segmentId);
        if (!customersOf) work.set(segmentId, (customersOf = new Map()));
        customersOf.set(change.customer_id, change);
      }
    }
    if (work.size > 0) {
      // Customers before segments, each in id order: the order erasures and merges take them in too.
      const customerIds = [...new Set(pending.map((c) => c.customer_id))].sort();
      await tx.execute(
        sql`select 1 from customers where workspace_id = ${workspaceId} and id = any(${textArray(customerIds)}) order by id for key share`,
      );
      const locked = await lockSegments(tx, workspaceId, [...work.keys()].sort());
      for (const { id } of locked) {
        const r = await evaluateForCustomers(tx, workspaceId, id, work.get(id)!, now);
        round.evaluated += work.get(id)!.size;
        round.entered += r.entered;
        round.exited += r.exited;
      }
    }
    await tx.execute(
      sql`delete from customer_changes where workspace_id = ${workspaceId} and seq = any(${sql`array[${sql.join(
        pending.map((c) => sql`${c.seq}::bigint`),
        sql`, `,
      )}]`})`,
    );
    return round;
  });
}

/**
 * One segment for some customers: who of them matches now against who is a member, the difference applied
 * to the members, the size and the change log (each entry with the change that caused it). The caller holds
 * the segment's lock. Referenced segments are computed for the same customers only (a customer's membership
 * depends on that customer alone), so a segment that refers to a moved one follows at once. The customers'
 * next moments in the segment's when-next-flip schedule are written at the same `now`.
 */
export async function evaluateForCustomers(
  tx: Db,
  workspaceId: string,
  segmentId: string,
  causes: Map<string, Pick<PendingChange, "customer_id" | "cause" | "detail">>,
  now = new Date(),
) {
  const [seg] = await queryRows<{ definition: SegmentDefinition }>(
    tx,
    sql`select definition from segments where workspace_id = ${workspaceId} and id = ${segmentId}`,
  );
  const ctx = await loadRuleContext({ db: tx, workspaceId }, seg!.definition, now);
  // One bound parameter however many customers (the list is used in several places of the statement).
  const ids = sql`array(select jsonb_array_elements_text(${JSON.stringify([...causes.keys()])}::jsonb))`;
  const compiled = compileConditions([seg!.definition.root], ctx, segmentId, "per_customer", ids);
  const why = JSON.stringify([...causes.values()].map((c) => ({ customer_id: c.customer_id, cause: c.cause, detail: c.detail })));
  const [r] = await queryRows<{ entered: number; exited: number }>(
    tx,
    sql`with ${compiled.with ? sql`${compiled.with}, ` : sql``}matched as materialized (
          select ${customers.id} as id from customers
          where ${customers.workspaceId} = ${workspaceId} and ${customers.id} = any(${ids}) and ${compiled.where[0]!}
        ), current as materialized (
          select customer_id as id from segment_members where workspace_id = ${workspaceId} and segment_id = ${segmentId} and customer_id = any(${ids})
        ), why as (
          select * from jsonb_to_recordset(${why}::jsonb) as w(customer_id text, cause text, detail jsonb)
        ), removed as (
          delete from segment_members m
          where m.workspace_id = ${workspaceId} and m.segment_id = ${segmentId} and m.customer_id in (select id from current except select id from matched)
          returning m.customer_id
        ), added as (
          insert into segment_members (workspace_id, segment_id, customer_id)
          select ${workspaceId}, ${segmentId}, id from (select id from matched except select id from current) a order by id
          returning customer_id
        ), logged as (
          insert into segment_changes (workspace_id, segment_id, customer_id, change, cause, detail)
          select ${workspaceId}, ${segmentId}, x.customer_id, x.change, w.cause, w.detail
          from (select customer_id, 'exited' as change from removed union all select customer_id, 'entered' from added) x
          join why w on w.customer_id = x.customer_id
          order by x.customer_id
        ), sized as (
          update segments set member_count = member_count + (select count(*) from added) - (select count(*) from removed),
            member_ordinals = null
          where workspace_id = ${workspaceId} and id = ${segmentId} and exists (select 1 from added union all select 1 from removed)
        )
        select (select count(*) from added)::int as entered, (select count(*) from removed)::int as exited`,
  );
  await scheduleFlips(tx, workspaceId, segmentId, seg!.definition, ctx, [...causes.keys()]);
  return r!;
}
