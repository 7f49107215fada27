import { sql, type SQL } from "drizzle-orm";
import { queryRows, textArray, type Db } from "@facet/db";

/**
 * A segment keeps its members twice: as rows in segment_members (for pages, profiles and exports)
 * and as one sorted list of their customers' ordinals (segments.member_ordinals, 4 bytes each,
 * big-endian), so that overlaps merge a few lists in memory instead of grouping millions of rows.
 */

/** SQL aggregate packing an ordinal column into that list (empty, not null, when there are none). */
export const packedOrdinals = (ordinal: SQL) => sql`coalesce(string_agg(int4send(${ordinal}), ''::bytea order by ${ordinal}), ''::bytea)`;

export function unpackOrdinals(bytes: Uint8Array): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(bytes.byteLength >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4);
  return out;
}

/**
 * How many customers are in exactly each combination of up to 8 sorted lists: entry `mask` counts
 * those in list i for every bit i set in mask and in no other list. One merge over all the lists.
 */
export function countByCombination(lists: Uint32Array[]): Float64Array {
  const k = lists.length;
  if (k > 8) throw new Error("at most 8 lists");
  const counts = new Float64Array(1 << k);
  const pos = new Array<number>(k).fill(0);
  for (;;) {
    let min = Infinity;
    for (let i = 0; i < k; i++) if (pos[i]! < lists[i]!.length && lists[i]![pos[i]!]! < min) min = lists[i]![pos[i]!]!;
    if (min === Infinity) return counts;
    let mask = 0;
    for (let i = 0; i < k; i++) {
      if (pos[i]! < lists[i]!.length && lists[i]![pos[i]!] === min) {
        mask |= 1 << i;
        pos[i]!++;
      }
    }
    counts[mask]!++;
  }
}

/**
 * Marks the lists of the segments these customers are in as stale, before the customers are
 * deleted (their memberships go with them).
 */
export async function staleMemberOrdinals(db: Db, workspaceId: string, customerIds: string[]) {
  if (!customerIds.length) return;
  await db.execute(sql`update segments set member_ordinals = null
    where workspace_id = ${workspaceId} and member_ordinals is not null and id in (
      select segment_id from segment_members where workspace_id = ${workspaceId} and customer_id = any(${textArray(customerIds)}))`);
}

/** A segment's member list computed from segment_members (`s` being the segment's row). */
const packedFromMembers = sql`(select ${packedOrdinals(sql`c.ordinal`)} from segment_members m
  join customers c on c.workspace_id = m.workspace_id and c.id = m.customer_id
  where m.workspace_id = s.workspace_id and m.segment_id = s.id)`;

/**
 * The member lists of these segments (of this workspace). Stale ones are locked, then rebuilt from
 * segment_members and stored: a deletion that marked one stale has committed by then, and one that
 * marks it after waits for the rebuild. A list marked stale after the rebuild is computed, not read.
 */
export async function memberOrdinals(db: Db, workspaceId: string, segmentIds: string[]): Promise<Map<string, Uint32Array>> {
  const ids = textArray(segmentIds);
  return db.transaction(async (tx) => {
    const stale = await queryRows<{ id: string }>(
      tx,
      sql`select id from segments where workspace_id = ${workspaceId} and id = any(${ids}) and member_ordinals is null for update`,
    );
    if (stale.length) {
      await tx.execute(sql`update segments s set member_ordinals = ${packedFromMembers}
        where s.workspace_id = ${workspaceId} and s.id = any(${textArray(stale.map((r) => r.id))})`);
    }
    const rows = await queryRows<{ id: string; ordinals: Uint8Array }>(
      tx,
      sql`select s.id, coalesce(s.member_ordinals, ${packedFromMembers}) as ordinals
          from segments s where s.workspace_id = ${workspaceId} and s.id = any(${ids})`,
    );
    return new Map(rows.map((r) => [r.id, unpackOrdinals(r.ordinals)]));
  });
}
