import { sql } from "drizzle-orm";
import { queryRows, textArray, type Db } from "@facet/db";

/**
 * Locks these segments' rows, in id order (so two writers never wait on each other in a circle). Every
 * writer of a segment's change log holds its lock until commit, so a segment's changes commit in seq order.
 */
export async function lockSegments(tx: Db, workspaceId: string, segmentIds: readonly string[]) {
  if (segmentIds.length === 0) return [];
  return queryRows<{ id: string }>(
    tx,
    sql`select id from segments where workspace_id = ${workspaceId} and id = any(${textArray([...segmentIds])}) order by id for update`,
  );
}

/**
 * Records that these customers leave every segment they are in (they are about to be erased or merged
 * away; their memberships go with their rows): one `exited` per membership in the change log, the sizes
 * lowered and the member lists marked stale. Call it before deleting the customers, in the same transaction.
 */
export async function recordDepartures(
  tx: Db,
  workspaceId: string,
  customerIds: readonly string[],
  cause: "erase" | "merge",
  detail: Record<string, unknown> = {},
) {
  if (customerIds.length === 0) return;
  const ids = textArray([...customerIds]);
  // Other writers of these customers' memberships (the live evaluator) lock the customers first, then segments.
  await tx.execute(sql`select 1 from customers where workspace_id = ${workspaceId} and id = any(${ids}) order by id for update`);
  const held = await queryRows<{ segment_id: string }>(
    tx,
    sql`select distinct segment_id from segment_members where workspace_id = ${workspaceId} and customer_id = any(${ids})`,
  );
  await lockSegments(
    tx,
    workspaceId,
    held.map((r) => r.segment_id),
  );
  await tx.execute(sql`
    with leaving as (
      select segment_id, customer_id from segment_members where workspace_id = ${workspaceId} and customer_id = any(${ids})
    ), logged as (
      insert into segment_changes (workspace_id, segment_id, customer_id, change, cause, detail)
      select ${workspaceId}, segment_id, customer_id, 'exited', ${cause}, ${JSON.stringify(detail)}::jsonb from leaving
      order by segment_id, customer_id
    )
    update segments s set member_count = greatest(s.member_count - l.n, 0), member_ordinals = null
    from (select segment_id, count(*)::int as n from leaving group by segment_id) l
    where s.workspace_id = ${workspaceId} and s.id = l.segment_id`);
}
