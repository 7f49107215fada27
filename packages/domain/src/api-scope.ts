import type { Db } from "@facet/db";
import { authenticateApiKey } from "./api-key";
import { forbidden } from "./errors";
import type { WorkspaceScope } from "./scope";

/**
 * The scope a REST API call acts in: the key's workspace, with editor rights, recorded in the
 * audit log as the key. Write-only (ingest) keys can't use the REST API. Null: unknown key.
 */
export async function apiKeyScope(db: Db, secret: string): Promise<WorkspaceScope | null> {
  const key = await authenticateApiKey(db, secret);
  if (!key) return null;
  if (key.kind !== "readWrite") throw forbidden("This is a write-only key for the ingest API; the REST API needs a read-and-write key.");
  return {
    db,
    workspaceId: key.workspaceId,
    actor: { kind: "apiKey", id: key.keyId, name: key.name, permission: key.kind },
    role: "editor",
  };
}
