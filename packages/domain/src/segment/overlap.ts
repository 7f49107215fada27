import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, segments } from "@facet/db";
import { notFound } from "../errors";
import type { WorkspaceScope } from "../scope";
import { countByCombination, memberOrdinals } from "./ordinals";

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
  // Each customer's set of these segments, as a bit mask, counted by mask: one merge of the sorted member lists.
  const lists = await memberOrdinals(scope.db, scope.workspaceId, unique);
  const byMask = countByCombination(unique.map((id) => lists.get(id)!));
  const masks = [...byMask.entries()].filter(([mask, n]) => mask && n).map(([mask, n]) => ({ mask, n }));
  const bit = (i: number) => 1 << i;
  const ordered = unique.map((id) => rows.find((r) => r.id === id)!);
  const count = (i: number, j: number) => masks.reduce((n, m) => ((m.mask & bit(i)) && (m.mask & bit(j)) ? n + m.n : n), 0);
  const [{ total } = { total: 0 }] = await queryRows<{ total: number }>(scope.db, sql`select count(*)::int as total from customers where workspace_id = ${scope.workspaceId}`);
  // Sizes from the lists, not the refresh: a deletion since then has already left them.
  const segmentsOut = ordered.map((s, i) => ({ ...s, size: lists.get(s.id)!.length, exclusive: masks.find((m) => m.mask === bit(i))?.n ?? 0 }));
  const inAny = masks.reduce((n, m) => n + m.n, 0);
  const inOne = segmentsOut.reduce((n, s) => n + s.exclusive, 0);
  return {
    segments: segmentsOut,
    matrix: ordered.map((_, i) => ordered.map((__, j) => count(i, j))),
    // For a set of personas meant not to overlap: who lands in none, exactly one, or several.
    coverage: { total, none: total - inAny, one: inOne, several: inAny - inOne },
  };
}
