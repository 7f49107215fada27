import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiKeys, newId, type Db } from "@facet/db";
import { recordAudit } from "./audit";
import { notFound } from "./errors";
import { actingUserId, requireRole, type WorkspaceScope } from "./scope";
import { sha256Hex } from "./shared/hash";

export type ApiKeyKind = "write" | "readWrite";

const hashKey = sha256Hex;

const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  kind: apiKeys.kind,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** Keys of the workspace, revoked ones included (greyed out in the list). Admins only. */
export async function listApiKeys(scope: WorkspaceScope) {
  requireRole(scope, "admin");
  return scope.db.select(columns).from(apiKeys).where(eq(apiKeys.workspaceId, scope.workspaceId)).orderBy(desc(apiKeys.createdAt));
}

/** Creates a key and returns its secret, which is shown this once and stored only hashed. */
export async function createApiKey(scope: WorkspaceScope, input: { name: string; kind: ApiKeyKind }) {
  requireRole(scope, "admin");
  const secret = `fct_${input.kind === "write" ? "w" : "rw"}_${randomBytes(24).toString("base64url")}`;
  return scope.db.transaction(async (tx) => {
    const [key] = await tx
      .insert(apiKeys)
      .values({
        workspaceId: scope.workspaceId,
        id: newId("key"),
        name: input.name,
        kind: input.kind,
        prefix: secret.slice(0, 12),
        secretHash: hashKey(secret),
        createdBy: actingUserId(scope.actor),
      })
      .returning(columns);
    await recordAudit(tx, scope, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: key!.id,
      data: { name: input.name, kind: input.kind },
    });
    return { key: key!, secret };
  });
}

export async function revokeApiKey(scope: WorkspaceScope, apiKeyId: string) {
  requireRole(scope, "admin");
  await scope.db.transaction(async (tx) => {
    const [key] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.workspaceId, scope.workspaceId), eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name });
    if (!key) throw notFound("API key");
    await recordAudit(tx, scope, { action: "api_key.revoked", targetType: "api_key", targetId: key.id, data: { name: key.name } });
  });
}

export interface ApiKeyIdentity {
  workspaceId: string;
  keyId: string;
  name: string;
  kind: ApiKeyKind;
}

/** The workspace a secret key belongs to, or null for an unknown or revoked key. Notes its last use. */
export async function authenticateApiKey(db: Db, secret: string, now = new Date()): Promise<ApiKeyIdentity | null> {
  if (!/^fct_(w|rw)_[\w-]{20,64}$/.test(secret)) return null;
  const [key] = await db
    .select({ workspaceId: apiKeys.workspaceId, keyId: apiKeys.id, name: apiKeys.name, kind: apiKeys.kind, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, hashKey(secret)), isNull(apiKeys.revokedAt)));
  if (!key) return null;
  // Record use at most once a minute, so a busy key costs one read per request, not a write.
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.workspaceId, key.workspaceId), eq(apiKeys.id, key.keyId)));
  }
  return { workspaceId: key.workspaceId, keyId: key.keyId, name: key.name, kind: key.kind };
}
