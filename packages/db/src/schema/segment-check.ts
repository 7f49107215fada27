import { bigint, doublePrecision, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { SegmentCheckRule } from "@facet/validators";
import { workspaceId } from "./_columns";
import { users } from "./account";
import { segments } from "./segment";

/**
 * An assertion a team writes on a segment ("size between 3% and 7% of customers"), checked after every live
 * change batch and refresh that moves the segment, with what was last measured.
 */
export const segmentChecks = pgTable(
  "segment_checks",
  {
    workspaceId: workspaceId(),
    id: text().notNull(),
    segmentId: text().notNull(),
    rule: jsonb().$type<SegmentCheckRule>().notNull(),
    /** pending (not measured yet) | passing | failing | unknown (can't be measured: the other segment or attribute is gone). */
    status: text().notNull().default("pending"),
    /** The measured value, in the rule's unit (a percentage, or a number of members); null when unknown. */
    value: doublePrecision(),
    /** What was measured, in words ("8.2% of customers (2,460 of 30,000)"). */
    measured: text().notNull().default(""),
    /** While failing: what moved the segment, from its change log ("+2,300 entered at 14:02 UTC: import imp_…"). */
    cause: text().notNull().default(""),
    checkedAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Since when the check has been in its current status. */
    statusSince: timestamp({ withTimezone: true, precision: 3 }),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("segment_checks_segment_idx").on(t.workspaceId, t.segmentId),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete("cascade"),
  ],
);

/** Each change of a check's status (passing → failing and back), with the value and cause at that moment. */
export const segmentCheckTransitions = pgTable(
  "segment_check_transitions",
  {
    workspaceId: workspaceId(),
    checkId: text().notNull(),
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    from: text().notNull(),
    to: text().notNull(),
    value: doublePrecision(),
    measured: text().notNull().default(""),
    cause: text().notNull().default(""),
    /** What ran the check: live (a change batch), refresh, or saved (the check was added or edited). */
    trigger: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.checkId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.checkId], foreignColumns: [segmentChecks.workspaceId, segmentChecks.id] }).onDelete("cascade"),
  ],
);
