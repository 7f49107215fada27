import { and, arrayOverlaps, eq, inArray, isNull } from "drizzle-orm";
import { notifications, segments, type Db } from "@facet/db";
import { notify, resolveNotifications, segmentRecipients, type NotifyDeps } from "../notification";
import { dependency } from "../rules";
import type { WorkspaceScope } from "../scope";
import { healthCauses, issueTitle, segmentIssues } from "./issues";

/**
 * Brings a segment's notifications in line with its health: each issue it has notifies its owner (once per
 * ongoing issue: notify() de-duplicates), each issue it no longer has resolves the open notifications of that
 * cause. Run after every refresh job (good or failed) and after a save or an archive changes what it refers to.
 */
export async function reviewSegmentHealth(db: Db, workspaceId: string, segmentId: string, deps: NotifyDeps = {}) {
  const [seg] = await db
    .select({ name: segments.name, archivedAt: segments.archivedAt })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
  // An archived segment is nobody's concern any more: whatever it had is resolved.
  const issues = seg && !seg.archivedAt ? ((await segmentIssues(db, workspaceId, [segmentId])).get(segmentId) ?? []) : [];
  const recipients = issues.length ? await segmentRecipients(db, workspaceId, segmentId) : [];
  for (const cause of healthCauses) {
    const issue = issues.find((i) => i.cause === cause);
    if (!issue) {
      await resolveNotifications(db, { workspaceId, kind: cause, segmentId });
      continue;
    }
    for (const userId of recipients) {
      await notify(
        db,
        {
          workspaceId,
          userId,
          kind: cause,
          segmentId,
          title: issueTitle(cause, seg!.name),
          body: issue.message,
          link: `/segments/${segmentId}`,
        },
        deps,
      );
    }
  }
  return issues;
}

/** Segments whose rules name this one directly (a `*` index entry: saved before the index, maybe). */
export async function referringSegments(db: Db, workspaceId: string, segmentId: string): Promise<string[]> {
  const rows = await db
    .select({ id: segments.id })
    .from(segments)
    .where(
      and(
        eq(segments.workspaceId, workspaceId),
        isNull(segments.archivedAt),
        arrayOverlaps(segments.dependsOn, [dependency.segment(segmentId), "*"]),
      ),
    );
  return rows.map((r) => r.id).filter((id) => id !== segmentId);
}

/**
 * A save or an archive may have fixed or broken a segment's health (its own, and that of the segments referring
 * to it): those with an issue or an open notification are reviewed in a job (which can email), or here without a
 * job system. Usually there are none, and no job.
 */
export async function reviewHealthSoon(scope: Pick<WorkspaceScope, "db" | "workspaceId" | "jobs">, segmentId: string) {
  const related = [segmentId, ...(await referringSegments(scope.db, scope.workspaceId, segmentId))];
  const [issues, open] = await Promise.all([
    segmentIssues(scope.db, scope.workspaceId, related),
    scope.db
      .selectDistinct({ segmentId: notifications.segmentId })
      .from(notifications)
      .where(
        and(eq(notifications.workspaceId, scope.workspaceId), inArray(notifications.segmentId, related), isNull(notifications.resolvedAt)),
      ),
  ]);
  const notified = new Set(open.map((o) => o.segmentId));
  const ids = related.filter((id) => issues.has(id) || notified.has(id));
  if (ids.length === 0) return;
  if (scope.jobs) await scope.jobs.enqueue("segment.health", { segmentIds: ids }, { workspaceId: scope.workspaceId });
  else for (const id of ids) await reviewSegmentHealth(scope.db, scope.workspaceId, id);
}
