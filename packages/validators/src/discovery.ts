import { z } from "zod";
import { idOf } from "./common";

export const startClusteringInput = z
  .object({
    workspaceId: idOf("ws"),
    /** Attribute keys: numbers are used as they are, enums one-hot encoded. */
    attributes: z.array(z.string().min(1).max(60)).min(1, "Choose at least one attribute").max(12, "Choose at most 12 attributes"),
    kMin: z.number().int().min(2, "Use at least 2 clusters").max(12),
    kMax: z.number().int().min(2).max(12, "Use at most 12 clusters"),
    seed: z.number().int().min(0).max(2_000_000_000).default(42),
    restarts: z.number().int().min(1).max(20).default(8),
  })
  .refine((i) => i.kMin <= i.kMax, { message: "The smallest k is above the largest", path: ["kMax"] });
export type StartClusteringInput = z.input<typeof startClusteringInput>;

export const discoveryRunInput = z.object({ workspaceId: idOf("ws"), runId: idOf("run") });
export const saveClusterInput = discoveryRunInput.extend({
  cluster: z.number().int().min(0).max(11),
  name: z.string().trim().min(1, "Name the segment").max(100),
  /** rules: ranges on the attributes that approximate the cluster; attribute: a stored cluster label. */
  mode: z.enum(["rules", "attribute"]),
});

export const rfmGroupNames = [
  "Champions",
  "Loyal",
  "Potential loyalists",
  "New",
  "Promising",
  "Need attention",
  "About to sleep",
  "At risk",
  "Can't lose them",
  "Hibernating",
  "Lost",
] as const;
export const saveRfmGroupInput = z.object({
  workspaceId: idOf("ws"),
  group: z.enum(rfmGroupNames),
  name: z.string().trim().min(1, "Name the segment").max(100),
});
