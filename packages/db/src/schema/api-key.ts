import { pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { workspaceId } from "./_columns";
import { users } from "./account";
import { workspaces } from "./workspace";

/** write: the ingest API only (safe in a browser or app). readWrite: also the REST API. */
export const apiKeyKindEnum = pgEnum("api_key_kind", ["write", "readWrite"]);

export const apiKeys = pgTable(
  "api_keys",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    name: text().notNull(),
    kind: apiKeyKindEnum().notNull(),
    /** The first characters of the key, to recognise it in the list. */
    prefix: text().notNull(),
    /** SHA-256 of the key; the key itself is shown once and never stored. */
    secretHash: text().notNull(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex("api_keys_secret_key").on(t.secretHash)],
);
