import { and, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { segmentRefreshes, segments } from "@facet/db";
import { eventCursor } from "../cursor";
import { notFound } from "../errors";
import { requireRole, type WorkspaceScope } from "../scope";
import { segmentIssues } from "./issues";

/** The health of a page of segments (the segments list): only those with issues are returned. */
export async function healthOfSegments(scope: WorkspaceScope, segmentIds: string[]) {
  const ids = [...new Set(segmentIds)];
  if (ids.length) {
    const own = await scope.db
      .select({ id: segments.id })
      .from(segments)
      .where(and(eq(segments.workspaceId, scope.workspaceId), inArray(segments.id, ids)));
    if (own.length !== ids.length) throw notFound("segment");
  }
  const issues = await segmentIssues(scope.db, scope.workspaceId, ids);
  return [...issues].map(([segmentId, list]) => ({ segmentId, issues: list }));
}

const reconciliationColumns = {
  id: segmentRefreshes.id,
  segmentId: segmentRefreshes.segmentId,
  at: segmentRefreshes.at,
  reason: segmentRefreshes.reason,
  corrected: segmentRefreshes.corrected,
  entered: segmentRefreshes.entered,
  exited: segmentRefreshes.exited,
  durationMs: segmentRefreshes.durationMs,
};

const reconciliationReasons = ["schedule", "reconcile"] as const;

/** One segment's health (its page): its issues, and when it was last reconciled and what that corrected. */
export async function segmentHealth(scope: WorkspaceScope, segmentId: string) {
  const [own] = await scope.db
    .select({ id: segments.id })
    .from(segments)
    .where(and(eq(segments.workspaceId, scope.workspaceId), eq(segments.id, segmentId)));
  if (!own) throw notFound("segment");
  const [issues, [lastReconciliation]] = await Promise.all([
    segmentIssues(scope.db, scope.workspaceId, [segmentId]),
    scope.db
      .select(reconciliationColumns)
      .from(segmentRefreshes)
      .where(
        and(
          eq(segmentRefreshes.workspaceId, scope.workspaceId),
          eq(segmentRefreshes.segmentId, segmentId),
          inArray(segmentRefreshes.reason, [...reconciliationReasons]),
        ),
      )
      .orderBy(desc(segmentRefreshes.id))
      .limit(1),
  ]);
  return { issues: issues.get(segmentId) ?? [], lastReconciliation: lastReconciliation ?? null };
}

/**
 * Reconciliations that had to correct memberships, newest first, across the workspace or for one segment, with the
 * totals of the last 7 days. Admins and owners: a difference is a fault of Facet's live updates, not of the rules.
 */
export async function listReconciliations(scope: WorkspaceScope, input: { segmentId?: string; cursor?: string | null; limit: number }) {
  requireRole(scope, "admin");
  if (input.segmentId) {
    const [own] = await scope.db
      .select({ id: segments.id })
      .from(segments)
      .where(and(eq(segments.workspaceId, scope.workspaceId), eq(segments.id, input.segmentId)));
    if (!own) throw notFound("segment");
  }
  const after = input.cursor ? eventCursor.decode(input.cursor) : null;
  const base = and(
    eq(segmentRefreshes.workspaceId, scope.workspaceId),
    input.segmentId ? eq(segmentRefreshes.segmentId, input.segmentId) : undefined,
    gt(segmentRefreshes.corrected, 0),
  );
  const rows = await scope.db
    .select({ ...reconciliationColumns, segmentName: segments.name })
    .from(segmentRefreshes)
    .innerJoin(segments, and(eq(segments.workspaceId, segmentRefreshes.workspaceId), eq(segments.id, segmentRefreshes.segmentId)))
    .where(
      and(
        base,
        after
          ? or(lt(segmentRefreshes.at, after.at), and(eq(segmentRefreshes.at, after.at), lt(segmentRefreshes.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(segmentRefreshes.at), desc(segmentRefreshes.id))
    .limit(input.limit + 1);
  const [week] = await scope.db
    .select({
      reconciliations: sql<number>`count(*)::int`,
      corrected: sql<number>`coalesce(sum(${segmentRefreshes.corrected}), 0)::int`,
      segments: sql<number>`count(distinct ${segmentRefreshes.segmentId})::int`,
    })
    .from(segmentRefreshes)
    .where(and(base, gt(segmentRefreshes.at, sql`now() - interval '7 days'`)));
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    items,
    lastWeek: week ?? { reconciliations: 0, corrected: 0, segments: 0 },
    nextCursor: rows.length > input.limit && last ? eventCursor.encode(last.at, last.id) : null,
  };
}
