import {
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import type { CampaignVariant } from "@facet/validators";
import { workspaceId } from "./_columns";
import { users } from "./account";
import { segments } from "./segment";
import { workspaces } from "./workspace";

export const campaignChannelEnum = pgEnum("campaign_channel", ["email", "sms", "push", "in_app", "paid_ads", "direct_mail"]);
export const campaignStatusEnum = pgEnum("campaign_status", ["draft", "scheduled", "running", "completed", "archived"]);
export const campaignTargetKindEnum = pgEnum("campaign_target_kind", ["include", "exclude"]);
export const deliveryStatusEnum = pgEnum("delivery_status", ["pending", "succeeded", "failed"]);

/** A campaign: who it targets (campaign_targets), what it says (variants), and once launched, its frozen audience. */
export const campaigns = pgTable(
  "campaigns",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    name: text().notNull(),
    goal: text().notNull().default(""),
    channel: campaignChannelEnum().notNull().default("email"),
    startsOn: date({ mode: "string" }),
    endsOn: date({ mode: "string" }),
    ownerId: text().references(() => users.id, { onDelete: "set null" }),
    status: campaignStatusEnum().notNull().default("draft"),
    variants: jsonb().$type<CampaignVariant[]>().notNull().default([]),
    holdoutPercent: integer().notNull().default(0),
    /** Chooses the holdout at launch: the same seed gives the same control group. */
    holdoutSeed: integer().notNull(),
    conversionEvent: text().notNull().default("purchase"),
    conversionWindowDays: integer().notNull().default(14),
    launchedAt: timestamp({ withTimezone: true, precision: 3 }),
    audienceSize: integer().notNull().default(0),
    holdoutSize: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("campaigns_recent_idx").on(t.workspaceId, t.updatedAt.desc())],
);

/** The segments a campaign targets or excludes, in order: a member of several targets gets the first one's variant. */
export const campaignTargets = pgTable(
  "campaign_targets",
  {
    workspaceId: workspaceId(),
    campaignId: text().notNull(),
    segmentId: text().notNull(),
    kind: campaignTargetKindEnum().notNull(),
    position: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.campaignId, t.segmentId] }),
    index("campaign_targets_segment_idx").on(t.workspaceId, t.segmentId),
    foreignKey({ columns: [t.workspaceId, t.campaignId], foreignColumns: [campaigns.workspaceId, campaigns.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete("cascade"),
  ],
);

/**
 * Who a launched campaign targeted, with which variant, and whether they were held out: frozen at
 * launch. No foreign keys (per-row checks cost ~1.1 s per 333k rows for the campaign and ~2 s for
 * the customer, at launch): erasing or merging a customer and deleting a workspace delete these rows
 * explicitly, and campaigns are never deleted one by one (they are archived).
 */
export const campaignAudience = pgTable(
  "campaign_audience",
  {
    workspaceId: workspaceId(),
    campaignId: text().notNull(),
    customerId: text().notNull(),
    /** The include segment whose variant they get. */
    segmentId: text().notNull(),
    holdout: boolean().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.campaignId, t.customerId] }),
    index("campaign_audience_customer_idx").on(t.workspaceId, t.customerId),
  ],
);

/** Where audiences go: an outgoing webhook, signed with its own secret. */
export const destinations = pgTable(
  "destinations",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    name: text().notNull(),
    url: text().notNull(),
    /** The HMAC key receivers verify signatures with; shown to admins. */
    secret: text().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    archivedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** One delivery of a campaign's audience to a destination, in batches, retried with backoff. */
export const deliveries = pgTable(
  "deliveries",
  {
    workspaceId: workspaceId(),
    id: text().notNull(),
    campaignId: text().notNull(),
    destinationId: text().notNull(),
    status: deliveryStatusEnum().notNull().default("pending"),
    /** Batches acknowledged so far, and the last customer id sent: the next attempt resumes after it. */
    batchesDone: integer().notNull().default(0),
    cursor: text(),
    batchesTotal: integer().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastError: text(),
    /** The job attempt that owns this delivery: only it may send a batch (another process's retry takes it over). */
    lease: text(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("deliveries_due_idx").on(t.workspaceId, t.status, t.nextAttemptAt),
    foreignKey({ columns: [t.workspaceId, t.campaignId], foreignColumns: [campaigns.workspaceId, campaigns.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.workspaceId, t.destinationId], foreignColumns: [destinations.workspaceId, destinations.id] }).onDelete(
      "cascade",
    ),
  ],
);

/** Every request a delivery made: the log a user reads when a receiver misbehaves. */
export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    workspaceId: workspaceId(),
    deliveryId: text().notNull(),
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    batch: integer().notNull(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    statusCode: integer(),
    error: text(),
    durationMs: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.deliveryId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.deliveryId], foreignColumns: [deliveries.workspaceId, deliveries.id] }).onDelete("cascade"),
  ],
);

/** Per-workspace settings that only admins change. */
export const workspaceSettings = pgTable("workspace_settings", {
  workspaceId: workspaceId()
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** Webhooks to private or loopback addresses are refused unless an admin allows them (SSRF). */
  allowPrivateDestinations: boolean().notNull().default(false),
});
