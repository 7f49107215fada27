import { z } from "zod";
import { idOf, pageInput } from "./common";

export const campaignChannels = ["email", "sms", "push", "in_app", "paid_ads", "direct_mail"] as const;
export const campaignChannelLabels: Record<(typeof campaignChannels)[number], string> = {
  email: "Email",
  sms: "SMS",
  push: "Push",
  in_app: "In-app",
  paid_ads: "Paid ads",
  direct_mail: "Direct mail",
};
export const campaignStatuses = ["draft", "scheduled", "running", "completed", "archived"] as const;
export const campaignStatusLabels: Record<(typeof campaignStatuses)[number], string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  running: "Running",
  completed: "Completed",
  archived: "Archived",
};

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-05-31");
const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters`);

/** A message for one targeted segment (or the default for everyone else). `{{attribute}}` placeholders, `{{attribute|fallback}}`. */
export const campaignVariant = z.object({
  /** The include segment this variant is for; null: the default variant. */
  segmentId: idOf("seg").nullable(),
  subject: text(200).default(""),
  body: text(5000).default(""),
  cta: text(100).default(""),
  offer: text(200).default(""),
});
export type CampaignVariant = z.infer<typeof campaignVariant>;

const campaignFields = {
  name: text(100).min(1, "Name the campaign"),
  goal: text(500).default(""),
  channel: z.enum(campaignChannels).default("email"),
  startsOn: day.nullable().default(null),
  endsOn: day.nullable().default(null),
  ownerId: idOf("usr").nullable().default(null),
  status: z.enum(["draft", "scheduled"]).default("draft"),
  include: z.array(idOf("seg")).max(10, "Target at most 10 segments").default([]),
  exclude: z.array(idOf("seg")).max(10, "Exclude at most 10 segments").default([]),
  variants: z.array(campaignVariant).max(11).default([]),
  holdoutPercent: z.number().int().min(0).max(50, "Hold out at most 50%").default(0),
  conversionEvent: text(100).min(1, "Name the conversion event").default("purchase"),
  conversionWindowDays: z.number().int().min(1).max(365).default(14),
};
const checkDates = (c: { startsOn?: string | null; endsOn?: string | null }) => !c.startsOn || !c.endsOn || c.startsOn <= c.endsOn;
const checkScheduled = (c: { status?: string; startsOn?: string | null }) => c.status !== "scheduled" || !!c.startsOn;
const scheduledNeedsStart = { message: "A scheduled campaign launches on its start date: set one", path: ["startsOn"] };

export const createCampaignInput = z
  .object({ workspaceId: idOf("ws"), ...campaignFields })
  .refine(checkDates, { message: "The campaign ends before it starts", path: ["endsOn"] })
  .refine(checkScheduled, scheduledNeedsStart);
export type CreateCampaignInput = z.input<typeof createCampaignInput>;
export const updateCampaignInput = z
  .object({ workspaceId: idOf("ws"), campaignId: idOf("cmp"), ...campaignFields })
  .refine(checkDates, { message: "The campaign ends before it starts", path: ["endsOn"] })
  .refine(checkScheduled, scheduledNeedsStart);
export type UpdateCampaignInput = z.input<typeof updateCampaignInput>;

export const campaignIdInput = z.object({ workspaceId: idOf("ws"), campaignId: idOf("cmp") });
/** Launch, with the audience size the person confirmed: if the audience is no longer that size, nothing launches. */
export const launchCampaignInput = campaignIdInput.extend({
  audienceSize: z.number().int().min(0).optional(),
  /** Launch now although the campaign's start date is still ahead (the person confirmed it). */
  early: z.boolean().optional(),
});
export const listCampaignsInput = pageInput.extend({
  workspaceId: idOf("ws"),
  q: z.string().trim().max(100).default(""),
  status: z.enum(campaignStatuses).optional(),
  segmentId: idOf("seg").optional(),
});
export const audienceSizeInput = z.object({
  workspaceId: idOf("ws"),
  include: z.array(idOf("seg")).max(10),
  exclude: z.array(idOf("seg")).max(10).default([]),
});
export const campaignAudienceInput = pageInput.extend({ workspaceId: idOf("ws"), campaignId: idOf("cmp") });
export const campaignStatusInput = campaignIdInput.extend({ status: z.enum(["running", "completed", "archived"]) });
export const previewMessageInput = z.object({ workspaceId: idOf("ws"), variant: campaignVariant, customerId: idOf("cus").optional() });
export const campaignResultsInput = campaignIdInput.extend({
  conversionEvent: text(100).min(1).optional(),
  conversionWindowDays: z.number().int().min(1).max(365).optional(),
});

export const createDestinationInput = z.object({
  workspaceId: idOf("ws"),
  name: text(100).min(1, "Name the destination"),
  url: z
    .string()
    .trim()
    .url("Enter a full URL, like https://example.com/hooks/facet")
    .refine((u) => /^https?:\/\//.test(u), "Use an http or https URL"),
});
export const destinationIdInput = z.object({ workspaceId: idOf("ws"), destinationId: idOf("dst") });
export const deliverCampaignInput = campaignIdInput.extend({ destinationId: idOf("dst") });
export const allowPrivateDestinationsInput = z.object({ workspaceId: idOf("ws"), allow: z.boolean() });
