import type { SegmentDefinition } from "@facet/validators";
import { invalid } from "../../errors";
import type { RuleAttribute } from "./operands";

/** What compiling (or evaluating) a definition needs besides the definition. */
export interface RuleContext {
  /** The workspace whose customers and events the rules are about. */
  workspaceId: string;
  attributes: Map<string, RuleAttribute>;
  /** Definitions of the segments it refers to, directly or not (loaded beforehand, same workspace). */
  segments: Map<string, SegmentDefinition>;
  /** "Now" for time windows: a parameter, so a count and its evaluation agree to the millisecond. */
  now: Date;
}

export const ruleContext = (
  workspaceId: string,
  attributes: RuleAttribute[],
  now = new Date(),
  segments: RuleContext["segments"] = new Map(),
): RuleContext => ({
  workspaceId,
  attributes: new Map(attributes.map((a) => [a.key, a])),
  segments,
  now,
});

export function attributeOf(ctx: RuleContext, key: string): RuleAttribute {
  const attr = ctx.attributes.get(key);
  if (!attr) throw invalid(`There is no attribute "${key}".`, "definition");
  return attr;
}

export function segmentOf(ctx: RuleContext, segmentId: string): SegmentDefinition {
  const def = ctx.segments.get(segmentId);
  if (!def) throw invalid("A condition refers to a segment that doesn't exist.", "definition");
  return def;
}
