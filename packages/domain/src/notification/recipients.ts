import { and, eq } from "drizzle-orm";
import { memberships, segments, type Db } from "@facet/db";

/**
 * Who hears about a segment: the member who made it while they are still in the workspace, otherwise (made by an
 * API key, or its maker left) the workspace's owners.
 */
export async function segmentRecipients(db: Db, workspaceId: string, segmentId: string): Promise<string[]> {
  const [maker] = await db
    .select({ userId: memberships.userId })
    .from(segments)
    .innerJoin(memberships, and(eq(memberships.workspaceId, segments.workspaceId), eq(memberships.userId, segments.createdBy)))
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
  if (maker) return [maker.userId];
  const owners = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")));
  return owners.map((o) => o.userId);
}
