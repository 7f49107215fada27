import { propertyOperatorLabels, type EventRule, type Rule, type SegmentDefinition } from "@facet/validators";
import { describeCondition, type PickableAttribute } from "./condition-editor";

const times = (n: number) => (n === 1 ? "once" : `${n} times`);

function describeEvent(r: EventRule): string {
  const what =
    r.operator === "did"
      ? `did ${r.event}`
      : r.operator === "did_not"
        ? `never did ${r.event}`
        : `did ${r.event} ${r.operator === "at_least" ? "at least" : r.operator === "at_most" ? "at most" : "exactly"} ${times(r.count ?? 0)}`;
  const when =
    r.window.kind === "last_days"
      ? ` in the last ${r.window.days} days`
      : r.window.kind === "between"
        ? ` between ${r.window.from} and ${r.window.to}`
        : "";
  const where = r.where.length
    ? ` with ${r.where.map((w) => `${w.property} ${propertyOperatorLabels[w.operator]} ${Array.isArray(w.value) ? w.value.join(", ") : (w.value ?? "")}`.trim()).join(" and ")}`
    : "";
  const agg = r.aggregate
    ? ` (${r.aggregate.fn === "sum" ? "total" : "average"} ${r.aggregate.property} ${propertyOperatorLabels[r.aggregate.operator]} ${r.aggregate.value})`
    : "";
  return `${what}${when}${where}${agg}`;
}

/** A definition in plain words: "Customers whose Age between 25 and 35 and who did purchase at least 3 times …". */
export function summarize(def: SegmentDefinition, attributes: PickableAttribute[], segmentNames: Map<string, string>): string {
  const byKey = new Map(attributes.map((a) => [a.key, a]));
  const rule = (r: Rule, top: boolean): string => {
    switch (r.type) {
      case "attribute":
        return describeCondition(r, byKey.get(r.attribute));
      case "event":
        return describeEvent(r);
      case "segment":
        return `${r.operator === "in" ? "in" : "not in"} “${segmentNames.get(r.segmentId) ?? "another segment"}”`;
      case "group": {
        if (r.children.length === 0) return r.negate ? "nobody" : "everyone";
        const inner = r.children.map((c) => rule(c, false)).join(r.combinator === "and" ? " and " : " or ");
        const wrapped = top && !r.negate ? inner : `(${inner})`;
        return r.negate ? `not ${wrapped}` : wrapped;
      }
    }
  };
  return `Customers: ${rule(def.root, true)}.`;
}
