import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { customers, queryRows, segmentMembers, segmentRefreshes, segments, type Db } from "@facet/db";
import { segmentDefinition, type SegmentDefinition } from "@facet/validators";
import { rfmValues } from "../customer/rfm-values";
import { customerValues } from "../customer/values";
import { notFound } from "../errors";
import { compileConditions, compileDefinition, type RuleContext } from "../rules";
import type { WorkspaceScope } from "../scope";
import { attributesUsed, loadRuleContext } from "./context";
import { packedOrdinals } from "./ordinals";
import { idCursor } from "../cursor";
import { checksConcerning, runChecks } from "../check/run";
import type { NotifyDeps } from "../notification";
import { scheduleFlips } from "../live/schedule";

type Scope = Pick<WorkspaceScope, "db" | "workspaceId">;

/**
 * Runs segment queries with custom plans: the values in a rule decide the best plan, and a generic
 * plan chosen after a few runs was seen 3.5x slower.
 */
export async function withCustomPlans<T>(db: Db, run: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
    return run(tx);
  });
}

/**
 * What a definition selects right now: count, share, how many each top-level condition alone
 * selects, a sample of members with the values the rule uses, and, for a saved segment, who would
 * enter and leave. One scan of the workspace's customers for all the counts.
 */
export async function previewSegment(scope: Scope, raw: SegmentDefinition, segmentId?: string) {
  const def = segmentDefinition.parse(raw);
  if (segmentId) {
    const [own] = await scope.db
      .select({ id: segments.id })
      .from(segments)
      .where(and(eq(segments.workspaceId, scope.workspaceId), eq(segments.id, segmentId)));
    if (!own) throw notFound("segment");
  }
  const ctx = await loadRuleContext(scope, def);
  // The whole definition and each top-level condition alone, sharing one CTE per referenced segment.
  const compiled = compileConditions([def.root, ...def.root.children], ctx, segmentId);
  const [where, ...parts] = compiled.where as [SQL, ...SQL[]];
  const member = segmentId
    ? sql`exists (select 1 from segment_members m where m.workspace_id = ${scope.workspaceId} and m.segment_id = ${segmentId} and m.customer_id = ${customers.id})`
    : sql`false`;
  return withCustomPlans(scope.db, async (tx) => {
    const [row] = await queryRows<Record<string, number>>(
      tx,
      sql`${compiled.with ? sql`with ${compiled.with} ` : sql``}select count(*)::int as total, count(*) filter (where ${where})::int as matched,
            count(*) filter (where ${where} and not ${member})::int as entering,
            count(*) filter (where not (${where}) and ${member})::int as leaving
            ${sql.join(
              parts.map((p, i) => sql`, count(*) filter (where ${p})::int as ${sql.identifier(`c${i}`)}`),
              sql``,
            )}
          from customers where ${customers.workspaceId} = ${scope.workspaceId}`,
    );
    const share = row!.total ? row!.matched! / row!.total : 0;
    const sample = await sampleMatches(tx, scope.workspaceId, def, ctx, { limit: 20, share, selfId: segmentId });
    const used = attributesUsed(def.root);
    const rfm = await rfmValues(
      tx,
      scope.workspaceId,
      sample.map((c) => c.id),
    );
    return {
      total: row!.total!,
      count: row!.matched!,
      share,
      conditions: parts.map((_, i) => row![`c${i}`]!),
      impact: segmentId ? { entering: row!.entering!, leaving: row!.leaving! } : null,
      sample: sample.map((c) => {
        const values = { ...customerValues(c), ...rfm.get(c.id) };
        return {
          id: c.id,
          email: c.email,
          name: c.name,
          externalId: c.externalId,
          values: Object.fromEntries(used.map((k) => [k, values[k] ?? null])),
        };
      }),
    };
  });
}

/** Below this share of customers, a sample walks too many customers to test events one by one. */
const PER_CUSTOMER_SHARE = 0.01;

/**
 * Up to `limit` of the newest customers a definition selects. When the rule is known to select a
 * fair share of customers, event conditions are tested per customer along the newest-first index,
 * so about limit/share customers are looked at; otherwise each event condition is aggregated once.
 */
export async function sampleMatches(
  tx: Db,
  workspaceId: string,
  def: SegmentDefinition,
  ctx: RuleContext,
  opts: { limit: number; share: number; selfId?: string },
) {
  const where = compileDefinition(def, ctx, opts.selfId, opts.share >= PER_CUSTOMER_SHARE ? "per_customer" : "set");
  return tx
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), where))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(opts.limit);
}

/** Why a refresh ran (its change log entries carry it as their cause): "retyped" and "rfm" follow an attribute's new type and an RFM run. */
export type RefreshReason = "created" | "edited" | "manual" | "schedule" | "reconcile" | "retyped" | "rfm";

/** Refreshes that reconcile: the definition didn't change, so on a live segment they should find nothing to do. */
export const reconciling = (reason: RefreshReason) => reason === "schedule" || reason === "reconcile";

/**
 * Recomputes a segment's members from its definition in one statement: who matches now, who
 * entered, who left, then its when-next-flip schedule. Records the refresh for the size history, then
 * measures the segment's checks. `notify`: how a check that starts failing reaches people beyond the app (a
 * job's mailer); `now`: the clock the rules read.
 */
export async function refreshSegment(
  db: Db,
  workspaceId: string,
  segmentId: string,
  reason: RefreshReason,
  opts: { notify?: NotifyDeps; now?: Date } = {},
) {
  const { notify: notifyDeps = {}, now = new Date() } = opts;
  const started = Date.now();
  const [seg] = await db
    .select({ definition: segments.definition, version: segments.version })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
  if (!seg) throw notFound("segment");
  const ctx = await loadRuleContext({ db, workspaceId }, seg.definition, now);
  const compiled = compileConditions([seg.definition.root], ctx, segmentId);
  const where = compiled.where[0]!;
  const result = await withCustomPlans(db, async (tx) => {
    // One refresh of a segment at a time: a second waits here, then sees the first one's members, so
    // the insert below never meets a row it didn't expect (a plain insert is ~3x cheaper per row
    // than one that checks for conflicts).
    await tx.execute(sql`select 1 from segments where workspace_id = ${workspaceId} and id = ${segmentId} for update`);
    const [r] = await queryRows<{ size: number; entered: number; exited: number; corrected: number }>(
      tx,
      // Set differences, each computed once (materialized), find who left and who entered. Right after
      // a refresh the statistics still say the segment is empty; an inlined difference was then
      // recomputed for every member (66k members: 67 s).
      sql`with ${compiled.with ? sql`${compiled.with}, ` : sql``}matched as materialized (
            select ${customers.id} as id, ${customers.ordinal} as ordinal from customers where ${customers.workspaceId} = ${workspaceId} and ${where}
          ), current as materialized (
            select customer_id as id from segment_members where workspace_id = ${workspaceId} and segment_id = ${segmentId}
          ), gone as materialized (
            select id from current except select id from matched
          ), arriving as materialized (
            select id from matched except select id from current
          ), removed as (
            delete from segment_members m
            where m.workspace_id = ${workspaceId} and m.segment_id = ${segmentId} and m.customer_id in (select id from gone)
            returning 1
          ), added as (
            -- In key order: the indexes and the customer check then walk their pages once (3x faster than hash order).
            insert into segment_members (workspace_id, segment_id, customer_id)
            select ${workspaceId}, ${segmentId}, id from arriving order by id
            returning 1
          ), logged as (
            -- The change log hears of every difference a refresh makes (a live segment's refresh should find none).
            insert into segment_changes (workspace_id, segment_id, customer_id, change, cause)
            select ${workspaceId}, ${segmentId}, id, change, ${reason}
            from (select id, 'exited' as change from gone union all select id, 'entered' from arriving) x order by id
          ), stored as (
            update segments set member_count = (select count(*) from matched), refreshed_at = now(), refresh_error = null,
              member_ordinals = (select ${packedOrdinals(sql`ordinal`)} from matched)
            where workspace_id = ${workspaceId} and id = ${segmentId}
          )
          select (select count(*) from matched)::int as size, (select count(*) from added)::int as entered,
                 (select count(*) from removed)::int as exited,
                 -- What a reconciliation corrected: differences of customers with no change still waiting for the live evaluator.
                 ${
                   reconciling(reason)
                     ? sql`(select count(*) from (select id from gone union all select id from arriving) d
                           where d.id not in (select customer_id from customer_changes where workspace_id = ${workspaceId}))::int`
                     : sql`0`
                 } as corrected`,
    );
    const result = { size: r!.size, entered: r!.entered, exited: r!.exited, corrected: r!.corrected };
    await scheduleFlips(tx, workspaceId, segmentId, seg.definition, ctx);
    await tx
      .insert(segmentRefreshes)
      .values({ workspaceId, segmentId, version: seg.version, ...result, reason, durationMs: Date.now() - started });
    return result;
  });
  // The segment checks concerning it, on the new members (after the refresh's own transaction).
  await runChecks(db, workspaceId, await checksConcerning(db, workspaceId, [segmentId]), "refresh", notifyDeps);
  return result;
}

/** A page of a segment's members (as of its last refresh). */
export async function listMembers(scope: Scope, segmentId: string, page: { cursor?: string | null; limit: number }) {
  const rows = await scope.db
    .select({
      id: customers.id,
      email: customers.email,
      name: customers.name,
      externalId: customers.externalId,
      since: segmentMembers.since,
    })
    .from(segmentMembers)
    .innerJoin(customers, and(eq(customers.workspaceId, segmentMembers.workspaceId), eq(customers.id, segmentMembers.customerId)))
    .where(
      and(
        eq(segmentMembers.workspaceId, scope.workspaceId),
        eq(segmentMembers.segmentId, segmentId),
        page.cursor ? sql`${segmentMembers.customerId} > ${idCursor.decode(page.cursor)}` : undefined,
      ),
    )
    .orderBy(segmentMembers.customerId)
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? idCursor.encode(items[items.length - 1]!.id) : null };
}

/**
 * Segments whose schedule says they are due (hourly: refreshed over an hour ago; daily: over a day ago), and
 * segments refreshed by hand only, once a day, as their reconciliation (reason `reconcile`), across workspaces,
 * oldest first. Nothing is stamped here: `refreshed_at` moves only when a refresh
 * succeeds, so a failed one stays due (its job retries it with backoff; after its last attempt the
 * segment waits an hour before the schedule tries again).
 */
export async function dueSegments(db: Db, now = new Date(), limit = 100) {
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  return queryRows<{ workspace_id: string; id: string; reason: RefreshReason }>(
    db,
    sql`select s.workspace_id, s.id, case s.schedule when 'manual' then 'reconcile' else 'schedule' end as reason from segments s
        where s.archived_at is null and (
          (s.schedule = 'hourly' and coalesce(s.refreshed_at, 'epoch') < ${hourAgo}::timestamptz) or
          (s.schedule in ('daily', 'manual') and coalesce(s.refreshed_at, 'epoch') < ${dayAgo}::timestamptz))
        and not exists (select 1 from jobs j where j.kind = 'segment.refresh' and j.key = s.id and j.status = 'failed'
                        and j.finished_at > ${hourAgo}::timestamptz)
        order by s.refreshed_at nulls first limit ${limit}`,
  );
}

/** Records why a segment's refresh failed, for the segment page and list (cleared by the next good refresh). */
export async function recordRefreshFailure(db: Db, workspaceId: string, segmentId: string, error: string) {
  await db
    .update(segments)
    .set({ refreshError: error })
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
}
