// The pure half of segment checks: what a rule says in words, whether a measure passes it, and how the
// change log's recent entries read as the cause of a failure. No database here (unit-tested).
import type { SegmentCheckRule, SegmentCheckStatus } from "@facet/validators";

const count = (n: number) => Math.round(n).toLocaleString("en-US");
/** A percentage as people read it: at most one decimal, none when whole (8.2%, 7%). */
export const percent = (v: number) => `${(Math.round(v * 10) / 10).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;
const hours = (h: number) => (h === 24 ? "a day" : h === 168 ? "a week" : h === 1 ? "an hour" : `${h} hours`);

/** Names the rule refers to by id or key, as the workspace shows them. */
export interface RuleNames {
  /** The other segment of an overlap check. */
  segment?: string | null;
  /** The attribute of a known check. */
  attribute?: string | null;
}

function bounds(min: number | null | undefined, max: number | null | undefined, show: (v: number) => string) {
  if (min != null && max != null) return min === max ? `exactly ${show(min)}` : `between ${show(min)} and ${show(max)}`;
  if (min != null) return `at least ${show(min)}`;
  return `at most ${show(max!)}`;
}

/** The rule in words: "Size between 3% and 7% of customers", "Overlaps Churned by at most 1% of members". */
export function describeRule(rule: SegmentCheckRule, names: RuleNames = {}): string {
  switch (rule.kind) {
    case "size":
      return rule.unit === "percent"
        ? `Size ${bounds(rule.min, rule.max, percent)} of customers`
        : `Size ${bounds(rule.min, rule.max, count)} members`;
    case "overlap":
      return `Overlaps ${names.segment ?? "another segment"} by at most ${percent(rule.maxPercent)} of members`;
    case "known":
      return `${names.attribute ?? rule.attribute} known for at least ${percent(rule.minPercent)} of members`;
    case "change":
      return `Grows or shrinks by at most ${percent(rule.maxPercent)} in ${hours(rule.periodHours)}`;
  }
}

/** What was measured for one check (the database half gathers these). */
export type Measure =
  | { kind: "size"; members: number; customers: number }
  /** `shared`: members also in the other segment; `other` null when that segment is gone or archived. */
  | { kind: "overlap"; members: number; shared: number; other: { name: string } | null }
  /** `known`: members with a value; `attribute` null when the attribute is gone or archived. */
  | { kind: "known"; members: number; known: number; attribute: { label: string } | null }
  /** `before`: the size at the start of the period (now less the net change the log records since). */
  | { kind: "change"; members: number; before: number };

export interface Judgement {
  status: Exclude<SegmentCheckStatus, "pending">;
  /** In the rule's unit: a percentage, or members for a size in members; null when there is nothing to measure. */
  value: number | null;
  /** The measure in words. */
  measured: string;
}

/** Whether a measure passes the rule, with the value and the measure in words. */
export function judge(rule: SegmentCheckRule, m: Measure): Judgement {
  if (rule.kind === "size" && m.kind === "size") {
    if (rule.unit === "count") {
      const ok = (rule.min == null || m.members >= rule.min) && (rule.max == null || m.members <= rule.max);
      return { status: ok ? "passing" : "failing", value: m.members, measured: `${count(m.members)} members` };
    }
    const value = m.customers ? (m.members / m.customers) * 100 : 0;
    // Compared on the counts, not on a rounded share (7% of 100 customers is 7 members exactly); with no
    // customers the share is 0%.
    const ok = m.customers
      ? (rule.min == null || m.members * 100 >= rule.min * m.customers) && (rule.max == null || m.members * 100 <= rule.max * m.customers)
      : (rule.min == null || rule.min <= 0) && (rule.max == null || rule.max >= 0);
    return {
      status: ok ? "passing" : "failing",
      value,
      measured: `${percent(value)} of customers (${count(m.members)} of ${count(m.customers)})`,
    };
  }
  if (rule.kind === "overlap" && m.kind === "overlap") {
    if (!m.other) return { status: "unknown", value: null, measured: "The other segment is archived or gone" };
    const value = m.members ? (m.shared / m.members) * 100 : 0;
    const ok = m.shared * 100 <= rule.maxPercent * m.members;
    return {
      status: ok ? "passing" : "failing",
      value,
      measured: `${percent(value)} of members are in ${m.other.name} (${count(m.shared)} of ${count(m.members)})`,
    };
  }
  if (rule.kind === "known" && m.kind === "known") {
    if (!m.attribute) return { status: "unknown", value: null, measured: `The attribute ${rule.attribute} is archived or gone` };
    if (m.members === 0) return { status: "passing", value: null, measured: "No members to measure" };
    const value = (m.known / m.members) * 100;
    const ok = m.known * 100 >= rule.minPercent * m.members;
    return {
      status: ok ? "passing" : "failing",
      value,
      measured: `${m.attribute.label} known for ${percent(value)} of members (${count(m.known)} of ${count(m.members)})`,
    };
  }
  if (rule.kind === "change" && m.kind === "change") {
    const period = hours(rule.periodHours);
    if (m.before === 0) {
      if (m.members === 0) return { status: "passing", value: 0, measured: `Empty, as ${period} ago` };
      // Growth from nothing is beyond any percentage.
      return { status: "failing", value: null, measured: `Grew from 0 to ${count(m.members)} members in ${period}` };
    }
    const value = (Math.abs(m.members - m.before) / m.before) * 100;
    const ok = Math.abs(m.members - m.before) * 100 <= rule.maxPercent * m.before;
    const verb = m.members === m.before ? "Unchanged" : m.members > m.before ? `Grew by ${percent(value)}` : `Shrank by ${percent(value)}`;
    return {
      status: ok ? "passing" : "failing",
      value,
      measured: `${verb} in ${period} (from ${count(m.before)} to ${count(m.members)} members)`,
    };
  }
  throw new Error(`A ${m.kind} measure can't judge a ${rule.kind} check`);
}

/** Recent entries of a segment's change log, grouped by what caused them (the database half groups them). */
export interface ChangeGroup {
  change: "entered" | "exited";
  /** The change log's cause: event, identify, import, edit, merge, erase, created, or a refresh's reason. */
  cause: string;
  /** The import's id, the event's name; "segment" for the refresh that created the segment. */
  ref: string | null;
  count: number;
  firstAt: Date;
  lastAt: Date;
  /** Another segment's log (an overlap check's other segment): its name. */
  segment?: string;
}

const causeLabels: Record<string, string> = {
  identify: "identify calls",
  edit: "edits in the app or API",
  merge: "customer merges",
  erase: "erasures",
  edited: "the definition was edited",
  manual: "a refresh by hand",
  schedule: "a scheduled refresh",
};

function causeLabel(g: Pick<ChangeGroup, "cause" | "ref">): string {
  if (g.cause === "import") return g.ref ? `import ${g.ref}` : "an import";
  if (g.cause === "event") return g.ref ? `event ${g.ref}` : "events";
  if (g.cause === "created") return g.ref === "segment" ? "the segment was created" : "new customers";
  return causeLabels[g.cause] ?? g.cause;
}

const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/** How many groups a cause names; the rest are counted. */
export const causeGroupsShown = 3;

/**
 * The cause of a failure in a line: the largest groups of recent changes, e.g.
 * "+2,300 entered at 14:02 UTC: import imp_…; −40 left 13:10–14:01 UTC: event purchase".
 */
export function summariseChanges(groups: readonly ChangeGroup[]): string {
  const moved = groups.filter((g) => g.count > 0);
  if (moved.length === 0) return "No members entered or left in that time";
  const sorted = [...moved].sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime());
  const shown = sorted.slice(0, causeGroupsShown).map((g) => {
    const sign = `${g.change === "entered" ? `+${count(g.count)} entered` : `−${count(g.count)} left`}${g.segment ? ` ${g.segment}` : ""}`;
    const when = hhmm(g.firstAt) === hhmm(g.lastAt) ? `at ${hhmm(g.lastAt)}` : `${hhmm(g.firstAt)}–${hhmm(g.lastAt)}`;
    return `${sign} ${when} UTC: ${causeLabel(g)}`;
  });
  const rest = sorted.slice(causeGroupsShown);
  if (rest.length) shown.push(`and ${count(rest.reduce((n, g) => n + g.count, 0))} more changes`);
  return shown.join("; ");
}

/** Whether a new status is news to the segment's owner: only a check that starts failing alerts. */
export const startsFailing = (from: SegmentCheckStatus, to: SegmentCheckStatus) => to === "failing" && from !== "failing";
