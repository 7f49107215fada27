import { sql } from "drizzle-orm";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@facet/db";
import { migrateDatabase } from "@facet/db/migrator";
import { appRouter, type ApiContext } from "../src";
import { contextFor, newUser } from "./fixtures";

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
