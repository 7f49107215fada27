import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, segments } from "@facet/db";
import { notFound } from "../errors";
import type { WorkspaceScope } from "../scope";
import { countByCombination, memberOrdinals } from "./ordinals";

/**
 * How 2-8 segments overlap (as of their last refreshes, less customers erased since): members shared
 * by each pair, and members each has that none of the others has.
 */
export async function segmentOverlap(scope: WorkspaceScope, ids: string[]) {
  const unique = [...new Set(ids)];
  const rows = await scope.db
    .select({ id: segments.id, name: segments.name })
    .from(segments)
    .where(and(eq(segments.workspaceId, scope.workspaceId), inArray(segments.id, unique)));
  if (rows.length !== unique.length) throw notFound("segment");
  const ordered = unique.map((id) => rows.find((r) => r.id === id)!);
  const lists = await memberOrdinals(scope.db, scope.workspaceId, unique);
  // How many customers are in exactly each combination (bit i: the i-th segment), from one merge of the lists.
  const byMask = countByCombination(unique.map((id) => lists.get(id)!));
  const bit = (i: number) => 1 << i;
  const customersIn = (test: (mask: number) => boolean) => byMask.reduce((n, c, mask) => (mask && test(mask) ? n + c : n), 0);
  const [{ total } = { total: 0 }] = await queryRows<{ total: number }>(
    scope.db,
    sql`select count(*)::int as total from customers where workspace_id = ${scope.workspaceId}`,
  );
  // Sizes from the lists, not the refresh: a customer erased since then has already left them.
  const segmentsOut = ordered.map((s, i) => ({ ...s, size: lists.get(s.id)!.length, exclusive: byMask[bit(i)]! }));
  const inAny = customersIn(() => true);
  const inOne = segmentsOut.reduce((n, s) => n + s.exclusive, 0);
  return {
    segments: segmentsOut,
    matrix: ordered.map((_, i) => ordered.map((__, j) => customersIn((m) => (m & bit(i)) !== 0 && (m & bit(j)) !== 0))),
    // For a set of personas meant not to overlap: who lands in none, exactly one, or several.
    coverage: { total, none: total - inAny, one: inOne, several: inAny - inOne },
  };
}
