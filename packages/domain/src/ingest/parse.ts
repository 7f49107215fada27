import { batchBody, ingestTypes, messageSchemas, type IngestMessage, type IngestType } from "@facet/validators";
import { invalid, limited } from "../errors";

export const maxMessageBytes = 32 * 1024;
export const maxBatchBytes = 500 * 1024;

const describe = (issues: { path: PropertyKey[]; message: string }[], prefix: string) =>
  issues
    .slice(0, 3)
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join(".") || "body"}: ${i.message}`)
    .join("; ");

/**
 * Reads the body of a Segment-style call into messages, or fails with INVALID naming the problem
 * (or LIMIT for size). `call` is the path's last part: a message type, or "batch".
 */
export function parseIngestBody(call: string, text: string): IngestMessage[] {
  if (!(ingestTypes as readonly string[]).includes(call) && call !== "batch") throw invalid(`Unknown call "${call}".`);
  const size = Buffer.byteLength(text);
  if (call === "batch" ? size > maxBatchBytes : size > maxMessageBytes) {
    throw limited(`The body is ${Math.ceil(size / 1024)} KB; the limit is ${call === "batch" ? "500 KB per batch" : "32 KB per message"}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid("The body is not valid JSON.");
  }
  if (call !== "batch") return [parseOne(call as IngestType, json, "")];
  const body = batchBody.safeParse(json);
  if (!body.success) throw invalid(describe(body.error.issues, ""));
  return body.data.batch.map((raw, i) => {
    const where = `batch[${i}]`;
    if (Buffer.byteLength(JSON.stringify(raw)) > maxMessageBytes) throw limited(`${where} is larger than 32 KB.`);
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !(ingestTypes as readonly string[]).includes(type)) {
      throw invalid(`${where}.type: must be one of ${ingestTypes.join(", ")}`);
    }
    const message = parseOne(type as IngestType, raw, where);
    // Batch-level context applies to every message, as in Segment's spec.
    return body.data.context && !message.context ? { ...message, context: body.data.context } : message;
  });
}

function parseOne(type: IngestType, raw: unknown, where: string): IngestMessage {
  const withType = raw && typeof raw === "object" && !Array.isArray(raw) ? { type, ...raw } : raw;
  const result = messageSchemas[type].safeParse(withType);
  if (!result.success) throw invalid(describe(result.error.issues, where));
  if (result.data.type !== type) throw invalid(`${where || "body"}.type: expected "${type}"`);
  return result.data;
}
