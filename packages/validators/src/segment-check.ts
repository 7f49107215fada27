import { z } from "zod";
import { idOf } from "./common";

/** A share in percent of something, 0 to 100, at most two decimals' worth of meaning. */
const percent = z.number().min(0).max(100);

/**
 * What a segment check asserts. Each kind names its own bounds, so a 400 names the exact field
 * (`rule.min`, `rule.segmentId`, `rule.minPercent`).
 */
export const segmentCheckRule = z.discriminatedUnion("kind", [
  /** The size, as a share of all customers (percent) or as a number of members (count). */
  z
    .strictObject({
      kind: z.literal("size"),
      unit: z.enum(["percent", "count"]),
      min: z.number().min(0).nullish(),
      max: z.number().min(0).nullish(),
    })
    .superRefine((r, ctx) => {
      if (r.min == null && r.max == null)
        ctx.addIssue({ code: "custom", path: ["min"], message: "Give a lowest size, a highest, or both" });
      if (r.min != null && r.max != null && r.min > r.max)
        ctx.addIssue({ code: "custom", path: ["max"], message: "The highest size must be at least the lowest" });
      for (const key of ["min", "max"] as const) {
        const v = r[key];
        if (v == null) continue;
        if (r.unit === "percent" && v > 100) ctx.addIssue({ code: "custom", path: [key], message: "Use 100 or less (a percentage)" });
        if (r.unit === "count" && !Number.isInteger(v)) ctx.addIssue({ code: "custom", path: [key], message: "Enter a whole number" });
      }
    }),
  /** At most this share of this segment's members are also in the other segment. */
  z.strictObject({ kind: z.literal("overlap"), segmentId: idOf("seg"), maxPercent: percent }),
  /** At least this share of members have a value for the attribute. */
  z.strictObject({
    kind: z.literal("known"),
    attribute: z.string().trim().min(1, "Choose an attribute").max(100),
    minPercent: percent,
  }),
  /** The size moved (up or down) by at most this share over the period. */
  z.strictObject({
    kind: z.literal("change"),
    maxPercent: z.number().min(0).max(1000),
    periodHours: z.number().int().min(1).max(168, "Use at most 168 hours (a week)").default(24),
  }),
]);
export type SegmentCheckRule = z.output<typeof segmentCheckRule>;
export type SegmentCheckRuleInput = z.input<typeof segmentCheckRule>;
export const segmentCheckKinds = ["size", "overlap", "known", "change"] as const;
export type SegmentCheckKind = (typeof segmentCheckKinds)[number];
export const segmentCheckKindLabels: Record<SegmentCheckKind, string> = {
  size: "Size",
  overlap: "Overlap with another segment",
  known: "Attribute known",
  change: "Change in size",
};

/** passing / failing as measured; unknown when it can't be measured (the other segment or the attribute is gone). */
export const segmentCheckStatuses = ["pending", "passing", "failing", "unknown"] as const;
export type SegmentCheckStatus = (typeof segmentCheckStatuses)[number];

export const listSegmentChecksInput = z.object({ workspaceId: idOf("ws"), segmentId: idOf("seg") });
export const createSegmentCheckInput = z.object({ workspaceId: idOf("ws"), segmentId: idOf("seg"), rule: segmentCheckRule });
export type CreateSegmentCheckInput = z.input<typeof createSegmentCheckInput>;
/** `segmentId`, when given (REST's path names it), must be the check's segment. */
export const segmentCheckIdInput = z.object({ workspaceId: idOf("ws"), checkId: idOf("chk"), segmentId: idOf("seg").optional() });
export const updateSegmentCheckInput = segmentCheckIdInput.extend({ rule: segmentCheckRule });
export type UpdateSegmentCheckInput = z.input<typeof updateSegmentCheckInput>;
/** A check's status changes, newest first. */
export const segmentCheckHistoryInput = segmentCheckIdInput.extend({ limit: z.number().int().min(1).max(200).default(20) });
