import { sql } from "drizzle-orm";
import { bigint, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { workspaceId } from "./_columns";
import { workspaces } from "./workspace";

export type Traits = Record<string, string | number | boolean | string[]>;

export const customers = pgTable(
  "customers",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    externalId: text(),
    /** The ingest API's anonymousId, until an identify or alias ties it to a user id. */
    anonymousId: text(),
    email: text(),
    name: text(),
    /** Values of the workspace's own attributes, by key, typed as JSON (dates as ISO strings). */
    traits: jsonb().$type<Traits>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true, precision: 3 }),
    // Computed from purchase events; columns, not traits, because segments filter on them constantly.
    orderCount: integer().notNull().default(0),
    totalSpend: numeric({ precision: 14, scale: 2 }).notNull().default("0"),
    /**
     * History an import stated (a column mapped to orders or lifetime value) from before the events
     * Facet holds: order count and total spend are these plus what the events add.
     */
    importedOrderCount: integer().notNull().default(0),
    importedSpend: numeric({ precision: 14, scale: 2 }).notNull().default("0"),
    firstPurchaseAt: timestamp({ withTimezone: true, precision: 3 }),
    lastPurchaseAt: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * A small number for the customer, never reused, so a segment can keep its members as a sorted
     * list of 4-byte numbers (see segments.memberOrdinals). Shared by all workspaces.
     */
    ordinal: integer().generatedAlwaysAsIdentity(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // One index per identity column serves uniqueness, exact lookups and prefix search (text_pattern_ops),
    // so an import maintains as few indexes as possible.
    uniqueIndex("customers_email_key")
      .on(t.workspaceId, t.email.op("text_pattern_ops"))
      .where(sql`${t.email} is not null`),
    uniqueIndex("customers_external_id_key")
      .on(t.workspaceId, t.externalId.op("text_pattern_ops"))
      .where(sql`${t.externalId} is not null`),
    uniqueIndex("customers_anonymous_id_key")
      .on(t.workspaceId, t.anonymousId)
      .where(sql`${t.anonymousId} is not null`),
    index("customers_name_prefix_idx").on(t.workspaceId, sql`lower(${t.name}) text_pattern_ops`),
    index("customers_created_idx").on(t.workspaceId, t.createdAt, t.id),
  ],
);

/** What customers did. High volume, so a numeric id rather than a prefixed text one. */
export const events = pgTable(
  "events",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    customerId: text().notNull(),
    name: text().notNull(),
    occurredAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    properties: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    revenue: numeric({ precision: 14, scale: 2 }),
    /** Deduplicates retries: one event per message id per workspace. */
    messageId: text(),
    receivedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("events_message_id_key")
      .on(t.workspaceId, t.messageId)
      .where(sql`${t.messageId} is not null`),
    index("events_customer_time_idx").on(t.workspaceId, t.customerId, t.occurredAt.desc()),
    index("events_name_time_idx").on(t.workspaceId, t.name, t.occurredAt),
    foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }).onDelete("cascade"),
  ],
);
