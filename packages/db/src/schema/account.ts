import { integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
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

/** Failed sign-in counters for rate limiting, keyed by `account:<email>` or `ip:<address>`. */
export const loginThrottles = pgTable("login_throttles", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});
