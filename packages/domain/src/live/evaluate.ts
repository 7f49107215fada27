import { sql } from "drizzle-orm";
import { customers, queryRows, textArray, type Db } from "@facet/db";
import type { SegmentDefinition } from "@facet/validators";
import { listAttributes } from "../attribute";
import { isDomainError } from "../errors";
import { affectedSegments, compileSegmentsForCustomers, ruleContext, type RuleContext } from "../rules";
import { recordRefreshFailure, withCustomPlans } from "../segment/membership";
import { checkAfterLiveChanges } from "../check/live";
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
export async function processPendingChanges(
  db: Db,
  workspaceId: string,
  limit = liveBatchSize,
  /** `checks`: how the segment checks of moved segments are measured; `now`: the clock the rules read. */
  opts: { checks?: Parameters<typeof checkAfterLiveChanges>[3]; now?: Date } = {},
): Promise<LiveRound> {
  const { moved, ...round } = await evaluatePending(db, workspaceId, limit, opts.now ?? new Date());
  // Once committed: the segment checks concerning the segments that moved (only those that have checks).
  if (moved.length) await checkAfterLiveChanges(db, workspaceId, moved, opts.checks);
  return round;
}

/**
 * What a round evaluates with, read once: every segment of the workspace (the dependency index, and the
 * definitions references are compiled from) and its attributes, at `now`.
 */
export async function roundContext(tx: Db, workspaceId: string, now: Date) {
  const all = await queryRows<{ id: string; dependsOn: string[]; definition: SegmentDefinition; archived: boolean }>(
    tx,
    sql`select id, depends_on as "dependsOn", definition, archived_at is not null as archived from segments where workspace_id = ${workspaceId}`,
  );
  const ctx = ruleContext(
    workspaceId,
    await listAttributes({ db: tx, workspaceId }, { includeArchived: true }),
    now,
    new Map(all.map((s) => [s.id, s.definition])),
  );
  return { ctx, index: all.filter((s) => !s.archived) };
}

/** One round in one transaction; also says which segments' members moved. */
async function evaluatePending(db: Db, workspaceId: string, limit: number, now: Date): Promise<LiveRound & { moved: string[] }> {
  return withCustomPlans(db, async (tx) => {
    const pending = await queryRows<PendingChange>(
      tx,
      sql`select seq, customer_id, cause, touches, detail from customer_changes where workspace_id = ${workspaceId}
          order by seq limit ${limit} for update skip locked`,
    );
    const round = { changes: pending.length, evaluated: 0, entered: 0, exited: 0, moved: [] as string[] };
    if (pending.length === 0) return round;

    const { ctx, index } = await roundContext(tx, workspaceId, now);
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
      const moved = await evaluateSegments(tx, ctx, work);
      Object.assign(round, moved);
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

/** Why a customer is re-evaluated in a segment: what the change log says if they move. */
export type Cause = Pick<PendingChange, "cause" | "detail">;

/**
 * Some customers in some segments (per segment, each customer with the cause to log), all segments in one
 * statement: who of them matches now against who is a member, the differences applied to the members, the
 * sizes and the change log. Takes the segments' locks (id order; the caller holds the customers'). Referenced
 * segments are computed for the round's customers only (a customer's membership depends on that customer
 * alone), so a segment that refers to a moved one follows in the same statement. A segment whose definition
 * no longer compiles (a rule on a deleted attribute) must not hold up the others: it says why (its health)
 * and is left as it is.
 */
export async function evaluateSegments(tx: Db, ctx: RuleContext, work: ReadonlyMap<string, ReadonlyMap<string, Cause>>) {
  const { workspaceId } = ctx;
  const totals = { evaluated: 0, entered: 0, exited: 0, moved: [] as string[] };
  const locked = await lockSegments(tx, workspaceId, [...work.keys()].sort());
  const everyone = textArray([...new Set([...work.values()].flatMap((m) => [...m.keys()]))]);
  const compiled = compileSegmentsForCustomers(
    locked.flatMap(({ id }) => (ctx.segments.has(id) ? [{ id, root: ctx.segments.get(id)!.root }] : [])),
    ctx,
    everyone,
  );
  for (const [id, err] of compiled.failed) {
    if (!isDomainError(err)) throw err;
    await recordRefreshFailure(tx, workspaceId, id, `Live evaluation stopped: ${err.message}`);
  }
  if (compiled.where.size === 0) return totals;
  const pairs: { segment_id: string; customer_id: string; cause: string; detail: Record<string, unknown> }[] = [];
  for (const id of compiled.where.keys())
    for (const [customerId, c] of work.get(id)!) pairs.push({ segment_id: id, customer_id: customerId, cause: c.cause, detail: c.detail });
  totals.evaluated = pairs.length;
  const matched = sql.join(
    [...compiled.where].map(
      ([id, where]) =>
        sql`select ${id}::text as segment_id, ${customers.id} as customer_id from customers
            where ${customers.workspaceId} = ${workspaceId} and ${customers.id} = any(${textArray([...work.get(id)!.keys()])}) and ${where}`,
    ),
    sql` union all `,
  );
  const rows = await queryRows<{ segment_id: string; entered: number; exited: number }>(
    tx,
    sql`with ${compiled.with ? sql`${compiled.with}, ` : sql``}pairs as materialized (
          select * from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p(segment_id text, customer_id text, cause text, detail jsonb)
        ), matched as materialized (${matched}
        ), current as materialized (
          select m.segment_id, m.customer_id from pairs p
          join segment_members m on m.workspace_id = ${workspaceId} and m.segment_id = p.segment_id and m.customer_id = p.customer_id
        ), gone as materialized (
          select segment_id, customer_id from current except select segment_id, customer_id from matched
        ), arriving as materialized (
          select segment_id, customer_id from matched except select segment_id, customer_id from current
        ), removed as (
          delete from segment_members m using gone g
          where m.workspace_id = ${workspaceId} and m.segment_id = g.segment_id and m.customer_id = g.customer_id
          returning m.segment_id, m.customer_id
        ), added as (
          insert into segment_members (workspace_id, segment_id, customer_id)
          select ${workspaceId}, segment_id, customer_id from arriving order by segment_id, customer_id
          returning segment_id, customer_id
        ), moves as (
          select segment_id, customer_id, 'exited' as change from removed union all select segment_id, customer_id, 'entered' from added
        ), logged as (
          insert into segment_changes (workspace_id, segment_id, customer_id, change, cause, detail)
          select ${workspaceId}, x.segment_id, x.customer_id, x.change, p.cause, p.detail
          from moves x join pairs p on p.segment_id = x.segment_id and p.customer_id = x.customer_id
          order by x.segment_id, x.customer_id
        ), sizes as (
          select segment_id, count(*) filter (where change = 'entered')::int as entered, count(*) filter (where change = 'exited')::int as exited
          from moves group by segment_id
        ), sized as (
          update segments s set member_count = s.member_count + z.entered - z.exited, member_ordinals = null
          from sizes z where s.workspace_id = ${workspaceId} and s.id = z.segment_id
        )
        select segment_id, entered, exited from sizes`,
  );
  for (const r of rows) {
    totals.entered += r.entered;
    totals.exited += r.exited;
    if (r.entered || r.exited) totals.moved.push(r.segment_id);
  }
  // The customers' next moments in the when-next-flip schedule of segments that read the clock, at the same `now`.
  for (const id of compiled.where.keys()) await scheduleFlips(tx, workspaceId, id, ctx.segments.get(id)!, ctx, [...work.get(id)!.keys()]);
  return totals;
}
