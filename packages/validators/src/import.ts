import { z } from "zod";
import { attributeKey, attributeType, dimension } from "./attribute";
import { idOf, pageInput } from "./common";

export const columnMapping = z.discriminatedUnion("target", [
  z.object({ target: z.literal("skip") }),
  z.object({ target: z.literal("email") }),
  z.object({ target: z.literal("externalId") }),
  z.object({ target: z.literal("name") }),
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

export const importSettings = z.object({
  delimiter: z.enum([",", ";", "\t", "|"]),
  encoding: z.enum(["utf-8", "windows-1252"]),
  hasHeader: z.boolean().default(true),
  columns: z.array(columnMapping).min(1).max(500),
  matchKey: z.enum(["email", "externalId"]),
  mode: z.enum(["create", "update", "upsert"]),
});
export type ImportSettingsInput = z.infer<typeof importSettings>;

export const importJobIdInput = z.object({ workspaceId: idOf("ws"), jobId: idOf("imp") });
export const importDryRunInput = importJobIdInput.extend({ settings: importSettings });
export const importJobListInput = pageInput.extend({ workspaceId: idOf("ws") });
export const importRejectionsInput = pageInput.extend({ workspaceId: idOf("ws"), jobId: idOf("imp") });
