import { eq, sql } from "drizzle-orm";
import { queryRows, segments } from "@facet/db";
import { notFound } from "../errors";
import { affectedSegments, dependency } from "../rules";
import type { WorkspaceScope } from "../scope";
import { freshnessOf, type Freshness } from "./freshness-of";

/** Freshness of some of the workspace's segments (any id not of this workspace is NOT_FOUND), by id. */
export async function segmentsFreshness(
  scope: Pick<WorkspaceScope, "db" | "workspaceId">,
  segmentIds: readonly string[],
  now = new Date(),
): Promise<Record<string, Freshness>> {
  const ids = [...new Set(segmentIds)];
  // Every segment of the workspace: a time dependency can come through a referenced segment, archived or not.
  const all = await scope.db
    .select({ id: segments.id, dependsOn: segments.dependsOn, archivedAt: segments.archivedAt, refreshedAt: segments.refreshedAt })
    .from(segments)
    .where(eq(segments.workspaceId, scope.workspaceId));
  const byId = new Map(all.map((s) => [s.id, s]));
  if (ids.some((id) => !byId.has(id))) throw notFound("segment");
  const movesWithTime = affectedSegments(all, [dependency.time]);
  // The oldest waiting change of the workspace: its primary key (workspace_id, seq) finds it at once.
  const [oldest] = await queryRows<{ created_at: Date | string }>(
    scope.db,
    sql`select created_at from customer_changes where workspace_id = ${scope.workspaceId} order by seq limit 1`,
  );
  const oldestPendingAt = oldest ? new Date(oldest.created_at) : null;
  // For segments time moves, a moment of the when-next-flip schedule that came due and is still there is
  // waiting too (its index (workspace_id, flip_at) finds the oldest at once).
  const [due] = await queryRows<{ flip_at: Date | string }>(
    scope.db,
    sql`select flip_at from segment_flips where workspace_id = ${scope.workspaceId} and flip_at <= ${now.toISOString()}::timestamptz
        order by flip_at limit 1`,
  );
  const oldestDueAt = due ? new Date(due.flip_at) : null;
  const earliest = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));
  return Object.fromEntries(
    ids.map((id) => {
      const s = byId.get(id)!;
      return [
        id,
        freshnessOf(
          { archived: s.archivedAt !== null, refreshedAt: s.refreshedAt, movesWithTime: movesWithTime.has(id) },
          movesWithTime.has(id) ? earliest(oldestPendingAt, oldestDueAt) : oldestPendingAt,
          now,
        ),
      ];
    }),
  );
}
