import { index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaceId } from "./_columns";
import { workspaces } from "./workspace";

/** Who did what in a workspace. Rows are never updated; they go with the workspace. */
export const auditLog = pgTable(
  "audit_log",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    /** Null when the actor's account was later deleted, or for system actions. */
    actorId: text(),
    /** Who acted: a member, an API key, or Facet itself (a scheduled job). */
    actorKind: text().$type<"user" | "apiKey" | "system">().notNull().default("user"),
    /** The member's email at the time. */
    actorEmail: text(),
    /** An API key's name, or what the system was doing. */
    actorName: text(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    // Millisecond precision so the keyset cursor (a JS Date) round-trips exactly.
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("audit_log_recent_idx").on(t.workspaceId, t.createdAt.desc(), t.id.desc())],
);
