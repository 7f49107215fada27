import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, segments } from "@facet/db";
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
  const list = sql`array[${sql.join(unique.map((id) => sql`${id}`), sql`, `)}]::text[]`;
  const pairs = await queryRows<{ a: string; b: string; n: number }>(
    scope.db,
    sql`select a.segment_id as a, b.segment_id as b, count(*)::int as n
        from segment_members a join segment_members b on b.workspace_id = a.workspace_id and b.customer_id = a.customer_id
        where a.workspace_id = ${scope.workspaceId} and a.segment_id = any(${list}) and b.segment_id = any(${list})
        group by 1, 2`,
  );
  const exclusive = await queryRows<{ id: string; n: number }>(
    scope.db,
    sql`select m.segment_id as id, count(*)::int as n from segment_members m
        where m.workspace_id = ${scope.workspaceId} and m.segment_id = any(${list})
          and not exists (select 1 from segment_members o where o.workspace_id = m.workspace_id and o.customer_id = m.customer_id
                          and o.segment_id = any(${list}) and o.segment_id <> m.segment_id)
        group by 1`,
  );
  const ordered = unique.map((id) => rows.find((r) => r.id === id)!);
  const count = (a: string, b: string) => pairs.find((p) => p.a === a && p.b === b)?.n ?? 0;
  return {
    segments: ordered.map((s) => ({ ...s, exclusive: exclusive.find((e) => e.id === s.id)?.n ?? 0 })),
    matrix: ordered.map((a) => ordered.map((b) => count(a.id, b.id))),
  };
}
