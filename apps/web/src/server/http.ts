import "server-only";
import { randomUUID } from "node:crypto";
import { apiKeyOf, handleRest, httpError } from "@facet/api";
import { account, resolveScope, type WorkspaceScope } from "@facet/domain";
import { authKit } from "./auth";
import { bodyLimits, readText } from "./body";
import { requestContext } from "./context";
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

/** Runs a route body; errors become their HTTP status (mapped in @facet/api), anything unexpected a logged 500. */
export async function handle(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    const requestId = randomUUID();
    const { status, body, unexpected, headers } = httpError(error, requestId);
    if (unexpected) logger().error({ err: error, requestId }, "route failed");
    return Response.json(body, { status, headers });
  }
}

/** The API key in a request: HTTP Basic username (as Segment's libraries send it) or a Bearer token. */
export const apiKeyFrom = (req: Request) => apiKeyOf(req.headers);

/**
 * REST API v1 (customers, segments, campaigns): the body is read with the API limit (a larger one is a
 * 413 before any parsing), then the REST adapter of @facet/api serves it from the app's procedures.
 */
export async function restApi(req: Request): Promise<Response> {
  const requestId = randomUUID();
  let body: string | null = null;
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "DELETE") {
    const read = await readText(req, bodyLimits.api);
    if (!read.ok) return read.response;
    body = read.text;
  }
  const log = logger().child({ requestId });
  const response = await handleRest(
    { method: req.method, url: req.url, headers: req.headers, body },
    { context: requestContext(req.headers, requestId), onError: (err, operation) => log.error({ err, operation }, "REST call failed") },
  );
  response.headers.set("x-request-id", requestId);
  return response;
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
