import { index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { workspaceId } from "./_columns";
import { users } from "./account";
import { workspaces } from "./workspace";

/**
 * What Facet tells one member of a workspace (a segment's refresh failed, a check failed), shown under the
 * bell and emailed when SMTP is configured. One ongoing problem is one notification: while a notification of
 * the same recipient, kind and subject (`dedup_key`, by default the segment) is unresolved, no second one is
 * made; the code that raised it resolves it when the problem is gone.
 */
export const notifications = pgTable(
  "notifications",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** refresh_failed | slow_refresh | reconcile_difference | broken_reference | … (checks add theirs). */
    kind: text().notNull(),
    /** No foreign key: segments are archived, not deleted, and the workspace takes both with it. */
    segmentId: text(),
    /** What "the same problem" means for de-duplication; null: never de-duplicated. */
    dedupKey: text(),
    title: text().notNull(),
    body: text().notNull(),
    /** A path inside the workspace (`/segments/seg_…`); the app and the email put the workspace in front. */
    link: text(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true, precision: 3 }),
    /** When the problem went away (the next good refresh); an open notification has none. */
    resolvedAt: timestamp({ withTimezone: true, precision: 3 }),
    emailedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("notifications_recipient_idx").on(t.workspaceId, t.userId, t.createdAt.desc(), t.id.desc()),
    uniqueIndex("notifications_open_key")
      .on(t.workspaceId, t.userId, t.kind, t.dedupKey)
      .where(sql`${t.resolvedAt} is null`),
  ],
);
