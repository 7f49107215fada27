import { and, arrayContains, asc, desc, eq, ilike, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { customers, newId, queryRows, textArray, segmentRefreshes, segmentVersions, segments, users, type Db } from "@facet/db";
import {
  createSegmentInput,
  segmentDefinition,
  updateSegmentInput,
  type CreateSegmentInput,
  type EventRule,
  type Rule,
  type SegmentDefinition,
  type UpdateSegmentInput,
} from "@facet/validators";
import { recordAudit } from "../audit";
import { rfmValues } from "../customer/rfm-values";
import { customerValues } from "../customer/values";
import { notFound } from "../errors";
import {
  compileDefinition,
  definitionDependencies,
  dependency,
  dependencyTokens,
  evaluateDefinition,
  eventRulesOf,
  eventStatsQuery,
  type EventStats,
} from "../rules";
import { actingUserId, actorLabel, requireRole, type WorkspaceScope } from "../scope";
import { loadRuleContext } from "./context";
import { refreshDependents } from "./dependents";
import { listMembers, refreshSegment, type RefreshReason } from "./membership";
import { timeIdCursor } from "../cursor";
import { reviewHealthSoon } from "../health/review";
import { followTimeOf } from "../live/schedule";

export {
  listMembers,
  previewSegment,
  dueSegments,
  recordRefreshFailure,
  refreshSegment,
  sampleMatches,
  withCustomPlans,
  type RefreshReason,
} from "./membership";
export { loadRuleContext } from "./context";
export { segmentOverlap } from "./overlap";
export { exportSegmentMembersCsv } from "./export";
export { buildTemplate, listTemplates, type SegmentTemplate } from "./templates";

const summaryColumns = {
  id: segments.id,
  name: segments.name,
  description: segments.description,
  tags: segments.tags,
  schedule: segments.schedule,
  version: segments.version,
  memberCount: segments.memberCount,
  refreshedAt: segments.refreshedAt,
  refreshError: segments.refreshError,
  archivedAt: segments.archivedAt,
  createdAt: segments.createdAt,
  updatedAt: segments.updatedAt,
};

/**
 * A refresh by hand, as a job run here and now (the user waits for the new members): recorded with its
 * status, and retried in the background with backoff if it fails, the failure shown on the segment.
 * (A save refreshes inside its own transaction, so a failed refresh leaves the save undone.)
 * Without a job system (scripts that build data), it refreshes directly.
 */
async function refreshAsJob(scope: WorkspaceScope, segmentId: string, reason: RefreshReason) {
  if (!scope.jobs) {
    const r = await refreshSegment(scope.db, scope.workspaceId, segmentId, reason);
    return { status: "succeeded" as const, error: null, ...r };
  }
  const job = await scope.jobs.runNow("segment.refresh", { segmentId, reason }, { key: segmentId, workspaceId: scope.workspaceId });
  const r = job.result as { size: number; entered: number; exited: number } | null;
  return { status: job.status, error: job.error, size: r?.size ?? 0, entered: r?.entered ?? 0, exited: r?.exited ?? 0 };
}

/** The user behind a change; none when an API key made it (its name is in authorEmail). */
const authorOf = (scope: WorkspaceScope) => actingUserId(scope.actor);

async function segmentRow(db: Db, workspaceId: string, segmentId: string) {
  const [row] = await db
    .select({ ...summaryColumns, definition: segments.definition })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
  if (!row) throw notFound("segment");
  return row;
}

/** Checks a definition against the workspace (attributes, referenced segments, no cycle through `selfId`). */
async function checkDefinition(scope: WorkspaceScope, def: SegmentDefinition, selfId: string) {
  compileDefinition(def, await loadRuleContext(scope, def), selfId);
}

/**
 * Saves a new segment (version 1) and computes its members, in one transaction: a definition that
 * can't be computed saves nothing. Editors and up.
 */
export async function createSegment(scope: WorkspaceScope, raw: CreateSegmentInput) {
  requireRole(scope, "editor");
  const input = createSegmentInput.parse(raw);
  const id = newId("seg");
  await checkDefinition(scope, input.definition, id);
  await scope.db.transaction(async (tx) => {
    await tx.insert(segments).values({
      workspaceId: scope.workspaceId,
      id,
      name: input.name,
      description: input.description,
      tags: input.tags,
      schedule: input.schedule,
      definition: input.definition,
      dependsOn: dependencyTokens(definitionDependencies(input.definition)),
      createdBy: authorOf(scope),
    });
    await tx.insert(segmentVersions).values({
      workspaceId: scope.workspaceId,
      segmentId: id,
      version: 1,
      definition: input.definition,
      authorId: authorOf(scope),
      authorEmail: actorLabel(scope.actor),
    });
    await recordAudit(tx, scope, { action: "segment.created", targetType: "segment", targetId: id, data: { name: input.name } });
    await refreshSegment(tx, scope.workspaceId, id, "created");
  });
  await reviewHealthSoon(scope, id);
  return segmentRow(scope.db, scope.workspaceId, id);
}

/**
 * Renames, retags, reschedules, or saves a new version of the definition and refreshes members, in
 * one transaction (a failed refresh leaves the segment as it was).
 */
export async function updateSegment(scope: WorkspaceScope, raw: UpdateSegmentInput) {
  requireRole(scope, "editor");
  const input = updateSegmentInput.parse(raw);
  const current = await segmentRow(scope.db, scope.workspaceId, input.segmentId);
  const changed = input.definition && JSON.stringify(input.definition) !== JSON.stringify(current.definition);
  if (changed) await checkDefinition(scope, input.definition!, input.segmentId);
  await scope.db.transaction(async (tx) => {
    const version = changed ? current.version + 1 : current.version;
    await tx
      .update(segments)
      .set({
        name: input.name ?? current.name,
        description: input.description ?? current.description,
        tags: input.tags ?? current.tags,
        schedule: input.schedule ?? current.schedule,
        ...(changed
          ? { definition: input.definition, dependsOn: dependencyTokens(definitionDependencies(input.definition!)), version }
          : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(segments.workspaceId, scope.workspaceId), eq(segments.id, input.segmentId)));
    if (changed) {
      await tx.insert(segmentVersions).values({
        workspaceId: scope.workspaceId,
        segmentId: input.segmentId,
        version,
        definition: input.definition!,
        authorId: authorOf(scope),
        authorEmail: actorLabel(scope.actor),
      });
    }
    await recordAudit(tx, scope, {
      action: changed ? "segment.edited" : "segment.updated",
      targetType: "segment",
      targetId: input.segmentId,
      data: { version },
    });
    if (changed) await refreshSegment(tx, scope.workspaceId, input.segmentId, "edited");
  });
  // The new definition moves the members of every segment that refers to this one, directly or through others.
  if (changed)
    await refreshDependents(scope.db, scope.jobs, scope.workspaceId, [dependency.segment(input.segmentId)], "edited", input.segmentId);
  if (changed) await reviewHealthSoon(scope, input.segmentId);
  return segmentRow(scope.db, scope.workspaceId, input.segmentId);
}

/** A segment, and while its last refresh failed, that refresh's job (attempts, next try). */
export async function segmentById(scope: WorkspaceScope, segmentId: string) {
  const row = await segmentRow(scope.db, scope.workspaceId, segmentId);
  const job = row.refreshError && scope.jobs ? await scope.jobs.latest("segment.refresh", segmentId) : null;
  const refreshJob = job ? { status: job.status, attempts: job.attempts, maxAttempts: job.maxAttempts, runAt: job.runAt } : null;
  return { ...row, refreshJob };
}

/** Segments by most recently changed, with their size, share of all customers, owner and recent sizes. */
export async function listSegments(
  scope: WorkspaceScope,
  input: { q: string; tag?: string; archived: boolean; cursor?: string | null; limit: number },
) {
  const after = input.cursor ? timeIdCursor.decode(input.cursor) : null;
  const mine = eq(segments.workspaceId, scope.workspaceId);
  const rows = await scope.db
    .select({ ...summaryColumns, owner: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})` })
    .from(segments)
    .leftJoin(users, eq(users.id, segments.createdBy))
    .where(
      and(
        mine,
        input.archived ? isNotNull(segments.archivedAt) : isNull(segments.archivedAt),
        input.q ? ilike(segments.name, `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
        input.tag ? arrayContains(segments.tags, [input.tag]) : undefined,
        after ? or(lt(segments.updatedAt, after.at), and(eq(segments.updatedAt, after.at), lt(segments.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(segments.updatedAt), desc(segments.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const [[{ total } = { total: 0 }], recent, tags] = await Promise.all([
    scope.db
      .select({ total: sql<number>`count(*)::int` })
      .from(customers)
      .where(eq(customers.workspaceId, scope.workspaceId)),
    recentSizes(
      scope,
      page.map((s) => s.id),
    ),
    queryRows<{ tag: string }>(
      scope.db,
      sql`select distinct unnest(tags) as tag from segments where workspace_id = ${scope.workspaceId} order by 1 limit 200`,
    ),
  ]);
  const items = page.map((s) => ({ ...s, share: total ? s.memberCount / total : 0, sizes: recent.get(s.id) ?? [] }));
  const last = items[items.length - 1];
  return {
    items,
    total,
    tags: tags.map((t) => t.tag),
    nextCursor: rows.length > input.limit && last ? timeIdCursor.encode(last.updatedAt, last.id) : null,
  };
}

/** The sizes after the last 30 refreshes of each segment, oldest first, for sparklines. */
async function recentSizes(scope: WorkspaceScope, segmentIds: string[]): Promise<Map<string, number[]>> {
  if (segmentIds.length === 0) return new Map();
  const rows = await queryRows<{ segmentId: string; sizes: number[] }>(
    scope.db,
    sql`select s.id as "segmentId", array(select size from (select r.id, r.size from segment_refreshes r
          where r.workspace_id = ${scope.workspaceId} and r.segment_id = s.id order by r.id desc limit 30) x order by x.id) as sizes
        from unnest(${textArray(segmentIds)}) s(id)`,
  );
  return new Map(rows.map((r) => [r.segmentId, r.sizes.map(Number)]));
}

export async function listVersions(scope: WorkspaceScope, segmentId: string) {
  await segmentRow(scope.db, scope.workspaceId, segmentId);
  return scope.db
    .select({
      version: segmentVersions.version,
      definition: segmentVersions.definition,
      authorEmail: segmentVersions.authorEmail,
      createdAt: segmentVersions.createdAt,
    })
    .from(segmentVersions)
    .where(and(eq(segmentVersions.workspaceId, scope.workspaceId), eq(segmentVersions.segmentId, segmentId)))
    .orderBy(desc(segmentVersions.version));
}

/** Saves an older definition again, as a new version. */
export async function restoreVersion(scope: WorkspaceScope, segmentId: string, version: number) {
  requireRole(scope, "editor");
  const [old] = await scope.db
    .select({ definition: segmentVersions.definition })
    .from(segmentVersions)
    .where(
      and(
        eq(segmentVersions.workspaceId, scope.workspaceId),
        eq(segmentVersions.segmentId, segmentId),
        eq(segmentVersions.version, version),
      ),
    );
  if (!old) throw notFound("version");
  return updateSegment(scope, { workspaceId: scope.workspaceId, segmentId, definition: segmentDefinition.parse(old.definition) });
}

export async function duplicateSegment(scope: WorkspaceScope, segmentId: string) {
  const s = await segmentRow(scope.db, scope.workspaceId, segmentId);
  return createSegment(scope, {
    workspaceId: scope.workspaceId,
    name: `${s.name} (copy)`.slice(0, 100),
    description: s.description,
    tags: s.tags,
    schedule: s.schedule,
    definition: s.definition,
  });
}

export async function setSegmentArchived(scope: WorkspaceScope, segmentId: string, archived: boolean) {
  requireRole(scope, "editor");
  await segmentRow(scope.db, scope.workspaceId, segmentId);
  await scope.db
    .update(segments)
    .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
    .where(and(eq(segments.workspaceId, scope.workspaceId), eq(segments.id, segmentId)));
  await followTimeOf(scope.db, scope.workspaceId, segmentId, !archived);
  await recordAudit(scope.db, scope, {
    action: archived ? "segment.archived" : "segment.restored",
    targetType: "segment",
    targetId: segmentId,
  });
  await reviewHealthSoon(scope, segmentId);
  return segmentRow(scope.db, scope.workspaceId, segmentId);
}

/** Refreshes now, on request. */
export async function refreshNow(scope: WorkspaceScope, segmentId: string) {
  requireRole(scope, "editor");
  await segmentRow(scope.db, scope.workspaceId, segmentId);
  return refreshAsJob(scope, segmentId, "manual");
}

/** Rules whose answer changes as time passes, with no new data: relative dates and event windows. */
const movesWithTime = (rule: Rule): boolean =>
  rule.type === "group"
    ? rule.children.some(movesWithTime)
    : rule.type === "event"
      ? rule.window.kind === "last_days"
      : rule.type === "attribute"
        ? rule.operator === "within_last_days" || rule.operator === "not_within_last_days" || rule.attribute === "days_since_last_purchase"
        : false;

export type RefreshCause = "created" | "definition edited" | "no change" | "new data" | "new data or time passing";

/** Why a refresh changed membership: an edit, or (for the same definition) new data, or time passing. */
function causeOf(reason: string, entered: number, exited: number, definition: SegmentDefinition | null): RefreshCause {
  if (reason === "created") return "created";
  if (reason === "edited") return "definition edited";
  if (entered === 0 && exited === 0) return "no change";
  return definition && movesWithTime(definition.root) ? "new data or time passing" : "new data";
}

/** Size after each refresh, with who entered and left and why. */
export async function sizeHistory(scope: WorkspaceScope, segmentId: string) {
  await segmentRow(scope.db, scope.workspaceId, segmentId);
  const rows = await scope.db
    .select({
      at: segmentRefreshes.at,
      version: segmentRefreshes.version,
      size: segmentRefreshes.size,
      entered: segmentRefreshes.entered,
      exited: segmentRefreshes.exited,
      reason: segmentRefreshes.reason,
      definition: segmentVersions.definition,
    })
    .from(segmentRefreshes)
    .leftJoin(
      segmentVersions,
      and(
        eq(segmentVersions.workspaceId, segmentRefreshes.workspaceId),
        eq(segmentVersions.segmentId, segmentRefreshes.segmentId),
        eq(segmentVersions.version, segmentRefreshes.version),
      ),
    )
    .where(and(eq(segmentRefreshes.workspaceId, scope.workspaceId), eq(segmentRefreshes.segmentId, segmentId)))
    .orderBy(desc(segmentRefreshes.id))
    .limit(500);
  return rows.reverse().map(({ definition, ...r }) => ({ ...r, cause: causeOf(r.reason, r.entered, r.exited, definition) }));
}

export async function segmentMembersPage(scope: WorkspaceScope, segmentId: string, page: { cursor?: string | null; limit: number }) {
  await segmentRow(scope.db, scope.workspaceId, segmentId);
  return listMembers(scope, segmentId, page);
}

/** How many segments the profile explains; the rest are listed by the segments page. */
const explainedSegments = 100;

/**
 * Every active segment with whether the customer is in it (as of its last refresh) and why, or why
 * not, evaluated now. Event rules are judged on counts and sums computed in SQL over all of the
 * customer's events (a heavy user's thousands of events included), so the trace is exact.
 */
export async function segmentsOfCustomer(scope: WorkspaceScope, customerId: string) {
  const [c] = await scope.db
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, scope.workspaceId), eq(customers.id, customerId)));
  if (!c) throw notFound("customer");
  const rows = await scope.db
    .select({
      id: segments.id,
      name: segments.name,
      definition: segments.definition,
      refreshedAt: segments.refreshedAt,
      member: sql<boolean>`exists (select 1 from segment_members m where m.workspace_id = ${segments.workspaceId}
        and m.segment_id = ${segments.id} and m.customer_id = ${customerId})`,
    })
    .from(segments)
    .where(and(eq(segments.workspaceId, scope.workspaceId), isNull(segments.archivedAt)))
    .orderBy(asc(segments.name))
    .limit(explainedSegments);
  // One context for all of them: attributes and referenced segments are loaded once, not per segment.
  const ctx = await loadRuleContext(scope, {
    version: 1,
    root: { type: "group", combinator: "and", negate: false, children: rows.map((r) => r.definition.root) },
  });
  const eventRules = [...rows.map((r) => r.definition.root), ...[...ctx.segments.values()].map((d) => d.root)].flatMap(eventRulesOf);
  const stats = eventRules.length
    ? await queryRows<{ i: number; count: number; sum: number; valued: number }>(scope.db, eventStatsQuery(eventRules, ctx, customerId))
    : [];
  const eventStats = new Map<EventRule, EventStats>();
  for (const r of stats) {
    const rule = eventRules[r.i];
    if (rule) eventStats.set(rule, { count: Number(r.count), sum: Number(r.sum), valued: Number(r.valued) });
  }
  // RFM scores live in their own table: the evaluator sees them like the compiled rule does.
  const evaluated = {
    values: { ...customerValues(c), ...(await rfmValues(scope.db, scope.workspaceId, [customerId])).get(customerId) },
    events: [],
    eventStats,
  };
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    refreshedAt: s.refreshedAt,
    member: s.member,
    why: evaluateDefinition(s.definition, evaluated, ctx, s.id),
  }));
}
