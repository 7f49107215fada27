/** The OpenAPI 3 description of REST API v1 and the ingest API, served at /api/v1/openapi.json. */
const error = { type: "object", properties: { error: { type: "object", properties: { message: { type: "string" } } } } };
const customer = {
  type: "object",
  properties: {
    id: { type: "string", example: "cus_0mwt43be1abcdefghijk" },
    email: { type: "string", nullable: true },
    name: { type: "string", nullable: true },
    externalId: { type: "string", nullable: true },
    createdAt: { type: "string", format: "date-time" },
    attributes: { type: "object", additionalProperties: true, description: "Every attribute value by key, built-in ones included." },
  },
};
const segment = {
  type: "object",
  properties: {
    id: { type: "string", example: "seg_0mwt43be1abcdefghijk" },
    name: { type: "string" },
    description: { type: "string" },
    tags: { type: "array", items: { type: "string" } },
    schedule: { type: "string", enum: ["manual", "hourly", "daily"] },
    version: { type: "integer" },
    members: { type: "integer", description: "Members as of the last refresh" },
    refreshedAt: { type: "string", format: "date-time", nullable: true },
    definition: { $ref: "#/components/schemas/SegmentDefinition" },
  },
};
const campaignSchema = {
  type: "object",
  properties: {
    id: { type: "string", example: "cmp_0mwt43be1abcdefghijk" },
    name: { type: "string" },
    channel: { type: "string", enum: ["email", "sms", "push", "in_app", "paid_ads", "direct_mail"] },
    status: { type: "string", enum: ["draft", "scheduled", "running", "completed", "archived"] },
    startsOn: { type: "string", format: "date", nullable: true },
    endsOn: { type: "string", format: "date", nullable: true },
    owner: { type: "string", nullable: true },
    launchedAt: { type: "string", format: "date-time", nullable: true },
    audience: { type: "integer", nullable: true, description: "Customers in the frozen audience (holdout included); null before launch" },
    holdout: { type: "integer", nullable: true },
    segments: { type: "array", items: { type: "object" }, description: "Targeted segments, in order (names only in lists)" },
    excludedSegments: { type: "array", items: { type: "object" } },
    variants: {
      type: "array",
      items: {
        type: "object",
        properties: {
          segmentId: { type: "string", nullable: true },
          subject: { type: "string" },
          body: { type: "string" },
          cta: { type: "string" },
          offer: { type: "string" },
        },
      },
    },
    conversion: { type: "object", properties: { event: { type: "string" }, windowDays: { type: "integer" } } },
  },
};
const definitionSchema = {
  type: "object",
  required: ["version", "root"],
  description:
    "Version 1. root is a group: { type: 'group', combinator: 'and'|'or', negate, children }. A child is a group, " +
    "{ type: 'attribute', attribute, operator, value }, { type: 'event', event, operator: did|did_not|at_least|at_most|exactly, count, " +
    "window: { kind: 'ever' } | { kind: 'last_days', days } | { kind: 'between', from, to }, where: [{ property, operator, value }], " +
    "aggregate: { fn: sum|avg, property, operator, value } } or { type: 'segment', segmentId, operator: in|not_in }. " +
    "A customer without a value matches only is_not_set.",
  properties: { version: { type: "integer", enum: [1] }, root: { type: "object" } },
};
const page = (items: object) =>
  ok({ type: "object", properties: { data: { type: "array", items }, nextCursor: { type: "string", nullable: true } } });
const pageParams = [
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 } },
  { name: "cursor", in: "query", schema: { type: "string" }, description: "nextCursor of the previous page" },
];
const ok = (schema: object, description = "OK") => ({ description, content: { "application/json": { schema } } });
const errors = {
  "400": ok(error, "Invalid input; the message names the problem"),
  "401": ok(error, "Missing or invalid key"),
  "403": ok(error, "A write-only key on the REST API"),
  "404": ok(error, "No such customer, segment or campaign in the key's workspace"),
};
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
const message = (required: string[], extra: object) => ({
  type: "object",
  required,
  properties: {
    userId: { type: "string" },
    anonymousId: { type: "string" },
    messageId: { type: "string", description: "Repeated ids are stored once." },
    timestamp: { type: "string", format: "date-time" },
    context: { type: "object" },
    ...extra,
  },
});
const ingestCall = (summary: string, schema: object) => ({
  post: {
    summary,
    tags: ["Ingest"],
    description:
      "Also served at /v1/… (where Segment's libraries post) with CORS for browsers; the write key may also be writeKey in the body.",
    security: [{ basic: [] }, { bearer: [] }],
    requestBody: { required: true, content: { "application/json": { schema }, "text/plain": { schema } } },
    responses: {
      "200": ok(
        {
          type: "object",
          properties: {
            success: { type: "boolean" },
            accepted: { type: "integer", description: "Messages stored." },
            rejected: {
              type: "array",
              description: "Messages refused, each on its own, with the reason naming the field (also in Settings → Ingest log).",
              items: {
                type: "object",
                properties: {
                  index: { type: "integer" },
                  type: { type: "string", nullable: true },
                  messageId: { type: "string", nullable: true },
                  reason: { type: "string" },
                },
              },
            },
          },
        },
        "The valid messages are stored",
      ),
      "400": ok(error, "Nothing storable: not JSON, not a batch, or every message refused (see rejected)"),
      "401": ok(error, "Missing or invalid write key"),
      "413": ok(error, "Over 32 KB a message or 500 KB a batch"),
      "429": { description: "Too fast; see Retry-After" },
    },
  },
});

export const openApiDocument = {
  openapi: "3.0.3",
  info: {
    title: "Facet API",
    version: "1",
    description: "Customers, segments and campaigns (REST, read-and-write keys) and a Segment-compatible ingest API (write keys).",
  },
  servers: [{ url: "/api/v1" }],
  components: {
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer", description: "An API key from Settings → API keys." },
      basic: { type: "http", scheme: "basic", description: "The key as username, empty password (what Segment's libraries send)." },
    },
    schemas: { SegmentDefinition: definitionSchema },
  },
  paths: {
    "/customers": {
      get: {
        summary: "List customers, newest first",
        tags: ["Customers"],
        security: [{ bearer: [] }],
        parameters: [
          ...pageParams,
          { name: "q", in: "query", schema: { type: "string" }, description: "Email, name or external id prefix" },
        ],
        responses: { "200": page(customer), ...errors },
      },
    },
    "/customers/{id}": {
      get: {
        summary: "A customer",
        tags: ["Customers"],
        security: [{ bearer: [] }],
        parameters: [idParam],
        responses: { "200": ok(customer), ...errors },
      },
      put: {
        summary: "Update a customer (all or nothing)",
        tags: ["Customers"],
        security: [{ bearer: [] }],
        parameters: [idParam],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  email: { type: "string", nullable: true },
                  name: { type: "string", nullable: true },
                  externalId: { type: "string", nullable: true },
                  traits: { type: "object", additionalProperties: true, description: "Attribute values by key; null clears one." },
                },
              },
            },
          },
        },
        responses: { "200": ok(customer), "409": ok(error, "Email or external id taken"), ...errors },
      },
      delete: {
        summary: "Erase a customer and their events",
        tags: ["Customers"],
        security: [{ bearer: [] }],
        parameters: [idParam],
        responses: { "204": { description: "Erased" }, ...errors },
      },
    },
    "/segments": {
      get: {
        summary: "List segments, most recently changed first",
        tags: ["Segments"],
        security: [{ bearer: [] }],
        parameters: [...pageParams, { name: "q", in: "query", schema: { type: "string" } }],
        responses: { "200": page(segment), ...errors },
      },
      post: {
        summary: "Save a segment and compute its members",
        tags: ["Segments"],
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["name", "definition"],
                properties: {
                  name: { type: "string" },
                  description: { type: "string" },
                  tags: { type: "array", items: { type: "string" } },
                  schedule: { type: "string", enum: ["manual", "hourly", "daily"] },
                  definition: { $ref: "#/components/schemas/SegmentDefinition" },
                },
              },
            },
          },
        },
        responses: { "201": ok(segment, "Saved"), ...errors },
      },
    },
    "/segments/preview": {
      post: {
        summary: "Count and sample the customers a definition selects (nothing saved)",
        tags: ["Segments"],
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["definition"],
                properties: { definition: { $ref: "#/components/schemas/SegmentDefinition" } },
              },
            },
          },
        },
        responses: {
          "200": ok({
            type: "object",
            properties: {
              count: { type: "integer" },
              total: { type: "integer" },
              share: { type: "number" },
              conditions: { type: "array", items: { type: "integer" } },
              sample: { type: "array", items: { type: "object" } },
            },
          }),
          ...errors,
        },
      },
    },
    "/segments/{id}": {
      get: {
        summary: "A segment with its definition",
        tags: ["Segments"],
        security: [{ bearer: [] }],
        parameters: [idParam],
        responses: { "200": ok(segment), ...errors },
      },
    },
    "/segments/{id}/members": {
      get: {
        summary: "Members as of the last refresh, by customer id",
        tags: ["Segments"],
        security: [{ bearer: [] }],
        parameters: [idParam, ...pageParams],
        responses: {
          "200": page({
            type: "object",
            properties: {
              id: { type: "string" },
              email: { type: "string", nullable: true },
              name: { type: "string", nullable: true },
              externalId: { type: "string", nullable: true },
              since: { type: "string", format: "date-time" },
            },
          }),
          ...errors,
        },
      },
    },
    "/campaigns": {
      get: {
        summary: "List campaigns, most recently changed first",
        tags: ["Campaigns"],
        security: [{ bearer: [] }],
        parameters: [
          ...pageParams,
          { name: "q", in: "query", schema: { type: "string" } },
          { name: "status", in: "query", schema: { type: "string", enum: ["draft", "scheduled", "running", "completed", "archived"] } },
        ],
        responses: { "200": page(campaignSchema), ...errors },
      },
    },
    "/campaigns/{id}": {
      get: {
        summary: "A campaign with its segments and variants",
        tags: ["Campaigns"],
        security: [{ bearer: [] }],
        parameters: [idParam],
        responses: { "200": ok(campaignSchema), ...errors },
      },
    },
    "/campaigns/{id}/audience": {
      get: {
        summary: "The audience frozen at launch, by customer id",
        tags: ["Campaigns"],
        security: [{ bearer: [] }],
        parameters: [idParam, ...pageParams],
        responses: {
          "200": page({
            type: "object",
            properties: {
              id: { type: "string" },
              email: { type: "string", nullable: true },
              name: { type: "string", nullable: true },
              externalId: { type: "string", nullable: true },
              segmentId: { type: "string", description: "The targeted segment whose variant they get" },
              holdout: { type: "boolean" },
            },
          }),
          "409": ok(error, "The campaign hasn't launched"),
          ...errors,
        },
      },
    },
    "/identify": ingestCall("Create or update a customer and their traits", message([], { traits: { type: "object" } })),
    "/track": ingestCall("Record an event", message(["event"], { event: { type: "string" }, properties: { type: "object" } })),
    "/page": ingestCall("Record a page view", message([], { name: { type: "string" }, properties: { type: "object" } })),
    "/screen": ingestCall("Record a screen view", message([], { name: { type: "string" }, properties: { type: "object" } })),
    "/group": ingestCall("Record a group membership", message(["groupId"], { groupId: { type: "string" }, traits: { type: "object" } })),
    "/alias": ingestCall("Merge previousId into userId", message(["userId", "previousId"], { previousId: { type: "string" } })),
    "/batch": ingestCall("Several messages at once", {
      type: "object",
      required: ["batch"],
      properties: { batch: { type: "array", items: { type: "object" } } },
    }),
  },
};
