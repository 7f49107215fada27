import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { workspaces } from "./workspace";

/**
 * Every piece of background work, one row per job: what it is, whose it is, and how it is going. It is
 * the status a user sees on both databases; on embedded PGlite it is also the queue itself (on a
 * PostgreSQL server pg-boss holds the queue and this row mirrors it).
 */
export const jobs = pgTable(
  "jobs",
  {
    /** A UUID: pg-boss's job id on a PostgreSQL server is the same. */
    id: text().primaryKey(),
    kind: text().notNull(),
    /** At most one live (queued, running or retrying) job per kind and key. */
    key: text(),
    /** The workspace the job works for; null for system work (sweeps, schedules). */
    workspaceId: text().references(() => workspaces.id, { onDelete: "cascade" }),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: text().$type<"queued" | "running" | "retrying" | "succeeded" | "failed" | "cancelled">().notNull().default("queued"),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(1),
    /** When it may run next (the first time, or after a failed attempt's backoff). */
    runAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    runnerId: text(),
    heartbeatAt: timestamp({ withTimezone: true, precision: 3 }),
    progress: jsonb().$type<Record<string, unknown>>(),
    result: jsonb().$type<Record<string, unknown>>(),
    error: text(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true, precision: 3 }),
    finishedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex("jobs_live_key_idx")
      .on(t.kind, t.key)
      .where(sql`${t.status} in ('queued', 'running', 'retrying') and ${t.key} is not null`),
    index("jobs_due_idx").on(t.status, t.runAt),
    index("jobs_key_idx").on(t.kind, t.key, t.createdAt.desc()),
    index("jobs_workspace_idx").on(t.workspaceId),
  ],
);
