import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, segments, textArray, type Db } from "@facet/db";
import type { SegmentDefinition } from "@facet/validators";
import { referencesOf } from "../rules";

/**
 * A refresh slower than this is reported on its segment. A refresh runs one statement (0.8-1.2 s for 300k members
 * here) and its time limit is 10 minutes; past a minute it holds its segment's lock long enough that live updates
 * of that segment queue behind it.
 */
export const slowRefreshMs = 60_000;

export const healthCauses = ["refresh_failed", "slow_refresh", "reconcile_difference", "broken_reference"] as const;
export type HealthCause = (typeof healthCauses)[number];

/** One thing wrong with a segment, with what to tell a person about it. */
export interface HealthIssue {
  cause: HealthCause;
  /** Short, for a badge. */
  label: string;
  /** What happened and what to do, in a marketer's words. */
  message: string;
  /** Since when, as far as Facet knows (the refresh that showed it); null when unknown. */
  at: Date | null;
}

interface Row {
  id: string;
  name: string;
  definition: SegmentDefinition;
  refresh_error: string | null;
  last_at: string | Date | null;
  last_duration: number | null;
  last_corrected: number | null;
  last_entered: number | null;
  last_exited: number | null;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));
const seconds = (ms: number) => `${Math.round(ms / 1000).toLocaleString("en")} s`;

/**
 * What is wrong with each of these segments now, from what is stored: the last refresh failed (`refresh_error`),
 * the last refresh was slow, the last refresh was a reconciliation that had to correct memberships, or the
 * definition refers to a segment that is archived or gone. Each clears with the next good refresh (or, for a
 * reference, when the referenced segment is restored or the rule edited). Segments without issues are absent.
 */
export async function segmentIssues(db: Db, workspaceId: string, segmentIds: string[]): Promise<Map<string, HealthIssue[]>> {
  const found = new Map<string, HealthIssue[]>();
  if (segmentIds.length === 0) return found;
  const rows = await queryRows<Row>(
    db,
    sql`select s.id, s.name, s.definition, s.refresh_error, r.at as last_at, r.duration_ms as last_duration,
               r.corrected as last_corrected, r.entered as last_entered, r.exited as last_exited
        from segments s
        left join lateral (select at, duration_ms, corrected, entered, exited from segment_refreshes r
                           where r.workspace_id = s.workspace_id and r.segment_id = s.id order by r.id desc limit 1) r on true
        where s.workspace_id = ${workspaceId} and s.id = any(${textArray(segmentIds)})`,
  );
  const wanted = [...new Set(rows.flatMap((r) => referencesOf(r.definition.root)))];
  const referenced = wanted.length
    ? await db
        .select({ id: segments.id, name: segments.name, archivedAt: segments.archivedAt })
        .from(segments)
        .where(and(eq(segments.workspaceId, workspaceId), inArray(segments.id, wanted)))
    : [];
  const byId = new Map(referenced.map((r) => [r.id, r]));
  for (const r of rows) {
    const issues: HealthIssue[] = [];
    if (r.refresh_error) {
      issues.push({
        cause: "refresh_failed",
        label: "Refresh failed",
        message: `The last refresh failed: ${r.refresh_error.replace(/\.?$/, ".")} Members stay as of the last good refresh; Facet tries again, or refresh it by hand once the cause is fixed.`,
        at: null,
      });
    }
    if (r.last_duration !== null && r.last_duration > slowRefreshMs) {
      issues.push({
        cause: "slow_refresh",
        label: "Slow refresh",
        message: `The last refresh took ${seconds(r.last_duration)} (more than ${seconds(slowRefreshMs)}). Fewer or simpler conditions, or fewer referenced segments, make it faster.`,
        at: date(r.last_at),
      });
    }
    if (r.last_corrected) {
      issues.push({
        cause: "reconcile_difference",
        label: "Reconciliation corrected members",
        message: `The last reconciliation (a full recompute) corrected ${r.last_corrected.toLocaleString("en")} membership${
          r.last_corrected === 1 ? "" : "s"
        } (${r.last_entered ?? 0} entered, ${r.last_exited ?? 0} left) that live updates had missed. The members are right now; the difference was logged for the Facet team.`,
        at: date(r.last_at),
      });
    }
    const broken = referencesOf(r.definition.root)
      .map((id) => byId.get(id) ?? { id, name: null, archivedAt: null })
      .filter((ref) => ref.name === null || ref.archivedAt !== null);
    if (broken.length) {
      const names = broken.map((b) => (b.name === null ? "a segment that no longer exists" : `“${b.name}” (archived)`)).join(", ");
      issues.push({
        cause: "broken_reference",
        label: "Broken reference",
        message: `The rules refer to ${names}. Restore it or edit the rules to stop relying on it.`,
        at: null,
      });
    }
    if (issues.length) found.set(r.id, issues);
  }
  return found;
}

/** The titles notifications use, per cause. */
export const issueTitle = (cause: HealthCause, segmentName: string): string =>
  ({
    refresh_failed: `“${segmentName}” could not be refreshed`,
    slow_refresh: `“${segmentName}” refreshes slowly`,
    reconcile_difference: `“${segmentName}”: the reconciliation corrected members`,
    broken_reference: `“${segmentName}” refers to a segment that is archived or gone`,
  })[cause];
