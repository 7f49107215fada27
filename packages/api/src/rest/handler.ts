import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { apiKeyScope, invalid } from "@facet/domain";
import type { ApiContext } from "../context";
import { httpError } from "../errors";
import { createCaller } from "../root";
import { restOperations, operationName, type RestOperation } from "./operations";

/** A REST API v1 request, its body already read (with the size limit) by the route handler. */
export interface RestRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string | null;
}

export interface RestOptions {
  /** The request's context without credentials: the adapter adds the API key it authenticated. */
  context: Omit<ApiContext, "session" | "apiKey">;
  /** Where REST API v1 is mounted. */
  basePath?: string;
  /** Called with unexpected errors (the client gets a generic 500 with the request id). */
  onError?: (error: unknown, operation: string) => void;
}

/** The API key of a request: HTTP Basic username (as Segment's libraries send it) or a Bearer token. */
export function apiKeyOf(headers: Headers): string | null {
  const header = headers.get("authorization") ?? "";
  const [scheme, value = ""] = header.split(" ", 2);
  if (scheme?.toLowerCase() === "bearer") return value.trim() || null;
  if (scheme?.toLowerCase() === "basic") return Buffer.from(value, "base64").toString().split(":")[0]?.trim() || null;
  return null;
}

const errorResponse = (status: number, code: string, message: string, headers?: Record<string, string>) =>
  Response.json({ error: { message, code } }, { status, headers });

const routes = restOperations.map((op) => ({
  op,
  pattern: new RegExp(`^${op.path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}/?$`),
  literal: !op.path.includes("{"),
}));

/** The operations whose path matches, literal paths first (so /segments/preview is never /segments/{id}). */
function match(pathname: string) {
  const found = routes.flatMap((r) => {
    const m = r.pattern.exec(pathname);
    return m ? [{ ...r, params: { ...m.groups } }] : [];
  });
  return found.some((r) => r.literal) ? found.filter((r) => r.literal) : found;
}

const jsonTypes = new WeakMap<z.ZodType, string | undefined>();
/** The JSON type a query parameter's validator takes, so "20" becomes 20 and "true" becomes true. */
function jsonTypeOf(field: z.ZodType): string | undefined {
  if (!jsonTypes.has(field)) {
    const schema = z.toJSONSchema(field, { io: "input", unrepresentable: "any" }) as { type?: string; anyOf?: { type?: string }[] };
    jsonTypes.set(field, schema.type ?? schema.anyOf?.find((s) => s.type && s.type !== "null")?.type);
  }
  return jsonTypes.get(field);
}

function queryValues(schema: z.ZodObject, search: URLSearchParams): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const raw = search.get(key);
    if (raw === null) continue;
    const type = jsonTypeOf(field as z.ZodType);
    if (type !== "string" && raw.trim() === "") continue;
    if ((type === "integer" || type === "number") && Number.isFinite(Number(raw))) values[key] = Number(raw);
    else if (type === "boolean" && (raw === "true" || raw === "false")) values[key] = raw === "true";
    else values[key] = raw;
  }
  return values;
}

function parseBody(text: string | null): unknown {
  if (!text?.trim()) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw invalid("The request body is not valid JSON.");
  }
}

const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes: the id check refuses it
  }
};

/** Checks the parts of a request against the operation's validators (cut from its procedure's input). */
function inputOf(op: RestOperation, pathParams: Record<string, string>, url: URL, body: string | null, workspaceId: string) {
  const params: Record<string, string> = {};
  for (const [name, { schema, thing }] of Object.entries(op.params ?? {})) {
    const parsed = schema.safeParse(decoded(pathParams[name] ?? ""));
    if (!parsed.success) throw invalid(`Not a valid ${thing} id.`, `${thing}Id`);
    params[name] = parsed.data;
  }
  const query = op.query ? op.query.parse(queryValues(op.query, url.searchParams)) : {};
  const parsedBody = op.body ? op.body.schema.parse(parseBody(body)) : {};
  // The key's workspace last: nothing in the request can name another.
  return { ...op.input({ params, query, body: parsedBody }), workspaceId };
}

type Procedure = (input: unknown) => Promise<unknown>;

/**
 * REST API v1: finds the operation, authenticates the API key, checks the input, calls the operation's
 * procedure (the same one the app calls, as the API-key procedure) and presents its result.
 */
export async function handleRest(req: RestRequest, options: RestOptions): Promise<Response> {
  const url = new URL(req.url);
  const pathname = url.pathname.slice((options.basePath ?? "/api/v1").length) || "/";
  const candidates = match(pathname);
  if (candidates.length === 0) return errorResponse(404, "NOT_FOUND", `There is no ${pathname} in REST API v1. See /api/v1/openapi.json.`);
  // HEAD is a GET without its body (the server drops the body).
  const method = req.method === "HEAD" ? "get" : req.method.toLowerCase();
  const route = candidates.find((r) => r.op.method === method);
  if (!route) {
    const allow = candidates.map((r) => r.op.method.toUpperCase()).join(", ");
    return errorResponse(405, "METHOD_NOT_SUPPORTED", `${pathname} answers ${allow}.`, { allow });
  }
  const { op } = route;
  const { context } = options;
  try {
    const secret = apiKeyOf(req.headers);
    const scope = secret ? await apiKeyScope(context.db, secret) : null;
    if (!scope || scope.actor.kind !== "apiKey")
      return errorResponse(401, "UNAUTHORIZED", "Missing or invalid API key. Send a read-and-write key as a Bearer token.");
    const input = inputOf(op, route.params, url, req.body, scope.workspaceId);
    const caller = createCaller({
      ...context,
      session: null,
      apiKey: { workspaceId: scope.workspaceId, actor: scope.actor, role: scope.role, procedure: op.procedure },
    }) as unknown as Record<string, Record<string, Procedure>>;
    const [area, name] = op.procedure.split(".") as [string, string];
    const result = await caller[area]![name]!(input);
    if (op.status === 204) return new Response(null, { status: 204 });
    return Response.json(op.present ? op.present(result as never) : result, { status: op.status });
  } catch (error) {
    const { status, body, unexpected, headers } = httpError(error, context.requestId);
    if (unexpected) options.onError?.(error instanceof TRPCError ? (error.cause ?? error) : error, operationName(op));
    return Response.json(body, { status, headers });
  }
}
