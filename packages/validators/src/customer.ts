import { z } from "zod";
import { reservedAttributeKeys } from "./attribute";
import { idOf, pageInput } from "./common";
import { attributeRule } from "./condition";

export const customerSort = z.object({
  key: z.string().min(1).max(60).default("created_at"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});

export const listCustomersInput = pageInput.extend({
  workspaceId: idOf("ws"),
  /** Email, name or external id prefix. */
  q: z.string().trim().max(200).default(""),
  sort: customerSort.default({ key: "created_at", dir: "desc" }),
  /** Conditions every listed customer meets. */
  filters: z.array(attributeRule).max(20, "Use at most 20 filters").default([]),
});
export type ListCustomersInput = z.input<typeof listCustomersInput>;

export const customerIdInput = z.object({ workspaceId: idOf("ws"), customerId: idOf("cus") });

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Identity fields plus attribute values by key; a null or blank value clears the attribute. */
export const customerFields = z.object({
  email: z.string().trim().toLowerCase().max(254).email("Enter a valid email address").or(z.literal("")).nullable().optional(),
  name: optionalText(200),
  externalId: optionalText(200),
  traits: z
    .record(
      z
        .string()
        .max(60)
        .refine((key) => !reservedAttributeKeys.has(key), { error: (i) => `"${String(i.input)}" is reserved and is no attribute` }),
      z.unknown(),
    )
    .default({}),
});

export const createCustomerInput = customerFields.extend({ workspaceId: idOf("ws") });
export const updateCustomerInput = customerFields.extend({ workspaceId: idOf("ws"), customerId: idOf("cus") });
export type CustomerFields = z.input<typeof customerFields>;

export const deleteCustomersInput = z.object({
  workspaceId: idOf("ws"),
  customerIds: z.array(idOf("cus")).min(1).max(1000, "Delete at most 1,000 customers at a time"),
});

/** A customer's segment history, newest first. */
export const customerSegmentHistoryInput = pageInput.extend({ workspaceId: idOf("ws"), customerId: idOf("cus") });
export const customerEventsInput = pageInput.extend({ workspaceId: idOf("ws"), customerId: idOf("cus") });
