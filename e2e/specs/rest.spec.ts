import { expect, test } from "./rest-conformance";
import { createWorkspace, newEmail, signUp } from "./helpers";

test("REST API v1: a read-and-write key lists, reads, updates and erases customers; a write-only key can't", async ({ page, request }) => {
  await signUp(page, "Rhea Rest", newEmail("rest"));
  const slug = await createWorkspace(page, `Rest ${Date.now()}`);
  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByLabel("Key name").fill("Backend");
  await page.getByLabel("Access").selectOption("readWrite");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByLabel("New API key")).toHaveValue(/^fct_rw_/);
  const rw = await page.getByLabel("New API key").inputValue();
  await page.getByLabel("Key name").fill("Tracking");
  await page.getByLabel("Access").selectOption("write");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByLabel("New API key")).toHaveValue(/^fct_w_/);
  const writeOnly = await page.getByLabel("New API key").inputValue();
  const auth = { authorization: `Bearer ${rw}` };

  expect(
    (
      await request.post("/api/v1/identify", {
        headers: { authorization: `Bearer ${writeOnly}` },
        data: { userId: "r-1", traits: { email: "r1@example.com", score: 3 } },
      })
    ).status(),
  ).toBe(200);
  expect((await request.get("/api/v1/customers", { headers: { authorization: `Bearer ${writeOnly}` } })).status()).toBe(403);
  expect((await request.get("/api/v1/customers")).status()).toBe(401);

  const list = await (await request.get("/api/v1/customers?limit=10", { headers: auth })).json();
  expect(list.data).toHaveLength(1);
  const id = list.data[0].id as string;
  expect(list.data[0].attributes).toMatchObject({ email: "r1@example.com", external_id: "r-1", score: 3 });

  const bad = await request.put(`/api/v1/customers/${id}`, { headers: auth, data: { traits: { score: "lots" } } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain("is not a number");
  // A body over the API limit (1 MB) is refused before it is parsed, and nothing changes.
  const huge = await request.put(`/api/v1/customers/${id}`, {
    headers: { ...auth, "content-type": "application/json" },
    data: JSON.stringify({ name: "Huge", traits: { note: "x".repeat(1_100_000) } }),
  });
  expect(huge.status()).toBe(413);
  expect((await huge.json()).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  const updated = await request.put(`/api/v1/customers/${id}`, { headers: auth, data: { name: "Rhea One", traits: { score: 4 } } });
  expect(updated.status()).toBe(200);
  expect((await updated.json()).attributes).toMatchObject({ name: "Rhea One", score: 4 });

  expect((await request.delete(`/api/v1/customers/${id}`, { headers: auth })).status()).toBe(204);
  expect((await request.get(`/api/v1/customers/${id}`, { headers: auth })).status()).toBe(404);

  await page.goto("/docs/api");
  await expect(page.getByText("Update a customer (all or nothing)")).toBeVisible();
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toMatch(/^3\./);
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/customers", "/customers/{id}", "/identify", "/batch"]));
});

test("REST API v1 segments: preview, save, list, read, members; a bad rule is a 400 that says why", async ({ page, request }) => {
  await signUp(page, "Sid Segments", newEmail("rest-segments"));
  const slug = await createWorkspace(page, `Rest segments ${Date.now()}`);
  await page.goto(`/w/${slug}/settings/api-keys`);
  const key = async (access: "readWrite" | "write") => {
    await page.getByLabel("Key name").fill(access);
    await page.getByLabel("Access").selectOption(access);
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByLabel("New API key")).toHaveValue(access === "write" ? /^fct_w_/ : /^fct_rw_/);
    return page.getByLabel("New API key").inputValue();
  };
  const auth = { authorization: `Bearer ${await key("readWrite")}` };
  const write = { authorization: `Bearer ${await key("write")}` };
  for (const [userId, score] of [
    ["s-1", 1],
    ["s-2", 2],
    ["s-3", 3],
  ] as const) {
    expect((await request.post("/api/v1/identify", { headers: write, data: { userId, traits: { score } } })).status()).toBe(200);
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

  const preview = await request.post("/api/v1/segments/preview", { headers: auth, data: { definition } });
  expect(preview.status()).toBe(200);
  expect(await preview.json()).toMatchObject({ count: 2, total: 3 });

  const bad = await request.post("/api/v1/segments/preview", {
    headers: auth,
    data: {
      definition: {
        ...definition,
        root: { ...definition.root, children: [{ type: "attribute", attribute: "score", operator: "contains", value: "2" }] },
      },
    },
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain(`"contains" doesn't apply to score`);

  const created = await request.post("/api/v1/segments", { headers: auth, data: { name: "High scorers", definition } });
  expect(created.status()).toBe(201);
  const s = await created.json();
  expect(s).toMatchObject({ name: "High scorers", members: 2, version: 1 });

  const list = await (await request.get("/api/v1/segments", { headers: auth })).json();
  expect(list.data.map((x: { id: string }) => x.id)).toEqual([s.id]);
  expect(await (await request.get(`/api/v1/segments/${s.id}`, { headers: auth })).json()).toMatchObject({ id: s.id, definition });
  const members = await (await request.get(`/api/v1/segments/${s.id}/members?limit=1`, { headers: auth })).json();
  expect(members.data).toHaveLength(1);
  expect(members.nextCursor).not.toBeNull();
  expect((await request.get("/api/v1/segments/seg_0000000000nope", { headers: auth })).status()).toBe(404);

  await page.goto("/docs/api");
  await expect(page.getByText("Count and sample the customers a definition selects (nothing saved)")).toBeVisible();
});

test("REST API v1 campaigns: list, read and page through a launched campaign's frozen audience", async ({ page, request }) => {
  await signUp(page, "Cora Campaigns", newEmail("rest-campaigns"));
  const slug = await createWorkspace(page, `Rest campaigns ${Date.now()}`);
  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByLabel("Key name").fill("Backend");
  await page.getByLabel("Access").selectOption("readWrite");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByLabel("New API key")).toHaveValue(/^fct_rw_/);
  const auth = { authorization: `Bearer ${await page.getByLabel("New API key").inputValue()}` };
  for (const userId of ["c-1", "c-2", "c-3"])
    expect(
      (await request.post("/api/v1/identify", { headers: auth, data: { userId, traits: { email: `${userId}@example.com` } } })).status(),
    ).toBe(200);
  const seg = await (
    await request.post("/api/v1/segments", {
      headers: auth,
      data: { name: "Everyone", definition: { version: 1, root: { type: "group", combinator: "and", negate: false, children: [] } } },
    })
  ).json();

  await page.goto(`/w/${slug}/campaigns/new?segment=${seg.id}`);
  await page.getByLabel("Name", { exact: true }).fill("Welcome");
  await page.getByLabel("Holdout (%)").fill("0");
  await page.getByRole("button", { name: "Save campaign" }).click();
  await expect(page.getByRole("heading", { name: "Welcome" })).toBeVisible();
  const campaignId = new URL(page.url()).pathname.split("/").pop()!;
  expect((await request.get(`/api/v1/campaigns/${campaignId}/audience`, { headers: auth })).status()).toBe(409);
  await page.getByRole("button", { name: "Launch…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Launch" }).click();
  await expect(page.getByTestId("launched-audience")).toContainText("3 customers");

  const list = await (await request.get("/api/v1/campaigns", { headers: auth })).json();
  expect(list.data).toMatchObject([{ id: campaignId, name: "Welcome", status: "running", audience: 3, segments: ["Everyone"] }]);
  const one = await (await request.get(`/api/v1/campaigns/${campaignId}`, { headers: auth })).json();
  expect(one).toMatchObject({
    id: campaignId,
    audience: 3,
    holdout: 0,
    segments: [{ id: seg.id, name: "Everyone" }],
    conversion: { event: "purchase", windowDays: 14 },
  });
  const first = await (await request.get(`/api/v1/campaigns/${campaignId}/audience?limit=2`, { headers: auth })).json();
  expect(first.data).toHaveLength(2);
  const rest = await (
    await request.get(`/api/v1/campaigns/${campaignId}/audience?limit=2&cursor=${first.nextCursor}`, { headers: auth })
  ).json();
  expect(rest).toMatchObject({ data: [{ segmentId: seg.id, holdout: false }], nextCursor: null });
  expect((await request.get("/api/v1/campaigns/cmp_0000000000nope00000000", { headers: auth })).status()).toBe(404);
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/campaigns", "/campaigns/{id}", "/campaigns/{id}/audience"]));
});
