import { bigint, foreignKey, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaceId } from "./_columns";
import { apiKeys } from "./api-key";
import { workspaces } from "./workspace";

/**
 * Messages the tracking API refused, with the reason, so admins can see what a key's senders get wrong.
 * Only the latest few hundred per key are kept (the ingest code prunes as it writes).
 */
export const ingestRejections = pgTable(
  "ingest_rejections",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    apiKeyId: text().notNull(),
    receivedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The call's path (`track`, `batch`, ...). */
    call: text().notNull(),
    /** The message's type when it had one; null when the whole call was refused. */
    messageType: text(),
    messageId: text(),
    /** The message's place in its batch; null when the whole call was refused. */
    position: integer(),
    reason: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("ingest_rejections_key_idx").on(t.workspaceId, t.apiKeyId, t.id.desc()),
    foreignKey({ columns: [t.workspaceId, t.apiKeyId], foreignColumns: [apiKeys.workspaceId, apiKeys.id] }).onDelete("cascade"),
  ],
);
