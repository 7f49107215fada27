import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps, workspaceId } from "./_columns";
import { users } from "./account";

export const roleEnum = pgEnum("role", ["owner", "admin", "editor", "viewer"]);

/** The tenant. Its own id is the workspace id every tenant table carries. */
export const workspaces = pgTable(
  "workspaces",
  {
    id: id("ws"),
    name: text().notNull(),
    slug: text().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("workspaces_slug_key").on(t.slug)],
);

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    email: text().notNull(),
    role: roleEnum().notNull(),
    /** SHA-256 of the token in the link; the token itself is never stored. */
    tokenHash: text().notNull(),
    invitedBy: text().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex("invitations_token_key").on(t.tokenHash)],
);
