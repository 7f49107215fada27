import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { notifications, queryRows } from "@facet/db";
import { timeIdCursor } from "../cursor";
import { forbidden, notFound } from "../errors";
import { actingUserId, type WorkspaceScope } from "../scope";

/** Notifications are a member's own: an API key has none. */
function recipient(scope: WorkspaceScope): string {
  const userId = actingUserId(scope.actor);
  if (!userId) throw forbidden("Notifications belong to members; an API key has none.");
  return userId;
}

const mine = (scope: WorkspaceScope) => and(eq(notifications.workspaceId, scope.workspaceId), eq(notifications.userId, recipient(scope)));

/** The caller's notifications in this workspace, newest first, a page at a time. */
export async function listNotifications(scope: WorkspaceScope, page: { cursor?: string | null; limit: number; unreadOnly?: boolean }) {
  const after = page.cursor ? timeIdCursor.decode(page.cursor) : null;
  const rows = await scope.db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      segmentId: notifications.segmentId,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      resolvedAt: notifications.resolvedAt,
    })
    .from(notifications)
    .where(
      and(
        mine(scope),
        page.unreadOnly ? isNull(notifications.readAt) : undefined,
        after
          ? or(lt(notifications.createdAt, after.at), and(eq(notifications.createdAt, after.at), lt(notifications.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? timeIdCursor.encode(last.createdAt, last.id) : null };
}

/** Counted up to this; the bell shows "99+" past it. */
export const unreadCountCap = 100;

/** How many of the caller's notifications are unread (at most `unreadCountCap`). */
export async function unreadCount(scope: WorkspaceScope): Promise<{ count: number; capped: boolean }> {
  const [row] = await queryRows<{ n: number }>(
    scope.db,
    sql`select count(*)::int as n from (select 1 from notifications
          where workspace_id = ${scope.workspaceId} and user_id = ${recipient(scope)} and read_at is null
          limit ${unreadCountCap}) x`,
  );
  const n = Number(row?.n ?? 0);
  return { count: n, capped: n >= unreadCountCap };
}

/** Marks one of the caller's notifications read; someone else's, or another workspace's, is not found. */
export async function markRead(scope: WorkspaceScope, notificationId: string) {
  const [row] = await scope.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(mine(scope), eq(notifications.id, notificationId)))
    .returning({ id: notifications.id, readAt: notifications.readAt });
  if (!row) throw notFound("notification");
  return row;
}

/** Marks every notification of the caller in this workspace read. */
export async function markAllRead(scope: WorkspaceScope) {
  const rows = await scope.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(mine(scope), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}
