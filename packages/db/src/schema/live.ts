import { bigint, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaceId } from "./_columns";
import { customers } from "./customer";
import { segments } from "./segment";
import { workspaces } from "./workspace";

/**
 * The outbox of customer changes: every write that changes a customer (an ingest call, an import, an edit,
 * a merge, an erase) adds a row here in its own transaction; the live evaluator takes them in order,
 * re-evaluates the segments that can care for those customers, and deletes them.
 */
export const customerChanges = pgTable(
  "customer_changes",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    seq: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    customerId: text().notNull(),
    /** event | identify | import | edit | merge | created. */
    cause: text().notNull(),
    /**
     * What changed, in the dependency index's words (`attribute:plan`, `event:purchase`, `metric:order_count`);
     * `*` when anything may have (a new customer, a merge).
     */
    touches: text().array().notNull(),
    /** Shown with the change: the event's name and message id, the attribute keys, the import's id. */
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.seq] })],
);

/**
 * Who entered or left a segment, when and why, in the order it happened (seq). Written by the live evaluator,
 * by full refreshes, merges and erasures, each while holding its segment's row lock, so a segment's changes
 * commit in seq order and a reader following `seq > cursor` misses none.
 */
export const segmentChanges = pgTable(
  "segment_changes",
  {
    workspaceId: workspaceId(),
    segmentId: text().notNull(),
    seq: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    /** No foreign key: an erased customer's exit stays in the log (the id only; the person is gone). */
    customerId: text().notNull(),
    /** entered | exited. */
    change: text().notNull(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** event | identify | import | edit | merge | erase | created | edited | manual | schedule. */
    cause: text().notNull(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId, t.seq] }),
    index("segment_changes_customer_idx").on(t.workspaceId, t.customerId, t.seq),
    /** Retention: the entries older than the kept period are found (and deleted in batches) per workspace. */
    index("segment_changes_at_idx").on(t.workspaceId, t.at),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete("cascade"),
  ],
);

/**
 * The when-next-flip schedule: per segment whose answer moves with the clock (relative event windows and
 * dates, days since a purchase), per customer, the earliest moment the answer can change with no new data.
 * Never later than a real flip (it may be earlier: then re-evaluating changes nothing and reschedules).
 * Written where memberships are computed (the live evaluator, full refreshes); the `segment.timeFlips`
 * job takes the due rows, re-evaluates those customers with cause `time` and writes their next moment.
 */
export const segmentFlips = pgTable(
  "segment_flips",
  {
    workspaceId: workspaceId(),
    segmentId: text().notNull(),
    customerId: text().notNull(),
    flipAt: timestamp({ withTimezone: true }).notNull(),
    /** The condition whose moment it is ("purchase in the last 30 days"), for the change log. */
    condition: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId, t.customerId] }),
    index("segment_flips_due_idx").on(t.workspaceId, t.flipAt),
    // An erased or merged-away customer's rows go with it (the cascade finds them here).
    index("segment_flips_customer_idx").on(t.workspaceId, t.customerId),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }).onDelete("cascade"),
  ],
);
