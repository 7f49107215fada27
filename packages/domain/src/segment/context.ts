import { and, eq, inArray } from "drizzle-orm";
import { segments } from "@facet/db";
import { definitionLimits, type Rule, type SegmentDefinition } from "@facet/validators";
import { listAttributes } from "../attribute";
import { invalid, notFound } from "../errors";
import { referencesOf, ruleContext, type RuleContext } from "../rules";
import type { WorkspaceScope } from "../scope";

/**
 * Everything compiling a definition needs, from this workspace only: its attributes, and the
 * definitions of the segments it refers to, followed transitively. An id of another workspace's
 * segment is simply not found here.
 */
export async function loadRuleContext(
  scope: Pick<WorkspaceScope, "db" | "workspaceId">,
  def: SegmentDefinition,
  now = new Date(),
): Promise<RuleContext> {
  const loaded = new Map<string, SegmentDefinition>();
  let wanted = referencesOf(def.root);
  for (let level = 1; wanted.length; level++) {
    // The compiler checks the exact limits; this only stops loading a chain longer than any allowed.
    if (level > definitionLimits.referenceDepth)
      throw invalid(`Segments can refer to segments at most ${definitionLimits.referenceDepth} levels deep.`, "definition");
    const rows = await scope.db
      .select({ id: segments.id, definition: segments.definition })
      .from(segments)
      .where(and(eq(segments.workspaceId, scope.workspaceId), inArray(segments.id, wanted)));
    // Another workspace's segment is as absent as a deleted one.
    if (rows.length !== wanted.length) throw notFound("segment");
    for (const r of rows) loaded.set(r.id, r.definition);
    wanted = [...new Set(rows.flatMap((r) => referencesOf(r.definition.root)))].filter((id) => !loaded.has(id));
  }
  return ruleContext(scope.workspaceId, await listAttributes(scope, { includeArchived: true }), now, loaded);
}

/** Attribute keys a definition uses, for showing members with the values that matter. */
export const attributesUsed = (rule: Rule): string[] =>
  rule.type === "attribute" ? [rule.attribute] : rule.type === "group" ? [...new Set(rule.children.flatMap(attributesUsed))] : [];
