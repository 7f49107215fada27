import { and, eq, sql } from "drizzle-orm";
import { queryRows, segments } from "@facet/db";
import { preconditionFailed } from "../errors";
import type { WorkspaceScope } from "../scope";
import { campaignRow } from "./campaigns";
import { resultsVerdict, upliftOf, type Uplift } from "./uplift";

export interface GroupFigures {
  audience: number;
  converters: number;
  rate: number;
  revenue: number;
}
const figures = (audience: number, converters: number, revenue: number): GroupFigures => ({
  audience,
  converters,
  rate: audience ? converters / audience : 0,
  revenue,
});

/**
 * Conversions of the frozen audience: members with at least one `event` from launch until `days`
 * later (or now, if sooner), per variant and for the holdout. Each variant's uplift is against the
 * holdout drawn from its own segment (same people, not treated); the overall uplift pools them.
 */
export async function campaignResults(
  scope: WorkspaceScope,
  campaignId: string,
  opts: { conversionEvent?: string; conversionWindowDays?: number } = {},
) {
  const c = await campaignRow(scope.db, scope.workspaceId, campaignId);
  if (!c.launchedAt) throw preconditionFailed("Launch the campaign first: results compare its frozen audience.");
  const event = opts.conversionEvent ?? c.conversionEvent;
  const days = opts.conversionWindowDays ?? c.conversionWindowDays;
  const from = c.launchedAt;
  // Only inside the campaign's window: its conversion days, but never past the end of its last day.
  const endOfLastDay = c.endsOn ? Date.parse(`${c.endsOn}T00:00:00Z`) + 86_400_000 : Infinity;
  const to = new Date(Math.max(from.getTime(), Math.min(from.getTime() + days * 86_400_000, endOfLastDay, Date.now())));
  const rows = await queryRows<{ segment_id: string; holdout: boolean; audience: number; converters: number; revenue: number }>(
    scope.db,
    sql`with conv as (
          select e.customer_id, coalesce(sum(e.revenue), 0) as revenue
          from events e
          where e.workspace_id = ${scope.workspaceId} and e.name = ${event}
            and e.occurred_at >= ${from.toISOString()}::timestamptz and e.occurred_at < ${to.toISOString()}::timestamptz
          group by e.customer_id)
        select a.segment_id, a.holdout, count(*)::int as audience, count(conv.customer_id)::int as converters, coalesce(sum(conv.revenue), 0)::float8 as revenue
        from campaign_audience a left join conv on conv.customer_id = a.customer_id
        where a.workspace_id = ${scope.workspaceId} and a.campaign_id = ${campaignId}
        group by a.segment_id, a.holdout`,
  );
  const names = new Map(
    (
      await scope.db
        .select({ id: segments.id, name: segments.name })
        .from(segments)
        .where(and(eq(segments.workspaceId, scope.workspaceId)))
    ).map((s) => [s.id, s.name]),
  );
  const bySegment = [...new Set(rows.map((r) => r.segment_id))].map((segmentId) => {
    const get = (holdout: boolean) => rows.find((r) => r.segment_id === segmentId && r.holdout === holdout);
    const t = get(false);
    const h = get(true);
    const treated = figures(t?.audience ?? 0, t?.converters ?? 0, t?.revenue ?? 0);
    const holdout = figures(h?.audience ?? 0, h?.converters ?? 0, h?.revenue ?? 0);
    return { segmentId, segmentName: names.get(segmentId) ?? "(deleted segment)", treated, holdout, uplift: upliftOf(treated, holdout) };
  });
  const sum = (pick: (v: (typeof bySegment)[number]) => GroupFigures) =>
    figures(
      bySegment.reduce((n, v) => n + pick(v).audience, 0),
      bySegment.reduce((n, v) => n + pick(v).converters, 0),
      bySegment.reduce((n, v) => n + pick(v).revenue, 0),
    );
  const treated = sum((v) => v.treated);
  const holdout = sum((v) => v.holdout);
  const overall: Uplift | null = upliftOf(treated, holdout);
  return {
    conversionEvent: event,
    conversionWindowDays: days,
    from,
    to,
    variants: bySegment.sort((a, b) => b.treated.audience - a.treated.audience),
    treated,
    holdout,
    uplift: overall,
    verdict: resultsVerdict(overall, bySegment),
  };
}
