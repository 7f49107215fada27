import { z } from "zod";
import { attributeKey, attributeType, dimension } from "./attribute";
import { idOf, pageInput } from "./common";

export const columnMapping = z.discriminatedUnion("target", [
  z.object({ target: z.literal("skip") }),
  z.object({ target: z.literal("email") }),
  z.object({ target: z.literal("externalId") }),
  z.object({ target: z.literal("name") }),
  /** Orders and lifetime value from before the events Facet holds: they set the customer's value metrics. */
  z.object({ target: z.literal("orderCount") }),
  z.object({ target: z.literal("lifetimeValue") }),
  z.object({ target: z.literal("attribute"), key: attributeKey }),
  z.object({
    target: z.literal("newAttribute"),
    key: attributeKey,
    label: z.string().trim().min(1, "Enter a label").max(100),
    type: attributeType,
    dimension,
  }),
]);
export type ColumnMapping = z.infer<typeof columnMapping>;

const fileFormat = {
  delimiter: z.enum([",", ";", "\t", "|"]),
  encoding: z.enum(["utf-8", "windows-1252"]),
  hasHeader: z.boolean().default(true),
  matchKey: z.enum(["email", "externalId"]),
};

export const customerImportSettings = z.object({
  kind: z.literal("customers").default("customers"),
  ...fileFormat,
  columns: z.array(columnMapping).min(1).max(500),
  mode: z.enum(["create", "update", "upsert"]),
});
export type CustomerImportSettings = z.infer<typeof customerImportSettings>;

/** Where a column of an event file goes. */
export const eventColumnMapping = z.discriminatedUnion("target", [
  z.object({ target: z.literal("skip") }),
  /** The customer's email or external ID (the import's match key). */
  z.object({ target: z.literal("customerKey") }),
  z.object({ target: z.literal("eventName") }),
  z.object({ target: z.literal("time") }),
  /** An order or message id: rows sharing it become one event, and importing it twice stores it once. */
  z.object({ target: z.literal("eventId") }),
  z.object({ target: z.literal("quantity") }),
  z.object({ target: z.literal("unitPrice") }),
  z.object({ target: z.literal("revenue") }),
  z.object({ target: z.literal("property"), key: attributeKey }),
]);
export type EventColumnMapping = z.infer<typeof eventColumnMapping>;

export const eventName = z.string().trim().min(1, "Enter an event name").max(100, "Use at most 100 characters");

export const eventImportSettings = z.object({
  kind: z.literal("events"),
  ...fileFormat,
  columns: z.array(eventColumnMapping).min(1).max(500),
  /** The name of every event when no column holds one. */
  eventName: eventName.default("purchase"),
  /** Create customers the workspace doesn't have yet, or reject their rows. */
  createCustomers: z.boolean().default(true),
});
export type EventImportSettings = z.infer<typeof eventImportSettings>;

export const importSettings = z.union([eventImportSettings, customerImportSettings]);
export type ImportSettingsInput = z.input<typeof importSettings>;
export type ImportSettings = z.infer<typeof importSettings>;

export const importJobIdInput = z.object({ workspaceId: idOf("ws"), jobId: idOf("imp") });
export const importDryRunInput = importJobIdInput.extend({ settings: importSettings });
export const importJobListInput = pageInput.extend({ workspaceId: idOf("ws") });
export const importRejectionsInput = pageInput.extend({ workspaceId: idOf("ws"), jobId: idOf("imp") });
