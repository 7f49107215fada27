import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { customers, segmentChanges, segments } from "@facet/db";
import { changeCursor } from "../cursor";
import { notFound } from "../errors";
import type { WorkspaceScope } from "../scope";
import type { SegmentChange } from "./feed";

type Scope = Pick<WorkspaceScope, "db" | "workspaceId">;

export interface ActivityEntry extends SegmentChange {
  /** The entry's place in the log: a stable key for lists. */
  id: number;
  externalId: string | null;
  /** False once the customer is erased or merged away (the entry keeps their id only). */
  exists: boolean;
}

/**
 * A segment's change log newest first, as the segment page shows it: the latest page, an older page
 * (`before`), or what came after `after` (the page polls with it). When more came after `after` than a page
 * holds, `gap` says so: the page then shows the newest ones and the rest stays reachable by paging older.
 * `newest` is a cursor at the newest entry seen (the same form `segment.changes` takes as `since`).
 */
export async function segmentActivity(
  scope: Scope,
  segmentId: string,
  page: { before?: string | null; after?: string | null; limit: number },
): Promise<{ items: ActivityEntry[]; older: string | null; newest: string; gap: boolean }> {
  const before = page.before ? changeCursor.decode(page.before) : null;
  const after = page.after ? changeCursor.decode(page.after) : null;
  const [own] = await scope.db
    .select({ id: segments.id })
    .from(segments)
    .where(and(eq(segments.workspaceId, scope.workspaceId), eq(segments.id, segmentId)));
  if (!own) throw notFound("segment");
  const rows = await scope.db
    .select({
      id: segmentChanges.seq,
      customerId: segmentChanges.customerId,
      email: customers.email,
      name: customers.name,
      externalId: customers.externalId,
      exists: sql<boolean>`${customers.id} is not null`,
      change: sql<"entered" | "exited">`${segmentChanges.change}`,
      at: segmentChanges.at,
      cause: segmentChanges.cause,
      detail: segmentChanges.detail,
    })
    .from(segmentChanges)
    .leftJoin(customers, and(eq(customers.workspaceId, segmentChanges.workspaceId), eq(customers.id, segmentChanges.customerId)))
    .where(
      and(
        eq(segmentChanges.workspaceId, scope.workspaceId),
        eq(segmentChanges.segmentId, segmentId),
        before !== null ? lt(segmentChanges.seq, before) : undefined,
        after !== null ? gt(segmentChanges.seq, after) : undefined,
      ),
    )
    .orderBy(desc(segmentChanges.seq))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const more = rows.length > page.limit;
  const last = items[items.length - 1];
  return {
    items,
    older: more ? changeCursor.encode(last!.id) : null,
    newest: changeCursor.encode(items[0]?.id ?? after ?? 0),
    gap: after !== null && more,
  };
}

export interface SegmentHistoryEntry {
  id: number;
  segmentId: string;
  segmentName: string;
  change: "entered" | "exited";
  at: Date;
  cause: string;
  detail: Record<string, unknown>;
}

/** A customer's segment history, newest first, paged (`cursor` from the previous page's `nextCursor`). */
export async function customerSegmentHistory(
  scope: Scope,
  customerId: string,
  page: { cursor?: string | null; limit: number },
): Promise<{ items: SegmentHistoryEntry[]; nextCursor: string | null }> {
  const before = page.cursor ? changeCursor.decode(page.cursor) : null;
  const [own] = await scope.db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.workspaceId, scope.workspaceId), eq(customers.id, customerId)));
  if (!own) throw notFound("customer");
  // Newest first along (workspace_id, customer_id, seq): the customer's index, read backwards.
  const rows = await scope.db
    .select({
      id: segmentChanges.seq,
      segmentId: segmentChanges.segmentId,
      segmentName: segments.name,
      change: sql<"entered" | "exited">`${segmentChanges.change}`,
      at: segmentChanges.at,
      cause: segmentChanges.cause,
      detail: segmentChanges.detail,
    })
    .from(segmentChanges)
    .innerJoin(segments, and(eq(segments.workspaceId, segmentChanges.workspaceId), eq(segments.id, segmentChanges.segmentId)))
    .where(
      and(
        eq(segmentChanges.workspaceId, scope.workspaceId),
        eq(segmentChanges.customerId, customerId),
        before !== null ? lt(segmentChanges.seq, before) : undefined,
      ),
    )
    .orderBy(desc(segmentChanges.seq))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? changeCursor.encode(items[items.length - 1]!.id) : null };
}
