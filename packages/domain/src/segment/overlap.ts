import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, segments, textArray } from "@facet/db";
import { notFound } from "../errors";
import type { WorkspaceScope } from "../scope";

/**
 * How 2-8 segments overlap (as of their last refreshes): members shared by each pair, and members
 * each has that none of the others has.
 */
export async function segmentOverlap(scope: WorkspaceScope, ids: string[]) {
  const unique = [...new Set(ids)];
  const rows = await scope.db
    .select({ id: segments.id, name: segments.name, size: segments.memberCount })
    .from(segments)
    .where(and(eq(segments.workspaceId, scope.workspaceId), inArray(segments.id, unique)));
  if (rows.length !== unique.length) throw notFound("segment");
  const list = textArray(unique);
  // One pass over the memberships: each customer's set of these segments as a bit mask, counted by mask.
  const masks = await queryRows<{ mask: number; n: number }>(
    scope.db,
    sql`select mask, count(*)::int as n from (
          select customer_id, bit_or(1 << (array_position(${list}, segment_id) - 1)) as mask
          from segment_members where workspace_id = ${scope.workspaceId} and segment_id = any(${list})
          group by customer_id) m
        group by mask`,
  );
  const bit = (i: number) => 1 << i;
  const ordered = unique.map((id) => rows.find((r) => r.id === id)!);
  const count = (i: number, j: number) => masks.reduce((n, m) => ((m.mask & bit(i)) && (m.mask & bit(j)) ? n + m.n : n), 0);
  const [{ total } = { total: 0 }] = await queryRows<{ total: number }>(scope.db, sql`select count(*)::int as total from customers where workspace_id = ${scope.workspaceId}`);
  const segmentsOut = ordered.map((s, i) => ({ ...s, exclusive: masks.find((m) => m.mask === bit(i))?.n ?? 0 }));
  const inAny = masks.reduce((n, m) => n + m.n, 0);
  const inOne = segmentsOut.reduce((n, s) => n + s.exclusive, 0);
  return {
    segments: segmentsOut,
    matrix: ordered.map((_, i) => ordered.map((__, j) => count(i, j))),
    // For a set of personas meant not to overlap: who lands in none, exactly one, or several.
    coverage: { total, none: total - inAny, one: inOne, several: inAny - inOne },
  };
}
