import type { APIRequestContext, Page } from "@playwright/test";
import { expect, restResponsesChecked, test } from "./rest-conformance";
import { createWorkspace, newEmail, signUp } from "./helpers";

// REST API v1 is public: these are its responses, captured from the hand-written routes before REST
// was served from the tRPC procedures, and kept as they were. Ids, times and cursors vary per run,
// so they are replaced by placeholders before comparing.
const normalize = (value: unknown): unknown => {
  if (typeof value === "string") {
    if (/^(cus|seg|cmp|usr|ws|key)_[0-9a-z]+$/.test(value)) return `<${value.split("_")[0]}>`;
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) return "<time>";
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value)) return "<uuid>";
    return value.replace(/reference [0-9a-f-]{36}/, "reference <uuid>");
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  return value;
};

async function call(request: APIRequestContext, method: string, path: string, headers: Record<string, string>, data?: unknown) {
  const response = await request.fetch(`/api/v1${path}`, { method, headers, ...(data === undefined ? {} : { data }) });
  const text = await response.text();
  return {
    status: response.status(),
    body: text ? normalize(JSON.parse(text)) : null,
    raw: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

/** A tRPC mutation from the signed-in page, as the app's own pages make it. */
async function mutate(page: Page, path: string, input: Record<string, unknown>) {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(`/api/trpc/${path}`, {
    headers: { origin, "content-type": "application/json" },
    data: { json: input },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: Record<string, unknown> } } }).result.data.json;
}

async function keys(page: Page) {
  const slug = await createWorkspace(page, `Shapes ${Date.now()}`);
  await page.goto(`/w/${slug}/settings/api-keys`);
  const key = async (access: "readWrite" | "write") => {
    await page.getByLabel("Key name").fill(access === "write" ? "Tracking" : "Backend");
    await page.getByLabel("Access").selectOption(access);
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByLabel("New API key")).toHaveValue(access === "write" ? /^fct_w_/ : /^fct_rw_/);
    return page.getByLabel("New API key").inputValue();
  };
  const rw = await key("readWrite");
  const write = await key("write");
  return { slug, auth: { authorization: `Bearer ${rw}` }, write: { authorization: `Bearer ${write}` } };
}

test("REST API v1 customers answer as they always have", async ({ page, request }) => {
  await signUp(page, "Shape Shifter", newEmail("shapes"));
  const { auth, write } = await keys(page);
  for (const [userId, score] of [
    ["r-1", 1],
    ["r-2", 2],
    ["r-3", 3],
  ] as const) {
    const sent = await request.post("/api/v1/identify", {
      headers: write,
      data: { userId, traits: { email: `${userId}@example.com`, score } },
    });
    expect(sent.status()).toBe(200);
  }

  expect(await call(request, "GET", "/customers", {})).toMatchObject({
    status: 401,
    body: { error: { message: "Missing or invalid API key. Send a read-and-write key as a Bearer token." } },
  });
  expect(await call(request, "GET", "/customers", write)).toMatchObject({
    status: 403,
    body: { error: { message: "This is a write-only key for the ingest API; the REST API needs a read-and-write key.", field: null } },
  });

  const first = await call(request, "GET", "/customers?limit=2", auth);
  expect(first.status).toBe(200);
  expect(first.body).toEqual({
    data: [customerListItem("r-3", 3), customerListItem("r-2", 2)],
    nextCursor: expect.any(String),
  });
  const second = await call(request, "GET", `/customers?limit=2&cursor=${first.raw!.nextCursor as string}`, auth);
  expect(second).toEqual({ status: 200, body: { data: [customerListItem("r-1", 1)], nextCursor: null }, raw: expect.anything() });
  expect((await call(request, "GET", "/customers?q=r-2", auth)).body).toEqual({ data: [customerListItem("r-2", 2)], nextCursor: null });

  const id = (first.raw!.data as { id: string }[])[0]!.id;
  expect((await call(request, "GET", `/customers/${id}`, auth)).body).toEqual({
    id: "<cus>",
    email: "r-3@example.com",
    name: null,
    externalId: "r-3",
    createdAt: "<time>",
    attributes: customerListItem("r-3", 3).attributes,
  });
  expect(await call(request, "GET", "/customers/not-an-id", auth)).toMatchObject({
    status: 400,
    body: { error: { message: "Not a valid customer id.", field: "customerId" } },
  });
  expect(await call(request, "GET", "/customers/cus_0000000000nope", auth)).toMatchObject({
    status: 404,
    body: { error: { message: "That customer doesn't exist or you don't have access to it.", field: null } },
  });

  const updated = await call(request, "PUT", `/customers/${id}`, auth, { name: "Rhea Three", traits: { score: 4 } });
  expect(updated).toMatchObject({
    status: 200,
    body: {
      id: "<cus>",
      email: "r-3@example.com",
      name: "Rhea Three",
      externalId: "r-3",
      createdAt: "<time>",
      attributes: { ...customerListItem("r-3", 4).attributes, name: "Rhea Three" },
    },
  });
  expect(await call(request, "PUT", `/customers/${id}`, auth, { traits: { score: "lots" } })).toMatchObject({
    status: 400,
    body: { error: { message: expect.stringContaining("is not a number"), field: "score" } },
  });
  // A body that doesn't fit the schema: zod's own words, naming the field.
  expect(await call(request, "PUT", `/customers/${id}`, auth, { traits: "lots" })).toMatchObject({
    status: 400,
    body: { error: { message: "✖ Expected an object\n  → at traits" } },
  });
  expect(await call(request, "PUT", `/customers/${id}`, auth, { email: "r-1@example.com" })).toMatchObject({
    status: 409,
    body: { error: { message: "Another customer already has this email.", field: "email" } },
  });

  expect(await call(request, "DELETE", `/customers/${id}`, auth)).toEqual({ status: 204, body: null, raw: null });
  expect((await call(request, "GET", `/customers/${id}`, auth)).status).toBe(404);
  expect((await call(request, "DELETE", `/customers/${id}`, auth)).status).toBe(404);
  expect(restResponsesChecked()).toBeGreaterThanOrEqual(15);
});

function customerListItem(userId: string, score: number) {
  return {
    id: "<cus>",
    attributes: {
      score,
      email: `${userId}@example.com`,
      name: null,
      external_id: userId,
      created_at: "<time>",
      last_seen_at: "<time>",
      order_count: 0,
      total_spend: 0,
      avg_order_value: null,
      first_purchase_at: null,
      last_purchase_at: null,
      days_since_last_purchase: null,
    },
  };
}

const definition = {
  version: 1,
  root: {
    type: "group",
    combinator: "and",
    negate: false,
    children: [{ type: "attribute", attribute: "score", operator: "gte", value: 2 }],
  },
};

test("REST API v1 segments and campaigns answer as they always have", async ({ page, request }) => {
  await signUp(page, "Shape Segments", newEmail("shapes-segments"));
  const { slug, auth, write } = await keys(page);
  for (const [userId, score] of [
    ["s-1", 1],
    ["s-2", 2],
    ["s-3", 3],
  ] as const) {
    const sent = await request.post("/api/v1/identify", {
      headers: write,
      data: { userId, traits: { email: `${userId}@example.com`, score } },
    });
    expect(sent.status()).toBe(200);
  }

  const preview = await call(request, "POST", "/segments/preview", auth, { definition });
  expect(preview.status).toBe(200);
  expect(preview.body).toEqual({
    count: 2,
    total: 3,
    share: 2 / 3,
    conditions: [2],
    sample: expect.arrayContaining([
      { id: "<cus>", email: "s-3@example.com", name: null, externalId: "s-3", values: { score: 3 } },
      { id: "<cus>", email: "s-2@example.com", name: null, externalId: "s-2", values: { score: 2 } },
    ]),
  });
  expect(await call(request, "POST", "/segments/preview", auth, { definition: { version: 2 } })).toMatchObject({
    status: 400,
    body: {
      error: {
        message: "✖ Use 1\n  → at definition.version\n✖ This is required\n  → at definition.root",
      },
    },
  });
  expect(await call(request, "POST", "/segments", auth, { definition })).toMatchObject({
    status: 400,
    body: { error: { message: "✖ This is required\n  → at name" } },
  });

  const created = await call(request, "POST", "/segments", auth, { name: "High scorers", tags: ["api"], definition });
  expect(created).toMatchObject({
    status: 201,
    body: {
      id: "<seg>",
      name: "High scorers",
      description: "",
      tags: ["api"],
      schedule: "daily",
      version: 1,
      members: 2,
      refreshedAt: "<time>",
      definition,
    },
  });
  expect(Object.keys(created.raw!)).toEqual([
    "id",
    "name",
    "description",
    "tags",
    "schedule",
    "version",
    "members",
    "refreshedAt",
    "definition",
  ]);
  const segmentId = created.raw!.id as string;
  expect(await call(request, "GET", "/segments", auth)).toMatchObject({
    status: 200,
    body: {
      data: [
        {
          id: "<seg>",
          name: "High scorers",
          description: "",
          tags: ["api"],
          schedule: "daily",
          version: 1,
          members: 2,
          refreshedAt: "<time>",
        },
      ],
      nextCursor: null,
    },
  });
  expect(Object.keys(((await call(request, "GET", "/segments", auth)).raw!.data as object[])[0]!)).toEqual([
    "id",
    "name",
    "description",
    "tags",
    "schedule",
    "version",
    "members",
    "refreshedAt",
  ]);
  expect(await call(request, "GET", `/segments/${segmentId}`, auth)).toEqual({ status: 200, body: created.body, raw: expect.anything() });
  const members = await call(request, "GET", `/segments/${segmentId}/members?limit=1`, auth);
  expect(members).toMatchObject({
    status: 200,
    body: {
      data: [
        { id: "<cus>", email: expect.stringMatching(/^s-[23]@example.com$/), name: null, externalId: expect.any(String), since: "<time>" },
      ],
    },
  });
  const rest = await call(request, "GET", `/segments/${segmentId}/members?limit=1&cursor=${members.raw!.nextCursor as string}`, auth);
  expect(rest).toMatchObject({ status: 200, body: { data: [{ id: "<cus>" }], nextCursor: null } });
  expect(await call(request, "GET", "/segments/nope", auth)).toMatchObject({
    status: 400,
    body: { error: { message: "Not a valid segment id.", field: "segmentId" } },
  });
  expect(await call(request, "GET", "/segments/seg_0000000000nope/members", auth)).toMatchObject({
    status: 404,
    body: { error: { message: "That segment doesn't exist or you don't have access to it.", field: null } },
  });

  const workspace = await page.request.get(`/api/trpc/workspace.bySlug?input=${encodeURIComponent(JSON.stringify({ json: { slug } }))}`);
  const workspaceId = ((await workspace.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
  const campaign = await mutate(page, "campaign.create", {
    workspaceId,
    name: "Welcome",
    goal: "Say hello",
    include: [segmentId],
    variants: [{ segmentId: null, subject: "Hi", body: "Hello {{first_name|there}}" }],
  });
  const campaignId = campaign.id as string;
  const draft = await call(request, "GET", `/campaigns/${campaignId}`, auth);
  expect(draft).toEqual({
    status: 200,
    body: {
      id: "<cmp>",
      name: "Welcome",
      channel: "email",
      status: "draft",
      startsOn: null,
      endsOn: null,
      owner: null,
      launchedAt: null,
      audience: null,
      goal: "Say hello",
      holdoutPercent: 0,
      holdout: null,
      segments: [{ id: "<seg>", name: "High scorers" }],
      excludedSegments: [],
      variants: [{ segmentId: null, subject: "Hi", body: "Hello {{first_name|there}}", cta: "", offer: "" }],
      conversion: { event: "purchase", windowDays: 14 },
    },
    raw: expect.anything(),
  });
  expect(await call(request, "GET", `/campaigns/${campaignId}/audience`, auth)).toMatchObject({
    status: 409,
    body: { error: { message: "This campaign hasn't launched: it has no frozen audience yet." } },
  });

  await mutate(page, "campaign.launch", { workspaceId, campaignId });
  expect(await call(request, "GET", "/campaigns", auth)).toEqual({
    status: 200,
    body: {
      data: [
        {
          id: "<cmp>",
          name: "Welcome",
          channel: "email",
          status: "running",
          startsOn: null,
          endsOn: null,
          owner: null,
          launchedAt: "<time>",
          audience: 2,
          segments: ["High scorers"],
        },
      ],
      nextCursor: null,
    },
    raw: expect.anything(),
  });
  expect((await call(request, "GET", "/campaigns?status=draft", auth)).body).toEqual({ data: [], nextCursor: null });
  expect((await call(request, "GET", `/campaigns/${campaignId}`, auth)).body).toMatchObject({ status: "running", audience: 2, holdout: 0 });
  const audience = await call(request, "GET", `/campaigns/${campaignId}/audience?limit=1`, auth);
  expect(audience).toMatchObject({
    status: 200,
    body: {
      data: [
        {
          id: "<cus>",
          email: expect.stringMatching(/^s-[23]@example.com$/),
          name: null,
          externalId: expect.any(String),
          segmentId: "<seg>",
          holdout: false,
        },
      ],
    },
  });
  expect(Object.keys((audience.raw!.data as object[])[0]!)).toEqual(["id", "email", "name", "externalId", "segmentId", "holdout"]);
  expect(
    (await call(request, "GET", `/campaigns/${campaignId}/audience?limit=1&cursor=${audience.raw!.nextCursor as string}`, auth)).body,
  ).toMatchObject({ data: [{ id: "<cus>" }], nextCursor: null });
  expect(await call(request, "GET", "/campaigns/cmp_0000000000nope", auth)).toMatchObject({
    status: 404,
    body: { error: { message: "That campaign doesn't exist or you don't have access to it.", field: null } },
  });
  expect(await call(request, "GET", "/campaigns/x/audience", auth)).toMatchObject({
    status: 400,
    body: { error: { message: "Not a valid campaign id.", field: "campaignId" } },
  });
  expect(restResponsesChecked()).toBeGreaterThanOrEqual(20);
});
