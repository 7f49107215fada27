import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { attributes, segmentCheckTransitions, segmentChecks, segments, textArray, type Db } from "@facet/db";
import type { SegmentCheckRule, SegmentCheckStatus } from "@facet/validators";
import type { NotifyDeps } from "../notification";
import { alertCheckFailed, clearCheckAlert, type CheckAlert } from "./alert";
import { describeRule, judge, startsFailing, summariseChanges, type Judgement, type RuleNames } from "./judge";
import { measureRules, recentChanges } from "./measure";

/** What ran a check: a live change batch, a refresh, or the check being saved. */
export type CheckTrigger = "live" | "refresh" | "saved";

export interface CheckRow {
  id: string;
  segmentId: string;
  rule: SegmentCheckRule;
  status: SegmentCheckStatus;
  checkedAt: Date | null;
}

const checkColumns = {
  id: segmentChecks.id,
  segmentId: segmentChecks.segmentId,
  rule: segmentChecks.rule,
  status: sql<SegmentCheckStatus>`${segmentChecks.status}`,
  checkedAt: segmentChecks.checkedAt,
};

/** The checks whose measure these segments' members move: their own, and overlaps with them. */
export async function checksConcerning(db: Db, workspaceId: string, segmentIds: readonly string[]): Promise<CheckRow[]> {
  if (segmentIds.length === 0) return [];
  const ids = textArray([...segmentIds]);
  return db
    .select(checkColumns)
    .from(segmentChecks)
    .where(
      and(
        eq(segmentChecks.workspaceId, workspaceId),
        sql`(${segmentChecks.segmentId} = any(${ids}) or (${segmentChecks.rule} ->> 'kind' = 'overlap' and ${segmentChecks.rule} ->> 'segmentId' = any(${ids})))`,
      ),
    )
    .orderBy(segmentChecks.id);
}

/** The names a rule refers to, as the workspace shows them now. */
export function namesOf(
  rule: SegmentCheckRule,
  segmentNames: ReadonlyMap<string, string>,
  attributeMap: ReadonlyMap<string, { label: string }>,
): RuleNames {
  if (rule.kind === "overlap") return { segment: segmentNames.get(rule.segmentId) ?? null };
  if (rule.kind === "known") return { attribute: attributeMap.get(rule.attribute)?.label ?? null };
  return {};
}

/** How far back a cause looks when the check has no earlier measure to start from. */
const defaultCauseHours = 24;

/**
 * Measures these checks now and records what changed: the value every time, and on a change of status the
 * transition, the cause from the change log when it starts failing, and the alert to the segment's owner
 * (after the change committed). Checks of archived segments wait until the segment is restored.
 */
export async function runChecks(
  db: Db,
  workspaceId: string,
  checks: readonly CheckRow[],
  trigger: CheckTrigger,
  notifyDeps: NotifyDeps = {},
) {
  if (checks.length === 0) return { checked: 0, started: 0 };
  const segmentIds = [...new Set(checks.map((c) => c.segmentId))];
  const otherIds = [...new Set(checks.flatMap((c) => (c.rule.kind === "overlap" ? [c.rule.segmentId] : [])))];
  const rows = await db
    .select({ id: segments.id, name: segments.name, members: segments.memberCount, archivedAt: segments.archivedAt })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), inArray(segments.id, [...new Set([...segmentIds, ...otherIds])])));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const liveNames = new Map(rows.filter((r) => !r.archivedAt).map((r) => [r.id, r.name]));
  const attrs = checks.some((c) => c.rule.kind === "known")
    ? await db
        .select({ key: attributes.key, label: attributes.label, column: attributes.column })
        .from(attributes)
        .where(and(eq(attributes.workspaceId, workspaceId), isNull(attributes.archivedAt)))
    : [];
  const attributeMap = new Map(attrs.map((a) => [a.key, a]));
  const alerts: CheckAlert[] = [];
  let checked = 0;
  for (const segmentId of segmentIds) {
    const seg = byId.get(segmentId);
    if (!seg || seg.archivedAt) continue;
    const own = checks.filter((c) => c.segmentId === segmentId);
    const measures = await measureRules(
      db,
      { workspaceId, segmentId, members: seg.members, segments: liveNames, attributes: attributeMap },
      own.map((c) => c.rule),
    );
    for (const [i, check] of own.entries()) {
      const verdict = judge(check.rule, measures[i]!);
      const names = namesOf(check.rule, liveNames, attributeMap);
      const alert = await record(db, workspaceId, check, verdict, trigger, {
        segment: seg.name,
        rule: describeRule(check.rule, names),
        other: names.segment,
      });
      if (alert) alerts.push(alert);
      checked++;
    }
  }
  for (const a of alerts) await alertCheckFailed(db, a, notifyDeps);
  return { checked, started: alerts.length };
}

/**
 * Stores a check's new measure. A change of status is written only by whoever finds the status it started from
 * (two processes checking at once record one transition and one alert), with the transition beside it.
 */
async function record(
  db: Db,
  workspaceId: string,
  check: CheckRow,
  verdict: Judgement,
  trigger: CheckTrigger,
  words: { segment: string; rule: string; other?: string | null },
): Promise<CheckAlert | null> {
  const mine = and(eq(segmentChecks.workspaceId, workspaceId), eq(segmentChecks.id, check.id));
  if (verdict.status === check.status) {
    await db
      .update(segmentChecks)
      .set({ value: verdict.value, measured: verdict.measured, checkedAt: sql`now()` })
      .where(and(mine, eq(segmentChecks.status, check.status)));
    return null;
  }
  let cause = "";
  if (verdict.status === "failing") {
    // Over the check's own period for a change in size; otherwise what moved since it was last measured
    // (a check just saved has no earlier measure of this rule: the last day).
    const hours = check.rule.kind === "change" ? check.rule.periodHours : defaultCauseHours;
    const floor = Date.now() - hours * 3_600_000;
    const fromLast = check.rule.kind !== "change" && trigger !== "saved" && check.checkedAt && check.checkedAt.getTime() > floor;
    const since = fromLast ? check.checkedAt! : new Date(floor);
    const groups = await recentChanges(db, workspaceId, check.segmentId, since, { limit: 50 });
    // An overlap also moves with the other segment's members.
    if (check.rule.kind === "overlap" && words.other)
      for (const g of await recentChanges(db, workspaceId, check.rule.segmentId, since, { limit: 50 }))
        groups.push({ ...g, segment: words.other });
    cause = summariseChanges(groups);
  }
  const changed = await db.transaction(async (tx) => {
    const updated = await tx
      .update(segmentChecks)
      .set({
        status: verdict.status,
        value: verdict.value,
        measured: verdict.measured,
        cause,
        checkedAt: sql`now()`,
        statusSince: sql`now()`,
      })
      .where(and(mine, eq(segmentChecks.status, check.status)))
      .returning({ id: segmentChecks.id });
    if (updated.length === 0) return false;
    await tx.insert(segmentCheckTransitions).values({
      workspaceId,
      checkId: check.id,
      from: check.status,
      to: verdict.status,
      value: verdict.value,
      measured: verdict.measured,
      cause,
      trigger,
    });
    return true;
  });
  if (!changed) return null;
  if (check.status === "failing") await clearCheckAlert(db, { workspaceId, checkId: check.id });
  if (!startsFailing(check.status, verdict.status)) return null;
  return {
    workspaceId,
    segmentId: check.segmentId,
    checkId: check.id,
    title: `Check failing on ${words.segment}: ${words.rule}`,
    body: `${verdict.measured}. Cause: ${cause}.`,
    link: `/segments/${check.segmentId}`,
  };
}
