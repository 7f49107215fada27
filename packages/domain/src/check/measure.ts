// The database half of segment checks: the measures a segment's checks need, and its recent change log
// grouped by cause. Each is one statement over indexed rows of that segment.
import { sql, type SQL } from "drizzle-orm";
import { customers, queryRows, textArray, type Db } from "@facet/db";
import type { SegmentCheckRule } from "@facet/validators";
import { builtinSql } from "../attribute/builtin";
import type { ChangeGroup, Measure } from "./judge";

/** The segment-creation refresh: the segment didn't exist before it, so it is no growth. */
const creation = sql`(cause = 'created' and detail = '{}'::jsonb)`;

/** Whether a customer row has a value for the attribute: a built-in column, or a trait that isn't JSON null. */
function knownSql(attr: { key: string; column: string | null }): SQL {
  const builtin = attr.column ? builtinSql[attr.column] : undefined;
  if (builtin) return sql`(${builtin}) is not null`;
  return sql`coalesce(jsonb_typeof(${customers.traits} -> ${attr.key}::text) <> 'null', false)`;
}

export interface MeasureContext {
  workspaceId: string;
  segmentId: string;
  /** The segment's size (its maintained member count). */
  members: number;
  /** Other segments by id (overlaps): their names, absent when gone or archived. */
  segments: Map<string, string>;
  /** The workspace's attributes by key (known checks): absent when gone or archived. */
  attributes: Map<string, { key: string; label: string; column: string | null }>;
}

/** The measure of each rule, in order; statements shared between rules of one kind. */
export async function measureRules(db: Db, ctx: MeasureContext, rules: readonly SegmentCheckRule[]): Promise<Measure[]> {
  const { workspaceId, segmentId, members } = ctx;
  const needsTotal = rules.some((r) => r.kind === "size" && r.unit === "percent");
  const others = [...new Set(rules.flatMap((r) => (r.kind === "overlap" && ctx.segments.has(r.segmentId) ? [r.segmentId] : [])))];
  const attrs = [...new Set(rules.flatMap((r) => (r.kind === "known" && ctx.attributes.has(r.attribute) ? [r.attribute] : [])))];
  const periods = [...new Set(rules.flatMap((r) => (r.kind === "change" ? [r.periodHours] : [])))];

  const total = needsTotal
    ? (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from customers where workspace_id = ${workspaceId}`))[0]!.n
    : 0;

  const shared = new Map<string, number>();
  if (others.length) {
    const rows = await queryRows<{ id: string; n: number }>(
      db,
      sql`select o.id, (select count(*)::int from segment_members a join segment_members b
            on b.workspace_id = a.workspace_id and b.segment_id = o.id and b.customer_id = a.customer_id
          where a.workspace_id = ${workspaceId} and a.segment_id = ${segmentId}) as n
          from unnest(${textArray(others)}) as o(id)`,
    );
    for (const r of rows) shared.set(r.id, r.n);
  }

  const known = new Map<string, number>();
  if (attrs.length) {
    const [row] = await queryRows<Record<string, number>>(
      db,
      sql`select ${sql.join(
        attrs.map((key, i) => sql`count(*) filter (where ${knownSql(ctx.attributes.get(key)!)})::int as ${sql.identifier(`k${i}`)}`),
        sql`, `,
      )}
          from segment_members m join customers on ${customers.workspaceId} = m.workspace_id and ${customers.id} = m.customer_id
          where m.workspace_id = ${workspaceId} and m.segment_id = ${segmentId}`,
    );
    attrs.forEach((key, i) => known.set(key, row![`k${i}`] ?? 0));
  }

  const net = new Map<number, number>();
  for (const h of periods) {
    const groups = await recentChanges(db, workspaceId, segmentId, new Date(Date.now() - h * 3_600_000), { withCreation: false });
    net.set(
      h,
      groups.reduce((n, g) => n + (g.change === "entered" ? g.count : -g.count), 0),
    );
  }

  return rules.map((rule): Measure => {
    switch (rule.kind) {
      case "size":
        return { kind: "size", members, customers: total };
      case "overlap": {
        const name = ctx.segments.get(rule.segmentId);
        return { kind: "overlap", members, shared: shared.get(rule.segmentId) ?? 0, other: name === undefined ? null : { name } };
      }
      case "known": {
        const attr = ctx.attributes.get(rule.attribute);
        return { kind: "known", members, known: known.get(rule.attribute) ?? 0, attribute: attr ? { label: attr.label } : null };
      }
      case "change":
        return { kind: "change", members, before: Math.max(members - (net.get(rule.periodHours) ?? 0), 0) };
    }
  });
}

/**
 * A segment's change log since a moment, grouped by entered/exited, cause and what it names (the import, the
 * event), largest first. The newest entries are found backwards along the segment's log (its key), so the cost
 * is the entries since then, not the whole log.
 */
export async function recentChanges(
  db: Db,
  workspaceId: string,
  segmentId: string,
  since: Date,
  opts: { withCreation?: boolean; limit?: number } = {},
): Promise<ChangeGroup[]> {
  const rows = await queryRows<{ change: "entered" | "exited"; cause: string; ref: string | null; n: number; first: number; last: number }>(
    db,
    sql`select change, cause, ref, count(*)::int as n,
          (extract(epoch from min(at)) * 1000)::float8 as first, (extract(epoch from max(at)) * 1000)::float8 as last
        from (
          select change, cause, at, detail,
            case when cause = 'import' then detail ->> 'importId'
                 when cause = 'event' then detail -> 'events' -> 0 ->> 'name'
                 when ${creation} then 'segment' end as ref
          from segment_changes
          where workspace_id = ${workspaceId} and segment_id = ${segmentId}
            and seq > coalesce((select seq from segment_changes where workspace_id = ${workspaceId} and segment_id = ${segmentId}
                                  and at < ${since.toISOString()}::timestamptz order by seq desc limit 1), 0)
            ${opts.withCreation === false ? sql`and not ${creation}` : sql``}
        ) c
        group by change, cause, ref
        order by n desc
        ${opts.limit ? sql`limit ${opts.limit}` : sql``}`,
  );
  return rows.map((r) => ({
    change: r.change,
    cause: r.cause,
    ref: r.ref,
    count: r.n,
    firstAt: new Date(r.first),
    lastAt: new Date(r.last),
  }));
}
