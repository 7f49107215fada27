import { sql } from "drizzle-orm";
import { queryRows, textArray, type Db } from "@facet/db";
import { withCustomPlans } from "../segment/membership";
import { lockSegments } from "./departures";
import { evaluateSegments, roundContext, type Cause } from "./evaluate";

/** Due moments taken in one transaction. */
export const flipBatchSize = 1000;

export interface FlipRound {
  /** (segment, customer) moments that came due and were re-evaluated. */
  evaluated: number;
  entered: number;
  exited: number;
}

/** Workspaces with a moment due at `now` (one probe of the due index per workspace). */
export async function dueFlipWorkspaces(db: Db, now = new Date(), limit = 1000) {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select w.id from workspaces w
        where exists (select 1 from segment_flips f where f.workspace_id = w.id and f.flip_at <= ${now.toISOString()}::timestamptz)
        order by w.id limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

/**
 * Time passing: takes up to `limit` of the workspace's moments due at `now` (oldest first; rows another
 * process holds are skipped), re-evaluates those customers in those segments at `now` with the live
 * evaluator (cause `time`, the condition in the detail), which also writes their next moments: all in one
 * transaction. Customers, then segments, then the schedule's rows are locked, the order every writer of a
 * segment's members and schedule takes.
 */
export async function processDueFlips(db: Db, workspaceId: string, now = new Date(), limit = flipBatchSize): Promise<FlipRound> {
  const at = now.toISOString();
  return withCustomPlans(db, async (tx) => {
    const round: FlipRound = { evaluated: 0, entered: 0, exited: 0 };
    // What looks due (no lock yet): whose and which segments to lock.
    const seen = await queryRows<{ segment_id: string; customer_id: string }>(
      tx,
      sql`select segment_id, customer_id from segment_flips where workspace_id = ${workspaceId} and flip_at <= ${at}::timestamptz
          order by flip_at limit ${limit}`,
    );
    if (seen.length === 0) return round;
    const customerIds = [...new Set(seen.map((r) => r.customer_id))].sort();
    await tx.execute(
      sql`select 1 from customers where workspace_id = ${workspaceId} and id = any(${textArray(customerIds)}) order by id for key share`,
    );
    const live = await queryRows<{ id: string }>(
      tx,
      sql`select id from segments where workspace_id = ${workspaceId} and archived_at is null
          and id = any(${textArray([...new Set(seen.map((r) => r.segment_id))])})`,
    );
    const archived = [...new Set(seen.map((r) => r.segment_id))].filter((id) => !live.some((s) => s.id === id));
    // An archived segment is not followed (archiving clears its schedule; this catches a moment written meanwhile).
    if (archived.length > 0)
      await tx.execute(sql`delete from segment_flips where workspace_id = ${workspaceId} and segment_id = any(${textArray(archived)})`);
    const locked = await lockSegments(
      tx,
      workspaceId,
      live.map((s) => s.id),
    );
    if (locked.length === 0) return round;
    // Under the locks: those moments still due (another process may have taken some meanwhile), each found
    // by its key (one parameter for the lot).
    const held = new Set(locked.map((s) => s.id));
    const keys = JSON.stringify(seen.filter((r) => held.has(r.segment_id)));
    const due = await queryRows<{ segment_id: string; customer_id: string; condition: string; flip_at: string }>(
      tx,
      sql`select f.segment_id, f.customer_id, f.condition, to_json(f.flip_at) #>> '{}' as flip_at
          from jsonb_to_recordset(${keys}::jsonb) as k(segment_id text, customer_id text)
          join segment_flips f on f.workspace_id = ${workspaceId} and f.segment_id = k.segment_id and f.customer_id = k.customer_id
          where f.flip_at <= ${at}::timestamptz
          order by f.segment_id, f.customer_id for update of f skip locked`,
    );
    const bySegment = new Map<string, Map<string, Cause>>();
    for (const d of due) {
      let causes = bySegment.get(d.segment_id);
      if (!causes) bySegment.set(d.segment_id, (causes = new Map()));
      causes.set(d.customer_id, { cause: "time", detail: { condition: d.condition, due: d.flip_at } });
    }
    // Re-evaluates and writes each customer's next moment (or none) in place of the due one.
    const { ctx } = await roundContext(tx, workspaceId, now);
    const r = await evaluateSegments(tx, ctx, bySegment);
    return { evaluated: r.evaluated, entered: r.entered, exited: r.exited };
  });
}
