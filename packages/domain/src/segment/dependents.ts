import { and, eq, isNull } from "drizzle-orm";
import { segments, type Db } from "@facet/db";
import type { Jobs } from "../jobs/types";
import { affectedSegments } from "../rules";
import { refreshSegment, type RefreshReason } from "./membership";

/**
 * Something rules read changed for many customers at once (a segment's definition, an attribute's type, the
 * RFM scores): every segment that can depend on it (`touches`, in the dependency index's words), directly or
 * through segments that refer to one, is refreshed, its change log naming the reason. A job each; directly
 * without a job system (scripts). `except`: a segment the caller refreshes itself.
 */
export async function refreshDependents(
  db: Db,
  jobs: Jobs | undefined,
  workspaceId: string,
  touches: readonly string[],
  reason: RefreshReason,
  except?: string,
) {
  const index = await db
    .select({ id: segments.id, dependsOn: segments.dependsOn })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), isNull(segments.archivedAt)));
  const dependents = [...affectedSegments(index, touches)].filter((id) => id !== except).sort();
  for (const id of dependents) {
    if (jobs) await jobs.enqueue("segment.refresh", { segmentId: id, reason }, { key: id, workspaceId });
    else await refreshSegment(db, workspaceId, id, reason);
  }
  return dependents;
}
