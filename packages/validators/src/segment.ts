import { z } from "zod";
import { idOf, pageInput } from "./common";
import { dimension } from "./attribute";
import { segmentDefinition } from "./condition";

export const segmentSchedules = ["manual", "hourly", "daily"] as const;
export const segmentScheduleLabels: Record<(typeof segmentSchedules)[number], string> = {
  manual: "Only when asked",
  hourly: "Every hour",
  daily: "Every day",
};

const segmentFields = {
  name: z.string().trim().min(1, "Name the segment").max(100, "Use at most 100 characters"),
  description: z.string().trim().max(500, "Use at most 500 characters").default(""),
  tags: z.array(z.string().trim().min(1).max(40)).max(20, "Use at most 20 tags").default([]),
  schedule: z.enum(segmentSchedules).default("daily"),
  definition: segmentDefinition,
};

export const createSegmentInput = z.object({ workspaceId: idOf("ws"), ...segmentFields });
export type CreateSegmentInput = z.input<typeof createSegmentInput>;

export const updateSegmentInput = z.object({
  workspaceId: idOf("ws"),
  segmentId: idOf("seg"),
  name: segmentFields.name.optional(),
  description: z.string().trim().max(500, "Use at most 500 characters").optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20, "Use at most 20 tags").optional(),
  schedule: z.enum(segmentSchedules).optional(),
  definition: segmentDefinition.optional(),
});
export type UpdateSegmentInput = z.input<typeof updateSegmentInput>;

export const segmentIdInput = z.object({ workspaceId: idOf("ws"), segmentId: idOf("seg") });
export const previewSegmentInput = z.object({ workspaceId: idOf("ws"), definition: segmentDefinition, segmentId: idOf("seg").optional() });
export const listSegmentsInput = pageInput.extend({
  workspaceId: idOf("ws"),
  q: z.string().trim().max(100).default(""),
  tag: z.string().trim().max(50).optional(),
  archived: z.boolean().default(false),
});
export const segmentMembersInput = pageInput.extend({ workspaceId: idOf("ws"), segmentId: idOf("seg") });
/** A segment's change log after a cursor (`since`; from the start without one). */
export const segmentChangesInput = z.object({
  workspaceId: idOf("ws"),
  segmentId: idOf("seg"),
  since: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(1000).default(100),
});
/** The segment page's activity feed, newest first: the latest page, older than `before`, or newer than `after`. */
export const segmentActivityInput = z.object({
  workspaceId: idOf("ws"),
  segmentId: idOf("seg"),
  before: z.string().max(200).nullish(),
  after: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(200).default(20),
});
/** Whether each segment is live or "as of" a time. */
export const segmentFreshnessInput = z.object({
  workspaceId: idOf("ws"),
  segmentIds: z.array(idOf("seg")).min(1, "Name at least one segment").max(100, "At most 100 segments at a time"),
});
export const restoreSegmentVersionInput = segmentIdInput.extend({ version: z.number().int().min(1) });
export const archiveSegmentInput = segmentIdInput.extend({ archived: z.boolean() });
export const segmentOverlapInput = z.object({
  workspaceId: idOf("ws"),
  segmentIds: z.array(idOf("seg")).min(2, "Pick at least 2 segments").max(8, "Pick at most 8 segments"),
});

export const segmentTemplateInput = z.object({ workspaceId: idOf("ws"), dimension });

/** The health of a page of segments (the list shows at most 100 at a time). */
export const segmentHealthListInput = z.object({
  workspaceId: idOf("ws"),
  segmentIds: z.array(idOf("seg")).max(100, "Use 100 or less"),
});
/** Reconciliations that corrected members, for the workspace or one segment. */
export const reconciliationsInput = pageInput.extend({
  workspaceId: idOf("ws"),
  segmentId: idOf("seg").optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
