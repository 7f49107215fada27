import { and, desc, eq, lt, or } from "drizzle-orm";
import { auditLog, newId, type Db } from "@facet/db";
import type { Page, PageInput } from "@facet/validators";
import { requireRole, type WorkspaceScope } from "./scope";
import { timeIdCursor } from "./cursor";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  data?: Record<string, unknown>;
}

/** Records an action in the scope's workspace. Call it with the transaction that made the change. */
export async function recordAudit(tx: Db, scope: Pick<WorkspaceScope, "workspaceId" | "actor">, entry: AuditEntry): Promise<void> {
  const { actor } = scope;
  await tx.insert(auditLog).values({
    workspaceId: scope.workspaceId,
    id: newId("aud"),
    actorId: actor.kind === "system" ? null : actor.id,
    actorKind: actor.kind,
    actorEmail: actor.kind === "user" ? actor.email : null,
    actorName: actor.kind === "user" ? null : actor.name,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    data: entry.data ?? {},
  });
}

export interface AuditLogRow {
  id: string;
  actorId: string | null;
  actorKind: "user" | "apiKey" | "system";
  actorEmail: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** Newest first, paged by keyset on (created_at, id). Admins only. */
export async function listAuditLog(scope: WorkspaceScope, page: PageInput): Promise<Page<AuditLogRow>> {
  requireRole(scope, "admin");
  const cursor = page.cursor ? timeIdCursor.decode(page.cursor) : null;
  const after = cursor ? { createdAt: cursor.at, id: cursor.id } : null;
  const rows = await scope.db
    .select({
      id: auditLog.id,
      actorId: auditLog.actorId,
      actorKind: auditLog.actorKind,
      actorEmail: auditLog.actorEmail,
      actorName: auditLog.actorName,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      data: auditLog.data,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.workspaceId, scope.workspaceId),
        after
          ? or(lt(auditLog.createdAt, after.createdAt), and(eq(auditLog.createdAt, after.createdAt), lt(auditLog.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? timeIdCursor.encode(last.createdAt, last.id) : null };
}
