// Segment checks: assertions a team writes on a segment ("size between 3% and 7% of customers"), measured after
// every live change batch and refresh that moves it; a check that starts failing alerts with its cause.
import { and, asc, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { attributes, newId, segmentCheckTransitions, segmentChecks, segments, type Db } from "@facet/db";
import {
  createSegmentCheckInput,
  updateSegmentCheckInput,
  type CreateSegmentCheckInput,
  type SegmentCheckRule,
  type SegmentCheckStatus,
  type UpdateSegmentCheckInput,
} from "@facet/validators";
import { recordAudit } from "../audit";
import { invalid, notFound } from "../errors";
import { actingUserId, requireRole, type WorkspaceScope } from "../scope";
import { clearCheckAlert } from "./alert";
import { describeRule } from "./judge";
import { namesOf, runChecks, type CheckRow } from "./run";

export { describeRule, judge, summariseChanges, startsFailing, type ChangeGroup, type Measure, type Judgement } from "./judge";
export { checksConcerning, runChecks, type CheckTrigger } from "./run";
export { checkAfterLiveChanges, checkSegmentNow, liveCheckIntervalMs } from "./live";
export { alertCheckFailed, checkFailedKind, type CheckAlert } from "./alert";

/** Checks a segment may have: each is measured on every change batch that moves the segment. */
export const checksPerSegment = 20;

const columns = {
  id: segmentChecks.id,
  segmentId: segmentChecks.segmentId,
  rule: segmentChecks.rule,
  status: segmentChecks.status,
  value: segmentChecks.value,
  measured: segmentChecks.measured,
  cause: segmentChecks.cause,
  checkedAt: segmentChecks.checkedAt,
  statusSince: segmentChecks.statusSince,
  createdAt: segmentChecks.createdAt,
};

export interface SegmentCheck {
  id: string;
  segmentId: string;
  rule: SegmentCheckRule;
  /** The rule in words, with the names it refers to as they are now. */
  description: string;
  status: SegmentCheckStatus;
  value: number | null;
  measured: string;
  cause: string;
  checkedAt: Date | null;
  statusSince: Date | null;
  createdAt: Date;
}

async function ownSegment(db: Db, workspaceId: string, segmentId: string) {
  const [row] = await db
    .select({ id: segments.id, archivedAt: segments.archivedAt })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
  if (!row) throw notFound("segment");
  return row;
}

/** A check of this workspace (and of this segment, when one is named). */
async function checkRow(db: Db, workspaceId: string, checkId: string, segmentId?: string) {
  const [row] = await db
    .select(columns)
    .from(segmentChecks)
    .where(and(eq(segmentChecks.workspaceId, workspaceId), eq(segmentChecks.id, checkId)));
  if (!row || (segmentId !== undefined && row.segmentId !== segmentId)) throw notFound("check");
  return row;
}

/** The checks with their rules in words (names of the segments and attributes they refer to, as they are now). */
async function described(db: Db, workspaceId: string, rows: Awaited<ReturnType<typeof checkRow>>[]) {
  const others = [...new Set(rows.flatMap((r) => (r.rule.kind === "overlap" ? [r.rule.segmentId] : [])))];
  const segs = others.length
    ? await db
        .select({ id: segments.id, name: segments.name })
        .from(segments)
        .where(and(eq(segments.workspaceId, workspaceId), inArray(segments.id, others)))
    : [];
  const attrs = rows.some((r) => r.rule.kind === "known")
    ? await db.select({ key: attributes.key, label: attributes.label }).from(attributes).where(eq(attributes.workspaceId, workspaceId))
    : [];
  const segmentNames = new Map(segs.map((s) => [s.id, s.name]));
  const attributeMap = new Map(attrs.map((a) => [a.key, a]));
  return rows.map((r): SegmentCheck => ({
    ...r,
    status: r.status as SegmentCheckStatus,
    description: describeRule(r.rule, namesOf(r.rule, segmentNames, attributeMap)),
  }));
}

/** A rule's references must be this workspace's, live, and not the segment itself. */
async function checkRule(scope: WorkspaceScope, segmentId: string, rule: SegmentCheckRule) {
  if (rule.kind === "overlap") {
    if (rule.segmentId === segmentId) throw invalid("Choose another segment: a segment always overlaps itself fully.", "rule.segmentId");
    const other = await ownSegment(scope.db, scope.workspaceId, rule.segmentId);
    if (other.archivedAt) throw invalid("That segment is archived; restore it or choose another.", "rule.segmentId");
  }
  if (rule.kind === "known") {
    const [attr] = await scope.db
      .select({ key: attributes.key })
      .from(attributes)
      .where(and(eq(attributes.workspaceId, scope.workspaceId), eq(attributes.key, rule.attribute), isNull(attributes.archivedAt)));
    if (!attr) throw invalid(`There is no attribute "${rule.attribute}" in this workspace.`, "rule.attribute");
  }
}

const asCheckRow = (r: Awaited<ReturnType<typeof checkRow>>): CheckRow => ({
  id: r.id,
  segmentId: r.segmentId,
  rule: r.rule,
  status: r.status as SegmentCheckStatus,
  checkedAt: r.checkedAt,
});

/** A segment's checks, oldest first, with their last measure. */
export async function listSegmentChecks(scope: WorkspaceScope, segmentId: string): Promise<SegmentCheck[]> {
  await ownSegment(scope.db, scope.workspaceId, segmentId);
  const rows = await scope.db
    .select(columns)
    .from(segmentChecks)
    .where(and(eq(segmentChecks.workspaceId, scope.workspaceId), eq(segmentChecks.segmentId, segmentId)))
    .orderBy(asc(segmentChecks.createdAt), asc(segmentChecks.id));
  return described(scope.db, scope.workspaceId, rows);
}

async function checkById(scope: WorkspaceScope, checkId: string): Promise<SegmentCheck> {
  return (await described(scope.db, scope.workspaceId, [await checkRow(scope.db, scope.workspaceId, checkId)]))[0]!;
}

/** Adds a check to a segment and measures it at once. Editors and up. */
export async function createSegmentCheck(scope: WorkspaceScope, raw: CreateSegmentCheckInput): Promise<SegmentCheck> {
  requireRole(scope, "editor");
  const input = createSegmentCheckInput.parse(raw);
  await ownSegment(scope.db, scope.workspaceId, input.segmentId);
  await checkRule(scope, input.segmentId, input.rule);
  const id = newId("chk");
  await scope.db.transaction(async (tx) => {
    // The segment's row lock serialises additions, so the limit holds under concurrent requests.
    await tx
      .select({ id: segments.id })
      .from(segments)
      .where(and(eq(segments.workspaceId, scope.workspaceId), eq(segments.id, input.segmentId)))
      .for("update");
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(segmentChecks)
      .where(and(eq(segmentChecks.workspaceId, scope.workspaceId), eq(segmentChecks.segmentId, input.segmentId)));
    if (n >= checksPerSegment) throw invalid(`A segment can have at most ${checksPerSegment} checks.`, "rule");
    await tx.insert(segmentChecks).values({
      workspaceId: scope.workspaceId,
      id,
      segmentId: input.segmentId,
      rule: input.rule,
      createdBy: actingUserId(scope.actor),
    });
    await recordAudit(tx, scope, { action: "segment.checkAdded", targetType: "segment", targetId: input.segmentId, data: { checkId: id } });
  });
  await runChecks(scope.db, scope.workspaceId, [asCheckRow(await checkRow(scope.db, scope.workspaceId, id))], "saved");
  return checkById(scope, id);
}

/** Changes a check's rule and measures it again. Editors and up. */
export async function updateSegmentCheck(scope: WorkspaceScope, raw: UpdateSegmentCheckInput): Promise<SegmentCheck> {
  requireRole(scope, "editor");
  const input = updateSegmentCheckInput.parse(raw);
  const current = await checkRow(scope.db, scope.workspaceId, input.checkId, input.segmentId);
  await checkRule(scope, current.segmentId, input.rule);
  await scope.db.transaction(async (tx) => {
    await tx
      .update(segmentChecks)
      .set({ rule: input.rule, updatedAt: new Date() })
      .where(and(eq(segmentChecks.workspaceId, scope.workspaceId), eq(segmentChecks.id, input.checkId)));
    await recordAudit(tx, scope, {
      action: "segment.checkEdited",
      targetType: "segment",
      targetId: current.segmentId,
      data: { checkId: input.checkId },
    });
  });
  await runChecks(scope.db, scope.workspaceId, [asCheckRow(await checkRow(scope.db, scope.workspaceId, input.checkId))], "saved");
  return checkById(scope, input.checkId);
}

/** Removes a check and its history. Editors and up. */
export async function deleteSegmentCheck(scope: WorkspaceScope, checkId: string, segmentId?: string): Promise<{ id: string }> {
  requireRole(scope, "editor");
  const current = await checkRow(scope.db, scope.workspaceId, checkId, segmentId);
  await scope.db.transaction(async (tx) => {
    await tx.delete(segmentChecks).where(and(eq(segmentChecks.workspaceId, scope.workspaceId), eq(segmentChecks.id, checkId)));
    await recordAudit(tx, scope, { action: "segment.checkDeleted", targetType: "segment", targetId: current.segmentId, data: { checkId } });
  });
  await clearCheckAlert(scope.db, { workspaceId: scope.workspaceId, checkId });
  return { id: checkId };
}

/** A check's changes of status, newest first, with the value and cause at each. */
export async function segmentCheckHistory(scope: WorkspaceScope, checkId: string, limit: number) {
  await checkRow(scope.db, scope.workspaceId, checkId);
  const rows = await scope.db
    .select({
      at: segmentCheckTransitions.at,
      from: segmentCheckTransitions.from,
      to: segmentCheckTransitions.to,
      value: segmentCheckTransitions.value,
      measured: segmentCheckTransitions.measured,
      cause: segmentCheckTransitions.cause,
      trigger: segmentCheckTransitions.trigger,
    })
    .from(segmentCheckTransitions)
    .where(and(eq(segmentCheckTransitions.workspaceId, scope.workspaceId), eq(segmentCheckTransitions.checkId, checkId)))
    .orderBy(desc(segmentCheckTransitions.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, from: r.from as SegmentCheckStatus, to: r.to as SegmentCheckStatus }));
}
