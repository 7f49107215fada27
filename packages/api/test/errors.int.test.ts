import { sql } from "drizzle-orm";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@facet/db";
import { migrateDatabase } from "@facet/db/migrator";
import { appRouter, type ApiContext } from "../src";
import { callerFor, contextFor, newUser, newWorkspace } from "./fixtures";
import { restClient } from "./rest";

// Its own in-memory database: this test breaks the schema on purpose.
let database: Database;
beforeAll(async () => {
  database = createDatabase({ memory: true });
  await migrateDatabase(database);
});
afterAll(() => database.close());

async function call(path: string, context: ApiContext, init?: RequestInit) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://facet.test/api/trpc/${path}`, init),
    router: appRouter,
    createContext: () => context,
  });
  return { status: response.status, body: JSON.stringify(await response.json()) };
}

describe("errors reaching the client", () => {
  it("a deliberate error keeps its message and names the field", async () => {
    const user = await newUser(database.db, "Field Person");
    const context = contextFor(database.db, user, { requestId: "req_field" });
    const init = { method: "POST", headers: { "content-type": "application/json" } };
    const bad = await call("workspace.create", context, { ...init, body: JSON.stringify({ json: { name: "X", slug: "settings" } }) });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('"field":"slug"');
    expect(bad.body).toContain("reserved");
  });

  it("a REST call's unexpected error is a 500 with a generic message and the request id; the cause is logged", async () => {
    const owner = await newUser(database.db, "Rest Person");
    const ws = await newWorkspace(database.db, owner);
    const api = callerFor(database.db, owner);
    await api.customer.create({ workspaceId: ws.id, email: "hidden@example.com", traits: {} });
    const { secret } = await api.apiKey.create({ workspaceId: ws.id, name: "Backend", kind: "readWrite" });
    const logged: unknown[] = [];
    const rest = restClient(database.db, { onError: (error) => logged.push(error) });
    await database.db.execute(sql`alter table customers rename to customers_moved`);
    try {
      const { status, body } = await rest("GET", "/customers", { key: secret });
      expect(status).toBe(500);
      expect(body.error).toMatchObject({
        code: "INTERNAL_SERVER_ERROR",
        requestId: "req_rest",
        message: expect.stringContaining("req_rest"),
      });
      expect(JSON.stringify(body).toLowerCase()).not.toContain("select");
      expect(JSON.stringify(body)).not.toContain("customers");
      expect(logged).toHaveLength(1);
      expect(String(logged[0])).toMatch(/customers/);
    } finally {
      await database.db.execute(sql`alter table customers_moved rename to customers`);
    }
  });

  it("an unexpected error becomes a generic message with a request id: no SQL, no customer data", async () => {
    const user = await newUser(database.db, "Secret Person");
    await database.db.execute(sql`alter table memberships rename to memberships_moved`);
    const context = contextFor(database.db, user, { requestId: "req_12345" });
    const { status, body } = await call("workspace.list", context);
    expect(status).toBe(500);
    expect(body).toContain("Something went wrong on our side");
    expect(body).toContain("req_12345");
    expect(body.toLowerCase()).not.toContain("select");
    expect(body).not.toContain(user.id);
    expect(body).not.toContain("memberships");
    expect(body).not.toContain("stack");
  });
});
