import { and, eq, sql } from "drizzle-orm";
import { rfmGroupNames } from "@facet/validators";
import { attributes, discoveryRuns, newId, queryRows, rfmScores, type Db } from "@facet/db";
import { recordAudit } from "../audit";
import { isPurchase, refundEvents } from "../customer/metrics";
import { notFound, preconditionFailed } from "../errors";
import { actingUserId, requireRole, type WorkspaceScope } from "../scope";
import { createSegment } from "../segment";

/** The standard named RFM groups, by recency and frequency score (monetary colours the grid). */
export const rfmGroups = rfmGroupNames;
export type RfmGroup = (typeof rfmGroups)[number];

/** The R x F grid of the usual RFM segmentation, with "Lost" the corner of the oldest, rarest buyers. */
export function rfmGroup(r: number, f: number): RfmGroup {
  if (r === 5 && f >= 4) return "Champions";
  if (r >= 3 && f >= 4) return "Loyal";
  if (r >= 4 && f >= 2) return "Potential loyalists";
  if (r === 5 && f === 1) return "New";
  if (r === 4 && f === 1) return "Promising";
  if (r === 3 && f === 3) return "Need attention";
  if (r === 3 && f <= 2) return "About to sleep";
  if (r <= 2 && f === 5) return "Can't lose them";
  if (r <= 2 && f >= 3) return "At risk";
  if (r === 1 && f === 1) return "Lost";
  return "Hibernating";
}

/** The same mapping in SQL, generated from `rfmGroup` so the two can't disagree. */
const groupSql = (r: string, f: string) =>
  sql.raw(
    `case ${[1, 2, 3, 4, 5].flatMap((rv) => [1, 2, 3, 4, 5].map((fv) => `when ${r} = ${rv} and ${f} = ${fv} then '${rfmGroup(rv, fv).replace(/'/g, "''")}'`)).join(" ")} end`,
  );

/** Score 1-5 from quintile edges e1..e4: for frequency and monetary, higher values score higher. */
export const scoreUp = (v: number, edges: number[]) => 1 + edges.filter((e) => v > e).length;
/** For recency (days since the last purchase), fewer days score higher. */
export const scoreDown = (days: number, edges: number[]) => 5 - edges.filter((e) => days > e).length;

export interface RfmResult {
  asOf: string;
  scored: number;
  customers: number;
  edges: { recency: number[]; frequency: number[]; monetary: number[] };
  groups: { name: RfmGroup; customers: number; avgR: number; avgF: number; avgM: number }[];
  /** R (rows, 5 first) by F (columns, 1 first): customers and average monetary score. */
  grid: { r: number; f: number; customers: number; avgM: number }[];
  choices: string[];
  computeMs: number;
}

const rfmAttributes = [
  {
    key: "rfm_recency",
    label: "RFM recency score",
    column: "rfm_r",
    type: "number" as const,
    description: "1-5: quintile of days since the last purchase (5: most recent).",
  },
  {
    key: "rfm_frequency",
    label: "RFM frequency score",
    column: "rfm_f",
    type: "number" as const,
    description: "1-5: quintile of the number of orders (5: most).",
  },
  {
    key: "rfm_monetary",
    label: "RFM monetary score",
    column: "rfm_m",
    type: "number" as const,
    description: "1-5: quintile of total spend net of refunds (5: most).",
  },
  {
    key: "rfm_segment",
    label: "RFM group",
    column: "rfm_segment",
    type: "enum" as const,
    description: "Champions, Loyal, … Lost: from the recency and frequency scores.",
  },
];

/**
 * Scores every customer with a purchase: recency, frequency and monetary value from purchase and
 * refund events, quintile edges over the workspace's buyers, and the named group. Rewrites the
 * workspace's scores in one transaction.
 */
export async function scoreRfm(db: Db, workspaceId: string): Promise<RfmResult> {
  const started = performance.now();
  const refunds = sql.join(
    refundEvents.map((n) => sql`${n}`),
    sql`, `,
  );
  return db.transaction(async (tx) => {
    await tx.delete(rfmScores).where(eq(rfmScores.workspaceId, workspaceId));
    const [summary] = await queryRows<{
      as_of: string | null;
      scored: number;
      customers: number;
      er: number[] | null;
      ef: number[] | null;
      em: number[] | null;
    }>(
      tx,
      sql`with buyers as (
            select e.customer_id,
                   max(e.occurred_at) filter (where ${isPurchase(sql`e.name`)}) as last_purchase,
                   count(*) filter (where ${isPurchase(sql`e.name`)}) as frequency,
                   coalesce(sum(case when ${isPurchase(sql`e.name`)} then coalesce(e.revenue, 0) else -abs(coalesce(e.revenue, 0)) end), 0) as monetary
            from events e
            where e.workspace_id = ${workspaceId} and (${isPurchase(sql`e.name`)} or e.name in (${refunds}))
            group by e.customer_id),
          scored as (select * from buyers where last_purchase is not null),
          as_of as (select max(last_purchase) as t from scored),
          measured as (
            select s.customer_id, floor(extract(epoch from ((select t from as_of) - s.last_purchase)) / 86400)::int as recency_days, s.frequency::int, greatest(s.monetary, 0)::numeric(14, 2) as monetary
            from scored s),
          edges as (
            select percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by recency_days) as er,
                   percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by frequency) as ef,
                   percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by monetary) as em
            from measured),
          rfm as (
            select m.*,
                   (5 - (m.recency_days > er[1])::int - (m.recency_days > er[2])::int - (m.recency_days > er[3])::int - (m.recency_days > er[4])::int) as r,
                   (1 + (m.frequency > ef[1])::int + (m.frequency > ef[2])::int + (m.frequency > ef[3])::int + (m.frequency > ef[4])::int) as f,
                   (1 + (m.monetary > em[1])::int + (m.monetary > em[2])::int + (m.monetary > em[3])::int + (m.monetary > em[4])::int) as mm
            from measured m, edges),
          written as (
            insert into rfm_scores (workspace_id, customer_id, recency_days, frequency, monetary, r, f, m, segment)
            select ${workspaceId}, customer_id, recency_days, frequency, monetary, r, f, mm, ${groupSql("r", "f")}
            from rfm order by customer_id
            returning 1)
          select (select t from as_of)::text as as_of, (select count(*) from written)::int as scored,
                 (select count(*) from customers where workspace_id = ${workspaceId})::int as customers,
                 (select er from edges)::float8[] as er, (select ef from edges)::float8[] as ef, (select em from edges)::float8[] as em`,
    );
    const groups = await queryRows<{ name: RfmGroup; customers: number; avg_r: number; avg_f: number; avg_m: number }>(
      tx,
      sql`select segment as name, count(*)::int as customers, avg(r)::float8 as avg_r, avg(f)::float8 as avg_f, avg(m)::float8 as avg_m from rfm_scores where workspace_id = ${workspaceId} group by segment`,
    );
    const grid = await queryRows<{ r: number; f: number; customers: number; avg_m: number }>(
      tx,
      sql`select r::int, f::int, count(*)::int as customers, avg(m)::float8 as avg_m from rfm_scores where workspace_id = ${workspaceId} group by r, f`,
    );
    // The attributes segments use; created once, computed by Facet.
    await tx
      .insert(attributes)
      .values(
        rfmAttributes.map((a) => ({
          workspaceId,
          id: newId("attr"),
          key: a.key,
          label: a.label,
          type: a.type,
          dimension: "value" as const,
          description: a.description,
          computed: true,
          column: a.column,
          enumValues: a.type === "enum" ? [...rfmGroups] : [],
        })),
      )
      .onConflictDoNothing();
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      asOf: summary!.as_of ?? "",
      scored: summary!.scored,
      customers: summary!.customers,
      edges: { recency: summary!.er ?? [], frequency: summary!.ef ?? [], monetary: summary!.em ?? [] },
      groups: rfmGroups.map((name) => {
        const g = groups.find((x) => x.name === name);
        return { name, customers: g?.customers ?? 0, avgR: round(g?.avg_r ?? 0), avgF: round(g?.avg_f ?? 0), avgM: round(g?.avg_m ?? 0) };
      }),
      grid: grid.map((c) => ({ r: c.r, f: c.f, customers: c.customers, avgM: round(c.avg_m) })),
      choices: [
        'Orders are purchase events ("purchase", "Order Completed"); an imported invoice is one order, however many lines it has.',
        "Refunds (and cancelled invoices, imported as refunds) lower monetary value and are not orders; a net spend below zero counts as zero.",
        "Events without a customer (blank customer ids in an import) are not in the data, so they can't be scored; duplicate rows were stored once at import.",
        "Recency is measured from the workspace's latest purchase, not from today, so a historical export scores sensibly.",
        "Scores are quintiles over customers with at least one purchase; ties share a score, so groups can be uneven when many customers have the same value.",
      ],
      computeMs: Math.round(performance.now() - started),
    };
  });
}

/** Starts an RFM run in the background; the result is kept with the run. */
export async function startRfm(scope: WorkspaceScope) {
  requireRole(scope, "editor");
  const id = newId("run");
  await scope.db.insert(discoveryRuns).values({
    workspaceId: scope.workspaceId,
    id,
    kind: "rfm",
    params: {},
    progressTotal: 1,
    createdBy: actingUserId(scope.actor),
  });
  await recordAudit(scope.db, scope, { action: "discovery.rfm_started", targetType: "discovery_run", targetId: id });
  if (!scope.jobs) throw new Error("RFM scoring runs as a job: the scope has no job system.");
  const job = await scope.jobs.enqueue("discovery.rfm", { runId: id }, { key: id, workspaceId: scope.workspaceId });
  return { id, jobId: job.id };
}

/** The RFM job: scores the workspace and stores the result on its run. */
export async function runRfm(db: Db, workspaceId: string, runId: string) {
  const where = and(eq(discoveryRuns.workspaceId, workspaceId), eq(discoveryRuns.id, runId));
  await db.update(discoveryRuns).set({ status: "running", error: null }).where(where);
  const result = await scoreRfm(db, workspaceId);
  await db.update(discoveryRuns).set({ status: "succeeded", result, progressDone: 1, finishedAt: new Date() }).where(where);
  return { runId };
}

/** Re-scores workspaces whose purchases changed since their last RFM run (the hourly job); returns them. */
export async function refreshStaleRfm(db: Db, limit = 5) {
  const stale = await queryRows<{ workspace_id: string }>(
    db,
    sql`select r.workspace_id from (select distinct on (workspace_id) workspace_id, finished_at from discovery_runs where kind = 'rfm' and status = 'succeeded' order by workspace_id, finished_at desc) r
        where exists (select 1 from events e where e.workspace_id = r.workspace_id and ${isPurchase(sql`e.name`)} and e.received_at > r.finished_at)
        limit ${limit}`,
  );
  for (const { workspace_id } of stale) {
    const id = newId("run");
    const result = await scoreRfm(db, workspace_id);
    await db.insert(discoveryRuns).values({
      workspaceId: workspace_id,
      id,
      kind: "rfm",
      params: { trigger: "new events" },
      status: "succeeded",
      result,
      progressDone: 1,
      progressTotal: 1,
      finishedAt: new Date(),
    });
  }
  return stale.map((s) => s.workspace_id);
}

/** The latest RFM result of the workspace, if any. */
export async function latestRfm(scope: WorkspaceScope) {
  const [row] = await queryRows<{ id: string; status: string; result: RfmResult | null; finished_at: string | null; error: string | null }>(
    scope.db,
    sql`select id, status, result, finished_at, error from discovery_runs where workspace_id = ${scope.workspaceId} and kind = 'rfm' order by created_at desc limit 1`,
  );
  return row
    ? {
        id: row.id,
        status: row.status,
        result: row.result,
        finishedAt: row.finished_at ? new Date(row.finished_at) : null,
        error: row.error,
      }
    : null;
}

/** One RFM group as an ordinary segment on the RFM group attribute. */
export async function saveRfmGroup(scope: WorkspaceScope, group: RfmGroup, name: string) {
  requireRole(scope, "editor");
  const latest = await latestRfm(scope);
  if (!latest?.result) throw preconditionFailed("Score customers first: there is no RFM result yet.");
  if (!rfmGroups.includes(group)) throw notFound("RFM group");
  return createSegment(scope, {
    workspaceId: scope.workspaceId,
    name,
    description: `RFM group "${group}", kept fresh as scores refresh with new purchases.`,
    tags: ["discovered", "rfm"],
    definition: {
      version: 1,
      root: {
        type: "group",
        combinator: "and",
        negate: false,
        children: [{ type: "attribute", attribute: "rfm_segment", operator: "in", value: [group] }],
      },
    },
  });
}
