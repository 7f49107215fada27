import { batchBody, ingestTypes, messageSchemas, reservedAttributeKeys, type IngestMessage, type IngestType } from "@facet/validators";
import { invalid, limited } from "../errors";

/** What one call of the tracking API may hold. ARCHITECTURE.md lists them. */
export const ingestLimits = {
  /** Bytes of one message, alone or inside a batch (Segment's limit). */
  messageBytes: 32 * 1024,
  /** Bytes of a batch body (Segment's limit). */
  batchBytes: 500 * 1024,
  /** Messages in one batch. */
  batchMessages: 2500,
  /** Levels of objects and arrays inside a message (properties: {a: {b: 1}} is three). */
  depth: 32,
  /** Largest revenue (or total) of one event, either sign. */
  revenue: 1_000_000_000,
  /** New attributes one call may create from identify traits. */
  newAttributesPerCall: 50,
} as const;

export type IngestCall = IngestType | "batch";

/** Path names of the tracking API: Segment's, and the one-letter ones analytics.js posts to (`/v1/t`, `/v1/b`). */
const calls: Record<string, IngestCall> = {
  identify: "identify",
  track: "track",
  page: "page",
  screen: "screen",
  group: "group",
  alias: "alias",
  batch: "batch",
  import: "batch",
  i: "identify",
  t: "track",
  p: "page",
  s: "screen",
  g: "group",
  a: "alias",
  b: "batch",
};

/** The call a path names (`track`, `t`, `batch`, ...), or null for an unknown one. */
export const ingestCall = (name: string): IngestCall | null => (Object.hasOwn(calls, name) ? calls[name]! : null);

/** The most bytes a body of this call may have. */
export const bodyLimitOf = (call: IngestCall) => (call === "batch" ? ingestLimits.batchBytes : ingestLimits.messageBytes);

/** A message that was not stored, and why. `index` is its place in the batch (0 for a single call; null for a whole call). */
export interface IngestRejection {
  index: number | null;
  type: string | null;
  messageId: string | null;
  reason: string;
}

export interface ParsedIngest {
  /** Whether the call was a batch (fields are then named `batch[i].…`). */
  batch: boolean;
  /** The valid messages with their place in the call. */
  messages: { index: number; message: IngestMessage }[];
  rejected: IngestRejection[];
}

/**
 * The JSON of a call's body, or INVALID (not JSON) / LIMIT (too large). The route has already capped what it
 * read at `bodyLimitOf(call)`; this checks again for callers that didn't.
 */
export function readIngestJson(call: IngestCall, text: string): unknown {
  const size = Buffer.byteLength(text);
  if (size > bodyLimitOf(call)) {
    throw limited(`The body is ${Math.ceil(size / 1024)} KB; the limit is ${call === "batch" ? "500 KB per batch" : "32 KB per message"}.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalid("The body is not valid JSON.");
  }
}

/** The write key a browser puts in the body (analytics.js sends `writeKey` beside the message or batch). */
export function writeKeyIn(json: unknown): string | null {
  if (!json || typeof json !== "object" || Array.isArray(json)) return null;
  const key = (json as { writeKey?: unknown }).writeKey;
  if (typeof key === "string" && key) return key;
  const first = (json as { batch?: unknown }).batch;
  const inFirst = Array.isArray(first) ? (first[0] as { writeKey?: unknown } | null)?.writeKey : null;
  return typeof inFirst === "string" && inFirst ? inFirst : null;
}

/**
 * Splits a call's JSON into valid messages and rejected ones, each rejection naming its field. Only a body
 * that isn't a message or a batch at all fails as a whole (INVALID): one bad message never sinks the others.
 */
export function parseIngestMessages(call: IngestCall, json: unknown): ParsedIngest {
  if (call !== "batch") {
    const one = parseOne(call, json, 0, "");
    return "reason" in one ? { batch: false, messages: [], rejected: [one] } : { batch: false, messages: [one], rejected: [] };
  }
  const batchContext = json && typeof json === "object" ? (json as { context?: unknown }).context : undefined;
  const contextProblem = batchContext === undefined ? null : jsonProblem(batchContext, "context", 1);
  if (contextProblem) throw invalid(contextProblem);
  const body = batchBody.safeParse(json);
  if (!body.success) throw invalid(describe(body.error.issues, ""));
  const context = body.data.context ?? undefined;
  const parsed: ParsedIngest = { batch: true, messages: [], rejected: [] };
  body.data.batch.forEach((raw, index) => {
    const one = parseOne(null, raw, index, `batch[${index}]`);
    if ("reason" in one) parsed.rejected.push(one);
    // Batch-level context applies to every message, as in Segment's spec.
    else parsed.messages.push(context && !one.message.context ? { index, message: { ...one.message, context } } : one);
  });
  return parsed;
}

/** Reads a whole body (JSON, then its messages); for tests and tools that hold the text. */
export function parseIngestBody(call: IngestCall | string, text: string): ParsedIngest {
  const known = ingestCall(call);
  if (!known) throw invalid(`Unknown call "${call}".`);
  return parseIngestMessages(known, readIngestJson(known, text));
}

function parseOne(
  call: IngestType | null,
  raw: unknown,
  index: number,
  where: string,
): { index: number; message: IngestMessage } | IngestRejection {
  const object = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  const rawType = typeof object?.type === "string" ? object.type : null;
  const rawId = typeof object?.messageId === "string" ? object.messageId.slice(0, 200) : null;
  const reject = (reason: string): IngestRejection => ({ index, type: call ?? rawType?.slice(0, 20) ?? null, messageId: rawId, reason });
  if (!object) return reject(`${where || "body"}: expected a message (a JSON object)`);
  // Before anything else reads it: depth, text and numbers that would fail later, and keys objects reserve.
  const problem = jsonProblem(object, where, 0);
  if (problem) return reject(problem);
  if (where && Buffer.byteLength(JSON.stringify(object)) > ingestLimits.messageBytes) {
    return reject(`${where} is larger than 32 KB (the limit per message).`);
  }
  const type = call ?? rawType;
  if (!type || !(ingestTypes as readonly string[]).includes(type))
    return reject(`${at(where, "type")}: must be one of ${ingestTypes.join(", ")}`);
  const result = messageSchemas[type as IngestType].safeParse(call ? { type: call, ...object } : object);
  if (!result.success) return reject(describe(result.error.issues, where));
  if (result.data.type !== type) return reject(`${at(where, "type")}: expected "${type}"`);
  const revenue = revenueProblem(result.data, where);
  if (revenue) return reject(revenue);
  return { index, message: result.data };
}

const at = (where: string, field: string) => (where ? `${where}.${field}` : field);

const describe = (issues: { path: PropertyKey[]; message: string }[], where: string) =>
  issues
    .slice(0, 3)
    .map((i) => `${[where, ...i.path.map(String)].filter(Boolean).join(".") || "body"}: ${i.message}`)
    .join("; ");

function revenueProblem(m: IngestMessage, where: string): string | null {
  if (m.type !== "track" || !m.properties) return null;
  for (const field of ["revenue", "total"] as const) {
    const v = m.properties[field];
    if (typeof v === "number" && Math.abs(v) > ingestLimits.revenue) {
      return `${at(where, `properties.${field}`)}: ${v} is out of range (at most ${ingestLimits.revenue.toLocaleString("en-US")} either way)`;
    }
  }
  return null;
}

const fieldName = (path: string[]) => {
  const shown = path.length > 6 ? [...path.slice(0, 6), "…"] : path;
  return shown.join(".").replace(/\.\[/g, "[");
};

/**
 * The first thing in a message that can't be stored as it is, named by its field, or null: nesting deeper
 * than `ingestLimits.depth`, NUL characters and unpaired UTF-16 surrogates (PostgreSQL's JSON refuses both),
 * numbers JavaScript can't hold exactly, and keys that name JavaScript's object machinery. Iterative and
 * bounded by the depth limit, so a body nested thousands deep costs one pass and no stack.
 */
export function jsonProblem(value: unknown, where: string, startDepth: number): string | null {
  const stack: { value: unknown; path: string[]; depth: number }[] = [{ value, path: where ? [where] : [], depth: startDepth }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    const name = () => fieldName(path) || "body";
    if (typeof v === "string") {
      const text = textProblem(v);
      if (text) return `${name()}: ${text}`;
    } else if (typeof v === "number") {
      if (!Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) {
        return `${name()}: the number is beyond the range stored exactly (±${Number.MAX_SAFE_INTEGER}); send it as text`;
      }
    } else if (v && typeof v === "object") {
      if (depth >= ingestLimits.depth) return `${name()}: nested more than ${ingestLimits.depth} levels deep`;
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, `[${i}]`], depth: depth + 1 });
      } else {
        const entries = Object.entries(v);
        for (let i = entries.length - 1; i >= 0; i--) {
          const [key, child] = entries[i]!;
          const keyProblem = textProblem(key);
          if (keyProblem) return `${fieldName([...path, JSON.stringify(key).slice(1, -1).slice(0, 40)])}: the key ${keyProblem}`;
          if (reservedAttributeKeys.has(key)) return `${fieldName([...path, key])}: "${key}" is a reserved name; rename it`;
          stack.push({ value: child, path: [...path, key], depth: depth + 1 });
        }
      }
    }
  }
  return null;
}

/** A high surrogate not followed by a low one, or a low one without a high one before it. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character (\\u0000)";
  if (loneSurrogate.test(s)) return "contains an unpaired UTF-16 surrogate (not valid Unicode)";
  return null;
}
