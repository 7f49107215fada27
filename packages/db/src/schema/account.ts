import { boolean, doublePrecision, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps } from "./_columns";

/** People who sign in. Not a tenant table: a user may belong to many workspaces. */
export const users = pgTable(
  "users",
  {
    id: id("usr"),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    /** Bumped to revoke every session of the user; sessions carry the version they were issued with. */
    sessionVersion: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

/**
 * Token buckets that pace sign-ins and sign-ups, keyed by what they limit (`account:<email>`,
 * `address:<ip>`, `account-address:<email>|<ip>`, `sign-up:<ip>`). One upsert statement takes a token
 * and records whether it could (`admitted`), so concurrent attempts and app processes share one count.
 */
export const throttleBuckets = pgTable("throttle_buckets", {
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
  admitted: boolean().notNull(),
});
