import type { SQL } from "drizzle-orm";
import type { AttributeRule } from "@facet/validators";
import { compileDefinition, type RuleContext } from "./compile";
import type { RuleAttribute } from "./operands";

export { compileConditions, compileDefinition, windowBounds, type CompiledConditions, type EventForm, type RuleContext } from "./compile";
export { conditionCount, reachedSegments, referencesOf } from "./references";
export { evaluateDefinition, type EvaluatedCustomer, type Trace } from "./evaluate";
export { operandOf, type RuleAttribute } from "./operands";

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

/** Customer-table filters: attribute rules that all apply (undefined when there are none). */
export function compileFilters(workspaceId: string, attributes: RuleAttribute[], filters: AttributeRule[]): SQL | undefined {
  if (filters.length === 0) return undefined;
  return compileDefinition(
    { version: 1, root: { type: "group", combinator: "and", negate: false, children: filters } },
    ruleContext(workspaceId, attributes),
  );
}
