import { index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { workspaceId } from "./_columns";
import { users } from "./account";
import { workspaces } from "./workspace";

export const discoveryKindEnum = pgEnum("discovery_kind", ["kmeans", "rfm"]);
export const discoveryStatusEnum = pgEnum("discovery_status", ["queued", "running", "succeeded", "failed"]);

/** A discovery run (clustering or RFM) with the parameters it used, its progress and its result. */
export const discoveryRuns = pgTable(
  "discovery_runs",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    kind: discoveryKindEnum().notNull(),
    params: jsonb().notNull(),
    status: discoveryStatusEnum().notNull().default("queued"),
    progressDone: integer().notNull().default(0),
    progressTotal: integer().notNull().default(0),
    result: jsonb(),
    error: text(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("discovery_runs_recent_idx").on(t.workspaceId, t.createdAt.desc())],
);

/**
 * Which cluster each customer fell in, for a clustering run (to save a cluster as a segment). No
 * foreign keys, like campaign audiences: written in bulk, deleted explicitly with their customer or workspace.
 */
export const discoveryAssignments = pgTable(
  "discovery_assignments",
  {
    workspaceId: workspaceId(),
    runId: text().notNull(),
    customerId: text().notNull(),
    cluster: smallint().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.runId, t.customerId] }),
    index("discovery_assignments_customer_idx").on(t.workspaceId, t.customerId),
  ],
);

/**
 * RFM scores per customer, rebuilt for the whole workspace by each RFM run. No foreign keys (bulk
 * rewrite of up to millions of rows); deleted explicitly with their customer or workspace.
 */
export const rfmScores = pgTable(
  "rfm_scores",
  {
    workspaceId: workspaceId(),
    customerId: text().notNull(),
    recencyDays: integer().notNull(),
    frequency: integer().notNull(),
    monetary: numeric({ precision: 14, scale: 2 }).notNull(),
    r: smallint().notNull(),
    f: smallint().notNull(),
    m: smallint().notNull(),
    segment: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.customerId] })],
);
