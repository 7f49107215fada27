// REST API v1 is served by the app's own procedures through the API-key procedure: the same
// validation, errors, roles and audit. Every response here is checked against the generated
// OpenAPI document (see rest.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database } from "@facet/db";
import { createCaller } from "../src";
import { callerFor, contextFor, newUser, newWorkspace, openDatabase } from "./fixtures";
import { restClient } from "./rest";

let database: Database;
let rest: ReturnType<typeof restClient>;
beforeAll(async () => {
  database = await openDatabase();
  rest = restClient(database.db);
});
afterAll(() => database.close());

const everyone = { version: 1, root: { type: "group", combinator: "and", negate: false, children: [] } } as const;

async function workspaceWithKeys(customers = 3) {
  const owner = await newUser(database.db, "Rest Owner");
  const ws = await newWorkspace(database.db, owner, "Rest");
  const api = callerFor(database.db, owner);
  await api.attribute.create({ workspaceId: ws.id, key: "score", label: "Score", type: "number", dimension: "behavioral" });
  const ids: string[] = [];
  for (let i = 1; i <= customers; i++) {
    ids.push((await api.customer.create({ workspaceId: ws.id, email: `r${i}@example.com`, traits: { score: i } })).id);
  }
  const backend = await api.apiKey.create({ workspaceId: ws.id, name: "Backend", kind: "readWrite" });
  const tracking = await api.apiKey.create({ workspaceId: ws.id, name: "Tracking", kind: "write" });
  return { owner, ws, api, ids, key: backend.secret, keyId: backend.key.id, writeKey: tracking.secret };
}

describe("REST API v1 keys", () => {
  it("takes only a read-and-write key: 401 without or with an unknown one, 403 for a write-only key before reading the input", async () => {
    const { ids, writeKey } = await workspaceWithKeys(1);
    expect(await rest("GET", "/customers")).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED" } } });
    expect((await rest("GET", "/customers", { key: `fct_rw_${"x".repeat(32)}` })).status).toBe(401);
    expect(
      (await rest("GET", "/customers", { headers: { authorization: "Basic " + Buffer.from("nope:").toString("base64") } })).status,
    ).toBe(401);
    expect(await rest("PUT", `/customers/${ids[0]}`, { key: writeKey, body: "not json" })).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN", message: expect.stringContaining("write-only") } },
    });
  });

  it("takes the key as the HTTP Basic username too, as Segment's libraries send it", async () => {
    const { key } = await workspaceWithKeys(1);
    const basic = { authorization: "Basic " + Buffer.from(`${key}:`).toString("base64") };
    expect(await rest("GET", "/customers", { headers: basic })).toMatchObject({
      status: 200,
      body: { data: [{ id: expect.any(String) }] },
    });
  });

  it("audits a change made with a key as that key, in the log and in segment versions", async () => {
    const { api, ws, ids, key, keyId } = await workspaceWithKeys(2);
    expect((await rest("PUT", `/customers/${ids[0]}`, { key, body: { name: "Renamed", traits: { score: 9 } } })).status).toBe(200);
    const created = await rest("POST", "/segments", { key, body: { name: "Everyone", definition: everyone } });
    expect(created.status).toBe(201);
    expect((await rest("DELETE", `/customers/${ids[1]}`, { key })).status).toBe(204);

    const log = await api.auditLog.list({ workspaceId: ws.id, limit: 3 });
    expect(log.items.map((e) => e.action)).toEqual(["customer.erased", "segment.created", "customer.updated"]);
    for (const entry of log.items) {
      expect(entry).toMatchObject({ actorKind: "apiKey", actorId: keyId, actorName: "Backend", actorEmail: null });
    }
    const versions = await api.segment.versions({ workspaceId: ws.id, segmentId: created.body.id as string });
    expect(versions[0]).toMatchObject({ authorEmail: 'API key "Backend"' });
  });

  it("runs only the procedure its operation names: a key context can't reach any other procedure", async () => {
    const { ws, keyId } = await workspaceWithKeys(0);
    const context = {
      ...contextFor(database.db, null),
      apiKey: {
        workspaceId: ws.id,
        actor: { kind: "apiKey" as const, id: keyId, name: "Backend", permission: "readWrite" as const },
        role: "editor" as const,
        procedure: "customer.byId",
      },
    };
    const keyed = createCaller(context);
    await expect(keyed.apiKey.create({ workspaceId: ws.id, name: "Escalated", kind: "readWrite" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(keyed.customer.list({ workspaceId: ws.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(keyed.account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("REST API v1 input", () => {
  it("validates as the app does: the same bad input is a 400 naming the same field, and changes nothing", async () => {
    const { api, ws, key } = await workspaceWithKeys(1);
    const long = "x".repeat(101);
    await expect(api.segment.create({ workspaceId: ws.id, name: long, definition: everyone })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { issues: [{ path: ["name"] }] },
    });
    expect(await rest("POST", "/segments", { key, body: { name: long, definition: everyone } })).toMatchObject({
      status: 400,
      body: { error: { code: "BAD_REQUEST", field: "name", message: expect.stringContaining("at name") } },
    });

    const contains = {
      version: 1,
      root: { ...everyone.root, children: [{ type: "attribute", attribute: "score", operator: "contains", value: "2" }] },
    } as const;
    const appError = await api.segment.preview({ workspaceId: ws.id, definition: contains }).catch((e: Error) => e.message);
    expect(appError).toContain(`"contains" doesn't apply to Score`);
    expect(await rest("POST", "/segments/preview", { key, body: { definition: contains } })).toMatchObject({
      status: 400,
      body: { error: { message: appError } },
    });
    expect((await api.segment.list({ workspaceId: ws.id })).items).toHaveLength(0);
  });

  it("reads query parameters by their validator's type: limit defaults to 100, at most 1,000, a number", async () => {
    const { key } = await workspaceWithKeys(3);
    const first = await rest("GET", "/customers?limit=2", { key });
    expect(first.body.data).toHaveLength(2);
    const rest2 = await rest("GET", `/customers?limit=2&cursor=${first.body.nextCursor}`, { key });
    expect(rest2.body).toMatchObject({ data: [{}], nextCursor: null });
    expect((await rest("GET", "/customers?limit=", { key })).body.data).toHaveLength(3);
    expect(await rest("GET", "/customers?limit=5000", { key })).toMatchObject({ status: 400, body: { error: { field: "limit" } } });
    expect(await rest("GET", "/customers?limit=lots", { key })).toMatchObject({ status: 400, body: { error: { field: "limit" } } });
    expect(await rest("GET", "/campaigns?status=someday", { key })).toMatchObject({ status: 400, body: { error: { field: "status" } } });
  });

  it("a malformed body or path is a 400 that says so; unknown paths are 404 and wrong methods 405, in JSON", async () => {
    const { ids, key } = await workspaceWithKeys(1);
    expect(await rest("PUT", `/customers/${ids[0]}`, { key, body: "{ nope" })).toMatchObject({
      status: 400,
      body: { error: { message: "The request body is not valid JSON." } },
    });
    expect(await rest("POST", "/segments", { key })).toMatchObject({
      status: 400,
      body: { error: { message: "✖ Expected an object" } },
    });
    expect(await rest("GET", "/customers/42", { key })).toMatchObject({
      status: 400,
      body: { error: { message: "Not a valid customer id.", field: "customerId" } },
    });
    expect(await rest("GET", "/customers/%E0%A4%A", { key })).toMatchObject({ status: 400, body: { error: { field: "customerId" } } });
    expect(await rest("HEAD", `/customers/${ids[0]}`, { key })).toMatchObject({ status: 200 });
    expect(await rest("GET", "/customers/x/y", { key })).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    const wrong = await rest("POST", "/customers", { key, body: {} });
    expect(wrong).toMatchObject({ status: 405, body: { error: { code: "METHOD_NOT_SUPPORTED" } } });
    expect(wrong.headers.get("allow")).toBe("GET");
    // A literal path is never taken for an id: GET /segments/preview is not "the segment 'preview'".
    expect((await rest("GET", "/segments/preview", { key })).headers.get("allow")).toBe("POST");
  });
});

describe("REST API v1 answers", () => {
  it("updates and erases a customer: 200 with the customer, then 204, then 404", async () => {
    const { ids, key } = await workspaceWithKeys(1);
    expect(await rest("PUT", `/customers/${ids[0]}`, { key, body: { traits: { score: 5 } } })).toMatchObject({
      status: 200,
      body: { id: ids[0], email: "r1@example.com", attributes: { score: 5 } },
    });
    expect(await rest("PUT", `/customers/${ids[0]}`, { key, body: { traits: { score: "lots" } } })).toMatchObject({
      status: 400,
      body: { error: { field: "score" } },
    });
    expect(await rest("DELETE", `/customers/${ids[0]}`, { key })).toMatchObject({ status: 204, body: null });
    expect((await rest("GET", `/customers/${ids[0]}`, { key })).status).toBe(404);
    expect((await rest("DELETE", `/customers/${ids[0]}`, { key })).status).toBe(404);
  });

  it("a campaign's audience before launch is a 409 (CONFLICT in the app), and pages once launched", async () => {
    const { api, ws, key } = await workspaceWithKeys(3);
    const seg = await rest("POST", "/segments", { key, body: { name: "Everyone", definition: everyone } });
    const c = await api.campaign.create({ workspaceId: ws.id, name: "Hello", include: [seg.body.id as string] });
    await expect(api.campaign.audience({ workspaceId: ws.id, campaignId: c.id, limit: 10 })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await rest("GET", `/campaigns/${c.id}/audience`, { key })).toMatchObject({
      status: 409,
      body: { error: { message: "This campaign hasn't launched: it has no frozen audience yet." } },
    });
    await api.campaign.launch({ workspaceId: ws.id, campaignId: c.id });
    const page = await rest("GET", `/campaigns/${c.id}/audience?limit=2`, { key });
    expect(page.body.data).toHaveLength(2);
    expect((await rest("GET", `/campaigns/${c.id}/audience?cursor=${page.body.nextCursor}`, { key })).body).toMatchObject({
      data: [{ segmentId: seg.body.id, holdout: false }],
      nextCursor: null,
    });
    expect(await rest("GET", `/campaigns/${c.id}`, { key })).toMatchObject({ status: 200, body: { status: "running", audience: 3 } });
    expect(await rest("GET", "/campaigns", { key })).toMatchObject({ status: 200, body: { data: [{ id: c.id, segments: ["Everyone"] }] } });
  });

  it("segments: preview, list, read and members, in their REST shapes", async () => {
    const { key } = await workspaceWithKeys(3);
    const definition = {
      version: 1,
      root: { ...everyone.root, children: [{ type: "attribute", attribute: "score", operator: "gte", value: 2 }] },
    };
    expect(await rest("POST", "/segments/preview", { key, body: { definition } })).toMatchObject({
      status: 200,
      body: { count: 2, total: 3, conditions: [2] },
    });
    const created = await rest("POST", "/segments", { key, body: { name: "High", definition } });
    expect(created.body).toMatchObject({ members: 2, version: 1, schedule: "daily", definition });
    const list = await rest("GET", "/segments?q=Hi", { key });
    expect(list.body.data).toEqual([expect.not.objectContaining({ definition: expect.anything() })]);
    expect((await rest("GET", `/segments/${created.body.id}`, { key })).body).toEqual(created.body);
    const members = await rest("GET", `/segments/${created.body.id}/members?limit=1`, { key });
    expect(members.body).toMatchObject({ data: [{ email: expect.stringMatching(/^r[23]@example.com$/) }], nextCursor: expect.any(String) });
  });
});
