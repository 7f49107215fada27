// Input the database can't take is a 400 naming its field, never a 500 (Segment's libraries and other
// clients retry a 5xx forever): NUL characters anywhere, and page cursors that aren't ours or not of this list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@facet/db";
import { callerFor, newUser, newWorkspace, openDatabase } from "./fixtures";
import { restClient } from "./rest";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

/** A call that must fail as a 400 on `field`. */
async function refusedOn(call: Promise<unknown>, field: string, what = "") {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; cause?: { field?: string; message?: string } } | null;
  expect(error, `expected a 400 on ${field} ${what}`).not.toBeNull();
  expect({ code: error!.code, field: error!.cause?.field }).toEqual({ code: "BAD_REQUEST", field });
  return error!;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function setup() {
  const owner = await newUser(database.db, "Bad Input");
  const ws = await newWorkspace(database.db, owner);
  const api = callerFor(database.db, owner);
  const customerA = await api.customer.create({ workspaceId: ws.id, email: "a@example.com", traits: {} });
  await api.customer.create({ workspaceId: ws.id, email: "b@example.com", traits: {} });
  const everyone = { version: 1 as const, root: { type: "group" as const, combinator: "and" as const, negate: false, children: [] } };
  const seg = await api.segment.create({ workspaceId: ws.id, name: "Everyone", definition: everyone });
  return { owner, ws, api, customerA, seg };
}

describe("NUL characters", () => {
  it("in search, filters and names are a 400 naming the field, and nothing is written", async () => {
    const { ws, api } = await setup();
    const nul = "a\u0000b";
    const e = await refusedOn(api.customer.list({ workspaceId: ws.id, q: nul }), "q");
    expect(e.cause!.message).toBe("q: contains a NUL character (\\u0000), which can't be stored. Remove it and try again.");
    await refusedOn(api.customer.count({ workspaceId: ws.id, q: nul }), "q");
    await refusedOn(
      api.customer.list({ workspaceId: ws.id, filters: [{ type: "attribute", attribute: "email", operator: "contains", value: nul }] }),
      "filters.0.value",
    );
    await refusedOn(api.segment.list({ workspaceId: ws.id, q: nul }), "q");
    await refusedOn(api.campaign.list({ workspaceId: ws.id, q: nul }), "q");
    await refusedOn(api.customer.create({ workspaceId: ws.id, email: "c@example.com", name: nul, traits: {} }), "name");
    const everyone = { version: 1 as const, root: { type: "group" as const, combinator: "and" as const, negate: false, children: [] } };
    await refusedOn(api.segment.create({ workspaceId: ws.id, name: nul, definition: everyone }), "name");
    await refusedOn(api.campaign.create({ workspaceId: ws.id, name: nul }), "name");
    await refusedOn(api.attribute.create({ workspaceId: ws.id, key: "tier", label: nul, type: "string", dimension: "value" }), "label");
    await refusedOn(api.workspace.update({ workspaceId: ws.id, name: nul }), "name");
    expect((await api.segment.list({ workspaceId: ws.id })).items).toHaveLength(1);
    expect(await api.customer.count({ workspaceId: ws.id })).toBe(2);
  });

  it("through REST: a NUL in the search is a 400 naming q", async () => {
    const { ws, api } = await setup();
    const { secret } = await api.apiKey.create({ workspaceId: ws.id, name: "Backend", kind: "readWrite" });
    const rest = restClient(database.db);
    const { status, body } = await rest("GET", "/customers?q=a%00b", { key: secret });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "BAD_REQUEST", field: "q" });
    const cursor = await rest("GET", "/customers?cursor=not-a-cursor", { key: secret });
    expect(cursor.status).toBe(400);
    expect(cursor.body.error).toMatchObject({ code: "BAD_REQUEST", field: "cursor" });
  });
});

describe("page cursors", () => {
  it("crafted, of the wrong type or from another list are a 400 on cursor in every list", async () => {
    const { ws, api, customerA, seg } = await setup();
    const w = { workspaceId: ws.id };
    const bogus = ["!!!", "abc_def", b64({ not: "a list" }), b64(["abc", "cus_0123456789"]), b64([1e20, ""]), b64([1, "a\u0001b"])];
    for (const cursor of bogus) {
      const lists: [string, () => Promise<unknown>][] = [
        ["customers by orders", () => api.customer.list({ ...w, sort: { key: "order_count", dir: "asc" }, cursor })],
        ["customers by date", () => api.customer.list({ ...w, sort: { key: "created_at", dir: "desc" }, cursor })],
        ["segments", () => api.segment.list({ ...w, cursor })],
        ["campaigns", () => api.campaign.list({ ...w, cursor })],
        ["imports", () => api.importJob.list({ ...w, cursor })],
        ["audit log", () => api.auditLog.list({ ...w, cursor })],
        ["ingest log", () => api.ingestLog.list({ ...w, cursor })],
        ["events", () => api.customer.events({ ...w, customerId: customerA.id, cursor })],
        ["members", () => api.segment.members({ ...w, segmentId: seg.id, cursor })],
      ];
      for (const [what, call] of lists) await refusedOn(call(), "cursor", `(${what}, ${cursor})`);
    }
    // A launched campaign's audience pages by the same codec.
    const c = await api.campaign.create({ ...w, name: "Launch", include: [seg.id] });
    await api.campaign.launch({ ...w, campaignId: c.id });
    const firstPage = await api.campaign.audience({ ...w, campaignId: c.id, limit: 1 });
    expect((await api.campaign.audience({ ...w, campaignId: c.id, limit: 1, cursor: firstPage.nextCursor })).items).toHaveLength(1);
    for (const cursor of bogus)
      await refusedOn(api.campaign.audience({ ...w, campaignId: c.id, cursor }), "cursor", `(audience, ${cursor})`);
    // A time no timestamp holds (it used to reach the database as an invalid date).
    await refusedOn(api.segment.list({ ...w, cursor: b64([1e20, seg.id]) }), "cursor");
    // A cursor of one sort used with another: a date where a number belongs.
    const byDate = await api.customer.list({ ...w, sort: { key: "created_at", dir: "desc" }, limit: 1 });
    await refusedOn(api.customer.list({ ...w, sort: { key: "order_count", dir: "desc" }, cursor: byDate.nextCursor }), "cursor");
    // Cursors the lists hand out still page through them.
    const next = await api.customer.list({ ...w, sort: { key: "created_at", dir: "desc" }, limit: 1, cursor: byDate.nextCursor });
    expect(next.items).toHaveLength(1);
    expect(next.items[0]!.id).not.toBe(byDate.items[0]!.id);
  });
});
