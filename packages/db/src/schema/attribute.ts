import { boolean, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps, workspaceId } from "./_columns";
import { workspaces } from "./workspace";

export const attributeTypeEnum = pgEnum("attribute_type", ["string", "number", "boolean", "date", "enum", "list"]);
export const dimensionEnum = pgEnum("dimension", [
  "demographic",
  "geographic",
  "psychographic",
  "behavioral",
  "technographic",
  "needs",
  "value",
]);

/**
 * What a workspace knows about its customers. Built-in attributes live in columns of `customers`
 * (`column` names it); the rest live under their key in `customers.traits`.
 */
export const attributes = pgTable(
  "attributes",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    key: text().notNull(),
    label: text().notNull(),
    type: attributeTypeEnum().notNull(),
    dimension: dimensionEnum().notNull(),
    description: text().notNull().default(""),
    /** Allowed values of an `enum` attribute, in display order. */
    enumValues: text().array().notNull().default([]),
    /** Kept current by Facet from events (order count, spend, ...); not editable by hand. */
    computed: boolean().notNull().default(false),
    /** The customers column holding a built-in attribute; null for attributes stored in traits. */
    column: text(),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex("attributes_key_key").on(t.workspaceId, t.key)],
);
