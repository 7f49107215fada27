import { apiKey, ingest, isDomainError } from "@facet/domain";
import { db } from "~/server/db";
import { apiKeyFrom, handle } from "~/server/http";
import { RateLimiter } from "~/server/rate-limit";

// Each key may send this many messages a second, with bursts; beyond it: 429 with Retry-After.
const limiter = new RateLimiter(5000, 10_000);

const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  Response.json({ success: status === 200, ...body }, { status, headers });

/**
 * The Segment-compatible tracking API: POST /api/v1/{identify,track,page,screen,group,alias,batch}.
 * A 200 means the messages are committed to the database.
 */
export function POST(req: Request, { params }: { params: Promise<{ call: string }> }) {
  return handle(async () => {
    const { call } = await params;
    const secret = apiKeyFrom(req);
    const key = secret ? await apiKey.authenticateApiKey(db(), secret) : null;
    if (!key) return reply(401, { message: "Missing or invalid write key. Send it as the Basic auth username or a Bearer token." });
    const text = await req.text();
    let messages;
    try {
      messages = ingest.parseIngestBody(call, text);
    } catch (error) {
      if (isDomainError(error)) return reply(error.code === "LIMIT" ? 413 : 400, { message: error.message });
      throw error;
    }
    const wait = limiter.take(key.keyId, messages.length);
    if (wait > 0) return reply(429, { message: "Too many messages; slow down." }, { "retry-after": String(wait) });
    try {
      await ingest.ingestMessages(db(), key.workspaceId, messages);
    } catch (error) {
      if (isDomainError(error)) return reply(400, { message: error.message });
      throw error;
    }
    return reply(200, {});
  });
}
