import { and, asc, eq, gt, sql } from "drizzle-orm";
import { customers, segmentChanges, segments } from "@facet/db";
import { notFound } from "../errors";
import { changeCursor } from "../cursor";
import type { WorkspaceScope } from "../scope";

export interface SegmentChange {
  customerId: string;
  /** The customer's email and name, while they exist (null once erased). */
  email: string | null;
  name: string | null;
  change: "entered" | "exited";
  at: Date;
  cause: string;
  detail: Record<string, unknown>;
}

/**
 * A segment's change log in the order it happened, after `since` (from the start without one). The cursor
 * comes back even when the page is empty, so a client follows a segment by calling again with it; changes
 * commit in log order (their writers hold the segment's lock), so nothing is skipped or repeated.
 */
export async function segmentChangesPage(
  scope: Pick<WorkspaceScope, "db" | "workspaceId">,
  segmentId: string,
  page: { since?: string | null; limit: number },
): Promise<{ items: SegmentChange[]; nextCursor: string }> {
  const after = page.since ? changeCursor.decode(page.since) : 0;
  const [own] = await scope.db
    .select({ id: segments.id })
    .from(segments)
    .where(and(eq(segments.workspaceId, scope.workspaceId), eq(segments.id, segmentId)));
  if (!own) throw notFound("segment");
  const rows = await scope.db
    .select({
      seq: segmentChanges.seq,
      customerId: segmentChanges.customerId,
      email: customers.email,
      name: customers.name,
      change: sql<"entered" | "exited">`${segmentChanges.change}`,
      at: segmentChanges.at,
      cause: segmentChanges.cause,
      detail: segmentChanges.detail,
    })
    .from(segmentChanges)
    .leftJoin(customers, and(eq(customers.workspaceId, segmentChanges.workspaceId), eq(customers.id, segmentChanges.customerId)))
    .where(and(eq(segmentChanges.workspaceId, scope.workspaceId), eq(segmentChanges.segmentId, segmentId), gt(segmentChanges.seq, after)))
    .orderBy(asc(segmentChanges.seq))
    .limit(page.limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map(({ seq: _seq, ...item }) => item),
    nextCursor: changeCursor.encode(last ? last.seq : after),
  };
}
