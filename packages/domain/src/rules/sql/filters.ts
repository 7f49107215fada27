import type { SQL } from "drizzle-orm";
import type { AttributeRule } from "@facet/validators";
import { ruleContext } from "../core/context";
import type { RuleAttribute } from "../core/operands";
import { compileDefinition } from "./compile";

/** Customer-table filters: attribute rules that all apply (undefined when there are none). */
export function compileFilters(workspaceId: string, attributes: RuleAttribute[], filters: AttributeRule[]): SQL | undefined {
  if (filters.length === 0) return undefined;
  return compileDefinition(
    { version: 1, root: { type: "group", combinator: "and", negate: false, children: filters } },
    ruleContext(workspaceId, attributes),
  );
}
