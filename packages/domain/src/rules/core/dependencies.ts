import type { Rule, SegmentDefinition } from "@facet/validators";

/**
 * Built-in attributes Facet computes (from events, the customer's creation, RFM runs): a rule on one of
 * them depends on a metric, which changes when events arrive rather than when someone sets it.
 */
export const metricKeys: ReadonlySet<string> = new Set([
  "created_at",
  "last_seen_at",
  "order_count",
  "total_spend",
  "avg_order_value",
  "first_purchase_at",
  "last_purchase_at",
  "days_since_last_purchase",
  "rfm_r",
  "rfm_f",
  "rfm_m",
  "rfm_segment",
]);

/** What a segment definition can depend on, directly (referenced segments by id, not followed). */
export interface SegmentDependencies {
  attributes: string[];
  metrics: string[];
  events: string[];
  segments: string[];
  /** Its answer can change with no new data (a relative date or event window, days since a purchase). */
  time: boolean;
}

const relativeOperators = new Set(["within_last_days", "not_within_last_days"]);

/** Walks a definition once and lists what it reads, each name once, in order of first use. */
export function definitionDependencies(def: SegmentDefinition): SegmentDependencies {
  const attributes = new Set<string>();
  const metrics = new Set<string>();
  const events = new Set<string>();
  const segments = new Set<string>();
  let time = false;
  const walk = (rule: Rule) => {
    switch (rule.type) {
      case "attribute":
        (metricKeys.has(rule.attribute) ? metrics : attributes).add(rule.attribute);
        if (relativeOperators.has(rule.operator) || rule.attribute === "days_since_last_purchase") time = true;
        return;
      case "event":
        events.add(rule.event);
        if (rule.window.kind === "last_days") time = true;
        return;
      case "segment":
        segments.add(rule.segmentId);
        return;
      case "group":
        rule.children.forEach(walk);
    }
  };
  walk(def.root);
  return { attributes: [...attributes], metrics: [...metrics], events: [...events], segments: [...segments], time };
}

/**
 * The dependency index's words, stored per segment (`segments.depends_on`) and written on every change
 * (`customer_changes.touches`): `attribute:<key>`, `metric:<key>`, `event:<name>`, `segment:<id>`, `time`.
 * `*` on a change means anything may have changed (a new customer, a merge); on a segment, that it may
 * depend on anything (segments saved before the index existed, until their next save).
 */
export const dependency = {
  attribute: (key: string) => `attribute:${key}`,
  metric: (key: string) => `metric:${key}`,
  event: (name: string) => `event:${name}`,
  segment: (id: string) => `segment:${id}`,
  time: "time",
  anything: "*",
} as const;

export function dependencyTokens(deps: SegmentDependencies): string[] {
  return [
    ...deps.attributes.map(dependency.attribute),
    ...deps.metrics.map(dependency.metric),
    ...deps.events.map(dependency.event),
    ...deps.segments.map(dependency.segment),
    ...(deps.time ? [dependency.time] : []),
  ];
}

/** A change to an attribute: the built-in computed ones are metrics, the rest attributes. */
export const attributeToken = (key: string) => (metricKeys.has(key) ? dependency.metric(key) : dependency.attribute(key));

/**
 * The segments a change can move, given each segment's direct dependencies: those that depend on
 * something the change touches, and, transitively, those that refer to an affected segment. A change
 * touching `*`, or a segment depending on `*`, always matches.
 */
export function affectedSegments(index: readonly { id: string; dependsOn: readonly string[] }[], touches: readonly string[]): Set<string> {
  const touched = new Set(touches);
  const everything = touched.has(dependency.anything);
  const affected = new Set<string>();
  const referrers = new Map<string, string[]>();
  for (const s of index) {
    for (const d of s.dependsOn) {
      if (d.startsWith("segment:")) {
        const target = d.slice("segment:".length);
        referrers.set(target, [...(referrers.get(target) ?? []), s.id]);
      }
    }
  }
  const queue: string[] = [];
  for (const s of index) {
    if (everything || s.dependsOn.some((d) => d === dependency.anything || touched.has(d))) {
      affected.add(s.id);
      queue.push(s.id);
    }
  }
  while (queue.length) {
    for (const referrer of referrers.get(queue.pop()!) ?? []) {
      if (!affected.has(referrer)) {
        affected.add(referrer);
        queue.push(referrer);
      }
    }
  }
  return affected;
}
