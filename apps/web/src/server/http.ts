import "server-only";
import { randomUUID } from "node:crypto";
import { domainToHttpStatus, genericMessage } from "@facet/api";
import { account, apiKeyScope, isDomainError, resolveScope, type WorkspaceScope } from "@facet/domain";
import { authKit } from "./auth";
import { db } from "./db";
import { logger } from "./logger";

export const jsonError = (status: number, message: string, extra: Record<string, unknown> = {}) =>
  Response.json({ error: { message, ...extra } }, { status });

/** The signed-in member's scope in a workspace, for plain HTTP routes; null when signed out. */
export async function sessionScope(workspaceId: string): Promise<WorkspaceScope | null> {
  const session = await authKit().auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await account.sessionUser(db(), userId, session.sessionVersion ?? 0);
  if (!user) return null;
  return resolveScope(db(), user.id, workspaceId);
}

/** Runs a route body; domain errors become their HTTP status, anything else a logged 500. */
export async function handle(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (isDomainError(error)) return jsonError(domainToHttpStatus[error.code], error.message, { field: error.field ?? null });
    const requestId = randomUUID();
    logger().error({ err: error, requestId }, "route failed");
    return jsonError(500, genericMessage(requestId), { requestId });
  }
}

/** The API key in a request: HTTP Basic username (as Segment's libraries send it) or a Bearer token. */
export function apiKeyFrom(req: Request): string | null {
  const header = req.headers.get("authorization") ?? "";
  const [scheme, value = ""] = header.split(" ", 2);
  if (scheme?.toLowerCase() === "bearer") return value.trim() || null;
  if (scheme?.toLowerCase() === "basic") return Buffer.from(value, "base64").toString().split(":")[0]?.trim() || null;
  return null;
}

/** Runs a REST API v1 call with the scope of its read-write key; 401 without a valid one. */
export function withApiKey(req: Request, run: (scope: WorkspaceScope) => Promise<Response>): Promise<Response> {
  return handle(async () => {
    const secret = apiKeyFrom(req);
    const scope = secret ? await apiKeyScope(db(), secret) : null;
    if (!scope) return jsonError(401, "Missing or invalid API key. Send a read-and-write key as a Bearer token.");
    return run(scope);
  });
}

/**
 * Streams CSV chunks as a download. The first chunk is read before answering, so a bad request
 * (unknown id, no access) still gets its proper status instead of a broken file.
 */
export async function csvDownload(chunks: AsyncGenerator<string>, fileName: string): Promise<Response> {
  const first = await chunks.next();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${fileName}"` },
  });
}
