import { definitionLimits, type Rule, type SegmentDefinition } from "@facet/validators";
import { invalid } from "../../errors";

/** Conditions in a rule tree: every rule and group below the root. */
export const conditionCount = (rule: Rule): number =>
  rule.type === "group" ? rule.children.reduce((n, child) => n + 1 + conditionCount(child), 0) : 0;

/** The segment ids a rule tree refers to, once each, in the order they appear. */
export const referencesOf = (rule: Rule): string[] => [...new Set(referenceList(rule))];
const referenceList = (rule: Rule): string[] =>
  rule.type === "segment" ? [rule.segmentId] : rule.type === "group" ? rule.children.flatMap(referenceList) : [];

const limits = definitionLimits;

/**
 * Checks what a definition reaches through its segment conditions: every segment exists, none refers
 * back to one it is inside of (or to `selfId`, the segment being saved), chains are at most
 * `referenceDepth` long, each definition has at most `references` segment conditions, and all the
 * conditions reached, each segment counted once, stay within `reachableConditions`. Returns the
 * reached segments in dependency order (each after the segments it refers to), so they can be compiled
 * or evaluated once each.
 */
export function reachedSegments(root: Rule, segments: ReadonlyMap<string, SegmentDefinition>, selfId?: string): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const inside = new Set<string>(selfId ? [selfId] : []);
  let conditions = conditionCount(root);
  const tooMany = () =>
    invalid(
      `This segment reaches more than ${limits.reachableConditions.toLocaleString("en")} conditions through the segments it refers to.`,
      "definition",
    );
  if (conditions > limits.reachableConditions) throw tooMany();
  const visit = (id: string, level: number) => {
    if (done.has(id)) return;
    if (inside.has(id)) throw invalid("Segments can't refer to each other in a circle.", "definition");
    if (level > limits.referenceDepth)
      throw invalid(`Segments can refer to segments at most ${limits.referenceDepth} levels deep.`, "definition");
    const def = segments.get(id);
    if (!def) throw invalid("A condition refers to a segment that doesn't exist.", "definition");
    if (referenceList(def.root).length > limits.references)
      throw invalid(`A segment this one refers to has more than ${limits.references} segment conditions.`, "definition");
    conditions += conditionCount(def.root);
    if (conditions > limits.reachableConditions) throw tooMany();
    inside.add(id);
    for (const next of referencesOf(def.root)) visit(next, level + 1);
    inside.delete(id);
    done.add(id);
    order.push(id);
  };
  if (referenceList(root).length > limits.references)
    throw invalid(`Refer to other segments at most ${limits.references} times in one segment.`, "definition");
  for (const id of referencesOf(root)) visit(id, 1);
  return order;
}
