import "server-only";
import { apiKey, ingest, isDomainError, live } from "@facet/domain";
import { readText } from "./body";
import { db } from "./db";
import { jobs } from "./jobs";
import { apiKeyFrom, handle } from "./http";
import { RateLimiter } from "./rate-limit";

// Each key may send this many messages a second, with bursts; beyond it: 429 with Retry-After.
const limiter = new RateLimiter(5000, 10_000);

/**
 * Customers' own web pages call the tracking API from their origins (analytics.js), so every answer allows
 * any origin. Nothing here rides on cookies: the write key in the request is the only credential.
 */
function corsHeaders(req: Request): Record<string, string> {
  const asked = req.headers.get("access-control-request-headers");
  return {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers": asked && asked.length <= 500 ? asked : "authorization, content-type, x-retry-count",
    "access-control-max-age": "86400",
  };
}

const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  Response.json({ success: status === 200, ...body }, { status, headers });

/** Answers a CORS preflight of the tracking API. */
export function trackingPreflight(req: Request): Response {
  return new Response(null, { status: 204, headers: corsHeaders(req) });
}

/**
 * One call of the Segment-compatible tracking API, served at `/v1/{call}` (where Segment's libraries post)
 * and `/api/v1/{call}`. A 200 means the valid messages are committed; the refused ones are listed in the
 * answer with their reasons (and in the key's ingest log). Only a call with nothing storable is a 4xx.
 */
export async function trackingCall(req: Request, name: string): Promise<Response> {
  const response = await handle(() => receive(req, name));
  for (const [header, value] of Object.entries(corsHeaders(req))) response.headers.set(header, value);
  return response;
}

const unauthorized = () =>
  reply(401, { message: "Missing or invalid write key. Send it as the Basic auth username, a Bearer token, or writeKey in the body." });

async function receive(req: Request, name: string): Promise<Response> {
  // analytics.js reports its own usage counters to <apiHost>/m; Facet has no use for them.
  if (name === "m") return reply(200, {});
  const call = ingest.ingestCall(name);
  if (!call) {
    return reply(404, {
      message: `Unknown call "${name.slice(0, 40)}". The tracking API takes identify, track, page, screen, group, alias and batch.`,
    });
  }
  // A key in the headers is checked before the body is read; analytics.js may send it only in the body.
  const headerSecret = apiKeyFrom(req);
  let key: apiKey.ApiKeyIdentity | null = headerSecret ? await apiKey.authenticateApiKey(db(), headerSecret) : null;
  if (headerSecret && !key) return unauthorized();
  const refuse =
    (why: string, status = 400) =>
    async () => {
      if (key) await ingest.recordRefusedCall(db(), { workspaceId: key.workspaceId, apiKeyId: key.keyId }, call, why);
      return reply(status, { message: why });
    };

  const limit = ingest.bodyLimitOf(call);
  const tooLarge = `The body is larger than ${limit / 1024} KB, the limit ${call === "batch" ? "per batch" : "per message"}.`;
  const read = await readText(req, limit, () => reply(413, { message: tooLarge }));
  if (!read.ok) return key ? refuse(tooLarge, 413)() : read.response;

  let json: unknown;
  let problem: string | null = null;
  try {
    json = ingest.readIngestJson(call, read.text);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    problem = error.message;
  }
  if (!key) {
    const bodySecret = problem ? null : ingest.writeKeyIn(json);
    key = bodySecret ? await apiKey.authenticateApiKey(db(), bodySecret) : null;
    if (!key) return unauthorized();
  }
  if (problem) return refuse(problem)();

  let parsed: ingest.ParsedIngest;
  try {
    parsed = ingest.parseIngestMessages(call, json);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return refuse(error.message)();
  }

  const wait = limiter.take(key.keyId, Math.max(1, parsed.messages.length + parsed.rejected.length));
  if (wait > 0) return reply(429, { message: "Too many messages; slow down." }, { "retry-after": String(wait) });

  const { accepted, rejected } = await ingest.ingestMessages(db(), { workspaceId: key.workspaceId, apiKeyId: key.keyId, call }, parsed);
  // Committed: the live audiences take the changes from here (a lost wake-up is caught by the minute's sweep).
  if (accepted > 0) live.wakeLiveAudiences(jobs(), key.workspaceId);
  if (accepted === 0 && rejected.length > 0) {
    const more = rejected.length > 1 ? ` (and ${rejected.length - 1} more refused message${rejected.length > 2 ? "s" : ""})` : "";
    return reply(400, { message: `${rejected[0]!.reason}${more}`, accepted, rejected });
  }
  return reply(200, rejected.length ? { accepted, rejected } : { accepted });
}
