import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, isUnavailable, trpcResponseMeta } from "@facet/api";
import { bodyLimits, readBody } from "~/server/body";
import { createApiContext } from "~/server/context";
import { isSameOrigin } from "~/server/origin";
import { logger } from "~/server/logger";

/**
 * Mutations must come from our own pages: a same-origin JSON POST. This refuses cross-site
 * form posts (tRPC would accept multipart/form-data) and requests from other origins.
 */
function refuseForeignMutation(req: Request): Response | null {
  if (req.method !== "POST") return null;
  const contentType = req.headers.get("content-type") ?? "";
  if (!isSameOrigin(req) || !contentType.startsWith("application/json")) {
    return Response.json(
      [
        {
          error: {
            message: "This request must come from the Facet app itself.",
            code: -32003,
            data: { code: "FORBIDDEN", httpStatus: 403 },
          },
        },
      ],
      { status: 403 },
    );
  }
  return null;
}

const tooLarge = (limit: number) =>
  Response.json(
    [
      {
        error: {
          message: `The request is larger than ${Math.round(limit / 1024)} KB.`,
          code: -32600,
          data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
        },
      },
    ],
    { status: 413 },
  );

async function handler(original: Request) {
  const refused = refuseForeignMutation(original);
  if (refused) return refused;
  let req = original;
  if (original.method === "POST") {
    // Capped before tRPC parses anything: a larger Content-Length is refused unread, a stream is cut.
    const read = await readBody(original, bodyLimits.api, tooLarge);
    if (!read.ok) return read.response;
    req = new Request(original.url, { method: "POST", headers: original.headers, body: read.bytes as BodyInit });
  }
  const requestId = randomUUID();
  const log = logger().child({ requestId });
  const started = performance.now();
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    maxBatchSize: 20,
    createContext: () => createApiContext(req.headers, requestId),
    // The database out of reach is a 503 with Retry-After, wherever it failed.
    responseMeta: trpcResponseMeta,
    onError({ error, path }) {
      if (isUnavailable(error)) log.warn({ path }, "database unavailable");
      else if (error.code === "INTERNAL_SERVER_ERROR") log.error({ err: error.cause ?? error, path }, "procedure failed");
    },
  });
  response.headers.set("x-request-id", requestId);
  log.debug({ path: new URL(req.url).pathname, status: response.status, ms: Math.round(performance.now() - started) }, "trpc");
  return response;
}

export { handler as GET, handler as POST };
