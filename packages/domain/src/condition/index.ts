import { and, type SQL } from "drizzle-orm";
import type { AttributeCondition } from "@facet/validators";
import { invalid } from "../errors";
import { compileAttributeCondition, type ConditionAttribute } from "./attribute";

export { compileAttributeCondition, type ConditionAttribute } from "./attribute";

/** All the conditions at once (AND), against the workspace's attribute definitions. */
export function compileFilters(defs: ConditionAttribute[], filters: AttributeCondition[]): SQL | undefined {
  if (filters.length === 0) return undefined;
  const byKey = new Map(defs.map((d) => [d.key, d]));
  return and(
    ...filters.map((f) => {
      const attr = byKey.get(f.key);
      if (!attr) throw invalid(`There is no attribute "${f.key}" to filter on.`, "filters");
      return compileAttributeCondition(attr, f);
    }),
  );
}
