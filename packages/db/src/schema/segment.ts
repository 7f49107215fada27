import { bigint, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { SegmentDefinition } from "@facet/validators";
import { bytea, workspaceId } from "./_columns";
import { users } from "./account";
import { customers } from "./customer";
import { workspaces } from "./workspace";

export const segmentScheduleEnum = pgEnum("segment_schedule", ["manual", "hourly", "daily"]);
export const segmentRefreshReasonEnum = pgEnum("segment_refresh_reason", ["created", "edited", "manual", "schedule", "reconcile"]);

/** A saved segment: its current definition and the size of its last refresh. */
export const segments = pgTable(
  "segments",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(""),
    tags: text().array().notNull().default([]),
    definition: jsonb().$type<SegmentDefinition>().notNull(),
    version: integer().notNull().default(1),
    schedule: segmentScheduleEnum().notNull().default("daily"),
    memberCount: integer().notNull().default(0),
    refreshedAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Why the last refresh failed (it is retried); null once a refresh succeeds. */
    refreshError: text(),
    /**
     * The members of the last refresh as their customers' ordinals, sorted, 4 bytes each (big-endian):
     * overlaps merge these lists instead of grouping millions of membership rows. Null when a customer
     * deletion made it stale; rebuilt from segment_members when next needed.
     */
    memberOrdinals: bytea(),
    /**
     * What the definition can depend on, directly (`attribute:plan`, `metric:order_count`, `event:purchase`,
     * `segment:seg_…`, `time`): the live evaluator re-evaluates a segment only for changes that touch these
     * (or those of the segments it refers to). Written with every saved definition.
     */
    dependsOn: text().array().notNull().default([]),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("segments_recent_idx").on(t.workspaceId, t.updatedAt.desc())],
);

/** Every saved definition of a segment, with who saved it and when. */
export const segmentVersions = pgTable(
  "segment_versions",
  {
    workspaceId: workspaceId(),
    segmentId: text().notNull(),
    version: integer().notNull(),
    definition: jsonb().$type<SegmentDefinition>().notNull(),
    authorId: text().references(() => users.id, { onDelete: "set null" }),
    authorEmail: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId, t.version] }),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete("cascade"),
  ],
);

/**
 * Who is in a segment as of its last refresh. No foreign key to segments: a refresh writes up to
 * millions of rows while holding a lock on its segment row, so a per-row check that the segment
 * exists cost 1.2 s per 333k members for nothing; segments are never deleted one by one, and a
 * deleted workspace takes its customers, and so these rows, with it.
 */
export const segmentMembers = pgTable(
  "segment_members",
  {
    workspaceId: workspaceId(),
    segmentId: text().notNull(),
    customerId: text().notNull(),
    since: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId, t.customerId] }),
    index("segment_members_customer_idx").on(t.workspaceId, t.customerId),
    foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }).onDelete("cascade"),
  ],
);

/** One row per refresh: the size, who entered and left, and why it ran. */
export const segmentRefreshes = pgTable(
  "segment_refreshes",
  {
    workspaceId: workspaceId(),
    segmentId: text().notNull(),
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    version: integer().notNull(),
    size: integer().notNull(),
    entered: integer().notNull(),
    exited: integer().notNull(),
    reason: segmentRefreshReasonEnum().notNull(),
    durationMs: integer().notNull(),
    /**
     * Memberships a reconciliation (a refresh on schedule or the daily reconcile) had to correct: who entered
     * or left although no change of theirs was still waiting for the live evaluator. Live segments should
     * have none; 0 for other refreshes.
     */
    corrected: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete("cascade"),
  ],
);
