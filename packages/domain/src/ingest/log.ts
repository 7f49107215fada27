import { and, desc, eq, lt, sql } from "drizzle-orm";
import { apiKeys, ingestRejections, type Db } from "@facet/db";
import { ingestLogKeptPerKey, type Page } from "@facet/validators";
import { notFound } from "../errors";
import { requireRole, type WorkspaceScope } from "../scope";
import type { IngestCall, IngestRejection } from "./parse";
import { positionCursor } from "../cursor";

/** Rejections kept per key: the latest ones, enough to see what a sender gets wrong. */
export const rejectionsKeptPerKey = ingestLogKeptPerKey;

/** Where a call came from: the workspace and the key that authenticated it. */
export interface IngestSource {
  workspaceId: string;
  apiKeyId: string;
}

/**
 * Notes a call's rejected messages (or, with `position` null, the call refused whole) in the key's ingest
 * log, and drops the key's older entries beyond `rejectionsKeptPerKey`. Call it in the call's transaction.
 */
export async function recordRejections(
  tx: Db,
  source: IngestSource,
  call: IngestCall | string,
  rejected: IngestRejection[],
): Promise<void> {
  if (rejected.length === 0) return;
  await tx.insert(ingestRejections).values(
    rejected.slice(0, rejectionsKeptPerKey).map((r) => ({
      workspaceId: source.workspaceId,
      apiKeyId: source.apiKeyId,
      call: call.slice(0, 20),
      messageType: r.type,
      messageId: r.messageId,
      position: r.index,
      reason: r.reason.slice(0, 1000),
    })),
  );
  await tx.execute(sql`
    delete from ingest_rejections where workspace_id = ${source.workspaceId} and api_key_id = ${source.apiKeyId} and id < (
      select id from ingest_rejections where workspace_id = ${source.workspaceId} and api_key_id = ${source.apiKeyId}
      order by id desc offset ${rejectionsKeptPerKey - 1} limit 1)`);
}

/** A call refused whole after its key was known (not JSON, too large, not a batch): one log entry. */
export async function recordRefusedCall(db: Db, source: IngestSource, call: string, reason: string): Promise<void> {
  await db.transaction((tx) => recordRejections(tx, source, call, [{ index: null, type: null, messageId: null, reason }]));
}

export interface IngestLogEntry {
  id: number;
  receivedAt: Date;
  apiKeyId: string;
  apiKeyName: string;
  call: string;
  messageType: string | null;
  messageId: string | null;
  position: number | null;
  reason: string;
}

/** The workspace's ingest log (or one key's), newest first, paged by id. Admins only. */
export async function listIngestRejections(
  scope: WorkspaceScope,
  input: { apiKeyId?: string | null; cursor?: string | null; limit: number },
): Promise<Page<IngestLogEntry>> {
  requireRole(scope, "admin");
  const before = input.cursor ? positionCursor.decode(input.cursor) : null;
  if (input.apiKeyId) {
    const [key] = await scope.db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, scope.workspaceId), eq(apiKeys.id, input.apiKeyId)));
    if (!key) throw notFound("API key");
  }
  const rows = await scope.db
    .select({
      id: ingestRejections.id,
      receivedAt: ingestRejections.receivedAt,
      apiKeyId: ingestRejections.apiKeyId,
      apiKeyName: apiKeys.name,
      call: ingestRejections.call,
      messageType: ingestRejections.messageType,
      messageId: ingestRejections.messageId,
      position: ingestRejections.position,
      reason: ingestRejections.reason,
    })
    .from(ingestRejections)
    .innerJoin(apiKeys, and(eq(apiKeys.workspaceId, ingestRejections.workspaceId), eq(apiKeys.id, ingestRejections.apiKeyId)))
    .where(
      and(
        eq(ingestRejections.workspaceId, scope.workspaceId),
        input.apiKeyId ? eq(ingestRejections.apiKeyId, input.apiKeyId) : undefined,
        before !== null ? lt(ingestRejections.id, before) : undefined,
      ),
    )
    .orderBy(desc(ingestRejections.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? positionCursor.encode(items[items.length - 1]!.id) : null };
}
