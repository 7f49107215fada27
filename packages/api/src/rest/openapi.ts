import { z } from "zod";
import {
  aliasMessage,
  batchBody,
  groupMessage,
  identifyMessage,
  ingestMessage,
  pageMessage,
  screenMessage,
  trackMessage,
} from "@facet/validators";
import { restOperations, type RestOperation } from "./operations";
import { components, errorBody, segmentDefinitionDocs } from "./schemas";

type JsonSchema = Record<string, unknown>;

// Request bodies are named components too, so a client generator names their types.
for (const op of restOperations) if (op.body) components.add(op.body.schema, { id: op.body.name, description: op.body.description });

// The Segment-compatible ingest API is its own protocol handler; its calls are documented here
// beside REST, from the validators the handler parses with.
const ingestCalls = [
  ["identify", identifyMessage, "Create or update a customer and their traits"],
  ["track", trackMessage, "Record an event"],
  ["page", pageMessage, "Record a page view"],
  ["screen", screenMessage, "Record a screen view"],
  ["group", groupMessage, "Record a group membership"],
  ["alias", aliasMessage, "Merge previousId into userId"],
] as const;
const capitalized = (s: string) => s[0]!.toUpperCase() + s.slice(1);
for (const [call, message] of ingestCalls) {
  // On its own path the call names the type; in a batch each message says it.
  const { type: _, ...fields } = message.shape;
  components.add(z.object(fields), { id: `${capitalized(call)}Call` });
}
components.add(ingestMessage, { id: "IngestMessage", description: "A message of a batch: its type says which call it is." });
components.add(batchBody, { id: "IngestBatch", description: "Up to 500 KB; each message at most 32 KB." });
const ingestReply = z.object({
  success: z.boolean(),
  message: z.string().optional().describe("Why the call was refused"),
  accepted: z.number().int().optional().describe("Messages stored"),
  rejected: z
    .array(z.object({ index: z.number().int(), type: z.string().nullable(), messageId: z.string().nullable(), reason: z.string() }))
    .optional()
    .describe("Messages refused, each on its own, with the reason naming the field (also in Settings → Ingest log)"),
});
components.add(ingestReply, { id: "IngestReply" });

const ref = (schema: z.ZodType) => {
  const id = components.get(schema)?.id;
  if (!id) throw new Error("A REST schema is not a named component.");
  return { $ref: `#/components/schemas/${id}` };
};
const json = (schema: JsonSchema, description: string) => ({ description, content: { "application/json": { schema } } });
const error = (description: string) => json(ref(errorBody), description);

/** zod's JSON Schema of one schema, without the keywords that only make sense at a document's root. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** Every named schema, generated from the zod validators (request schemas as they are accepted). */
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(components, {
    io: "input",
    metadata: components,
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
    // Field descriptions live in zod's global registry (.describe()); components' own in `components`.
    override: (ctx) => {
      const description = z.globalRegistry.get(ctx.zodSchema)?.description;
      if (description && !ctx.jsonSchema.description) ctx.jsonSchema.description = description;
    },
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  // A batch lists messages: document them as such (the validator checks each one on its own).
  const batch = out.IngestBatch as { properties: { batch: JsonSchema } };
  batch.properties.batch = { ...batch.properties.batch, items: { $ref: "#/components/schemas/IngestMessage" } };
  return out;
}

function parameters(op: RestOperation) {
  const path = Object.entries(op.params ?? {}).map(([name, { schema, thing }]) => ({
    name,
    in: "path",
    required: true,
    description: `The ${thing}'s id`,
    schema: jsonSchema(schema),
  }));
  const query = op.query ? (jsonSchema(op.query) as { properties: Record<string, JsonSchema>; required?: string[] }) : null;
  const queryParams = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: query?.required?.includes(name) ?? false,
    ...(name === "cursor" ? { description: "nextCursor of the previous page" } : {}),
    schema,
  }));
  return [...path, ...queryParams];
}

/** The database out of reach for a moment: nothing was done; retry after Retry-After seconds. */
const unavailable = {
  ...error("The database can't be reached for a moment; nothing was done. Retry after Retry-After seconds"),
  headers: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer", minimum: 1 } } },
};

function operationObject(op: RestOperation) {
  const success = op.status === 204 ? { description: "Done; no content" } : json(ref(op.response!), op.status === 201 ? "Created" : "OK");
  return {
    operationId: op.procedure,
    summary: op.summary,
    description: `Served by the \`${op.procedure}\` procedure, as the app calls it.`,
    tags: [op.tag],
    security: [{ bearer: [] }, { basic: [] }],
    parameters: parameters(op),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            description: op.body.description,
            content: { "application/json": { schema: ref(op.body.schema) } },
          },
        }
      : {}),
    responses: {
      [op.status]: success,
      ...(op.params || op.query || op.body
        ? { "400": error("Invalid input; the message names the problem and field names the field") }
        : {}),
      "401": error("Missing or invalid API key"),
      "403": error("A write-only key, which only the ingest API takes"),
      ...(op.params || op.body ? { "404": error("No such customer, segment or campaign in the key's workspace") } : {}),
      ...Object.fromEntries(Object.entries(op.errors ?? {}).map(([status, why]) => [status, error(why)])),
      ...(op.body ? { "413": error("The body is larger than 1 MB") } : {}),
      "503": unavailable,
      default: error("Any other failure; a 500 carries a requestId to quote"),
    },
  };
}

function ingestOperation(call: string, summary: string) {
  const body = call === "batch" ? "IngestBatch" : `${capitalized(call)}Call`;
  return {
    post: {
      operationId: `ingest.${call}`,
      summary,
      description:
        "Segment's HTTP tracking API: its libraries work with this host and a write key. Also served at /v1/… (where Segment's " +
        "libraries post) with CORS for browsers; the write key may also be writeKey in the body.",
      tags: ["Ingest"],
      security: [{ basic: [] }, { bearer: [] }],
      requestBody: {
        required: true,
        content: Object.fromEntries(
          ["application/json", "text/plain"].map((type) => [type, { schema: { $ref: `#/components/schemas/${body}` } }]),
        ),
      },
      responses: {
        "200": json({ $ref: "#/components/schemas/IngestReply" }, "The valid messages are stored"),
        "400": json(
          { $ref: "#/components/schemas/IngestReply" },
          "Nothing storable: not JSON, not a batch, or every message refused (see rejected)",
        ),
        "401": json({ $ref: "#/components/schemas/IngestReply" }, "Missing or invalid write key"),
        "413": json({ $ref: "#/components/schemas/IngestReply" }, "Over 32 KB a message or 500 KB a batch"),
        "429": json({ $ref: "#/components/schemas/IngestReply" }, "Too fast; see Retry-After"),
        "503": unavailable,
      },
    },
  };
}

function build() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of restOperations) (paths[op.path] ??= {})[op.method] = operationObject(op);
  for (const [call, , summary] of ingestCalls) paths[`/${call}`] = ingestOperation(call, summary);
  paths["/batch"] = ingestOperation("batch", "Several messages at once");
  return {
    openapi: "3.1.0",
    info: {
      title: "Facet API",
      version: "1",
      description:
        "Customers, segments and campaigns (REST, read-and-write keys) and a Segment-compatible ingest API (write keys). " +
        "Generated from the validators the app itself uses.",
    },
    servers: [{ url: "/api/v1" }],
    tags: [
      { name: "Customers" },
      { name: "Segments", externalDocs: { description: "Segment definitions explained", url: segmentDefinitionDocs } },
      { name: "Campaigns" },
      { name: "Ingest", description: "Segment-compatible tracking calls" },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key from Settings → API keys." },
        basic: { type: "http", scheme: "basic", description: "The key as username, empty password (what Segment's libraries send)." },
      },
      schemas: componentSchemas(),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof build>;
let built: OpenApiDocument | null = null;

/** The OpenAPI 3.1 document of REST API v1 and the ingest API, generated once from the validators. */
export const openApiDocument = (): OpenApiDocument => (built ??= build());
