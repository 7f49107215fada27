import {
  dimensionLabels,
  dimensions,
  type AttributeRule,
  type AttributeType,
  type Dimension,
  type Rule,
  type SegmentDefinition,
} from "@facet/validators";
import { listAttributes, summarizeValues, type Attribute } from "../attribute";
import { eventNames } from "../customer/event-names";
import { invalid } from "../errors";
import type { WorkspaceScope } from "../scope";

/** One of the seven kinds of segmentation, and the attributes a segment of that kind would start from. */
export interface SegmentTemplate {
  dimension: Dimension;
  title: string;
  description: string;
  /** Labels of the attributes tagged with this dimension, in the order the template tries them. */
  attributes: string[];
  available: boolean;
}

const descriptions: Record<Dimension, string> = {
  demographic: "Who they are: age, gender, income, education, occupation.",
  geographic: "Where they are: country, region, city.",
  psychographic: "What they value: lifestyle, values, interests.",
  behavioral: "What they do: purchases, product usage, loyalty.",
  technographic: "What they use: devices, software, online behaviour.",
  needs: "What they need: needs and pain points.",
  value: "What they are worth: purchase frequency, spend, lifetime value.",
};

/** Identity fields say who someone is to the system, not to a marketer. */
const identity = new Set(["email", "name", "external_id"]);
const typeOrder: AttributeType[] = ["number", "enum", "list", "boolean", "string", "date"];

/** The attributes a template of this kind may use, the team's own first, then by how well they segment. */
function candidates(attrs: Attribute[], dimension: Dimension): Attribute[] {
  const rank = (a: Attribute) =>
    (a.column ? 10 : 0) + typeOrder.indexOf(a.type) + (dimension === "value" && a.key === "total_spend" ? -20 : 0);
  return attrs.filter((a) => a.dimension === dimension && !a.archivedAt && !identity.has(a.key)).sort((a, b) => rank(a) - rank(b));
}

export async function listTemplates(scope: Pick<WorkspaceScope, "db" | "workspaceId">): Promise<SegmentTemplate[]> {
  const attrs = await listAttributes(scope);
  return dimensions.map((d) => {
    const usable = candidates(attrs, d);
    return {
      dimension: d,
      title: dimensionLabels[d],
      description: descriptions[d],
      attributes: usable.map((a) => a.label),
      available: usable.length > 0 || d === "behavioral",
    };
  });
}

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100);

/** A condition on one attribute, chosen from what the data holds; null when nobody has a value. */
async function conditionFor(
  scope: Pick<WorkspaceScope, "db" | "workspaceId">,
  a: Attribute,
  dimension: Dimension,
): Promise<{ rule: AttributeRule; name: string } | null> {
  const s = await summarizeValues(scope, a.key);
  if (s.set === 0) return null;
  const attribute = a.key;
  const top = s.top.find((t) => t.customers > 0)?.value;
  switch (a.type) {
    case "number": {
      const [q1, q2, q3] = s.quartiles ?? [0, 0, 0];
      // Value-based segments are about the best customers: the top quarter; others take the middle half.
      if (dimension === "value" || q1 === q3)
        return {
          rule: { type: "attribute", attribute, operator: "gte", value: round(q3 === q1 ? q2 : q3) },
          name: `${a.label}: top quarter`,
        };
      return {
        rule: { type: "attribute", attribute, operator: "between", value: [round(q1), round(q3)] },
        name: `${a.label} ${round(q1)}-${round(q3)}`,
      };
    }
    case "enum":
      return top ? { rule: { type: "attribute", attribute, operator: "in", value: [top] }, name: `${a.label}: ${top}` } : null;
    case "list":
      return top ? { rule: { type: "attribute", attribute, operator: "includes_any", value: [top] }, name: `${a.label}: ${top}` } : null;
    case "string":
      return top ? { rule: { type: "attribute", attribute, operator: "eq", value: top }, name: `${a.label}: ${top}` } : null;
    case "boolean":
      return { rule: { type: "attribute", attribute, operator: "is_true" }, name: a.label };
    case "date":
      return { rule: { type: "attribute", attribute, operator: "within_last_days", value: 30 }, name: `${a.label} in the last 30 days` };
  }
}

/**
 * A starting segment of one kind, from this workspace's attributes and data: the first attribute
 * tagged with the dimension that anyone has a value for, with its most common value or middle range.
 * Behavioral templates start from the most frequent recent event when there are events.
 */
export async function buildTemplate(
  scope: Pick<WorkspaceScope, "db" | "workspaceId">,
  dimension: Dimension,
): Promise<{ name: string; description: string; definition: SegmentDefinition }> {
  const wrap = (children: Rule[]): SegmentDefinition => ({
    version: 1,
    root: { type: "group", combinator: "and", negate: false, children },
  });
  if (dimension === "behavioral") {
    const names = await eventNames(scope);
    const pick = names.find((n) => n.name === "purchase" && n.recent > 0) ?? names.find((n) => n.recent > 0) ?? names[0];
    if (pick) {
      const definition = wrap([{ type: "event", event: pick.name, operator: "did", window: { kind: "last_days", days: 30 }, where: [] }]);
      return { name: `Recent ${pick.name} (last 30 days)`, description: descriptions.behavioral, definition };
    }
  }
  const usable = candidates(await listAttributes(scope), dimension);
  if (usable.length === 0) {
    throw invalid(
      `No attribute is tagged ${dimensionLabels[dimension].toLowerCase()} yet. Tag one in Settings → Attributes, or add one with an import.`,
      "dimension",
    );
  }
  for (const a of usable) {
    const c = await conditionFor(scope, a, dimension);
    if (c)
      return { name: c.name, description: `${dimensionLabels[dimension]} segment from the workspace's data`, definition: wrap([c.rule]) };
  }
  const a = usable[0]!;
  return {
    name: `${a.label} is known`,
    description: descriptions[dimension],
    definition: wrap([{ type: "attribute", attribute: a.key, operator: "is_set" }]),
  };
}
