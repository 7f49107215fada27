// What a person reads when input doesn't fit: the words of the validators, on the field they are about.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@facet/db";
import { appRouter, type ApiContext } from "../src";
import { callerFor, contextFor, newUser, newWorkspace, openDatabase } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

interface ErrorBody {
  error: { json: { message: string; data: { httpStatus: number; fieldErrors: Record<string, string[]> | null } } };
}

/** A tRPC mutation or query as the browser sends it, answered by the app's router with its error formatter. */
async function send(context: ApiContext, path: string, input: unknown, kind: "mutation" | "query" = "mutation") {
  const json = encodeURIComponent(JSON.stringify({ json: input }));
  const request =
    kind === "mutation"
      ? new Request(`http://facet.test/api/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: input }),
        })
      : new Request(`http://facet.test/api/trpc/${path}?input=${json}`);
  const response = await fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext: () => context });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

const raw = /Too (small|big)|Invalid (input|option)|expected (string|number)/;

describe("validation messages reaching the app", () => {
  it("a holdout of 120% is a 400 on holdoutPercent, and nothing is saved", async () => {
    const owner = await newUser(database.db, "Holdout Owner");
    const ws = await newWorkspace(database.db, owner);
    const context = contextFor(database.db, owner);
    const { status, body } = await send(context, "campaign.create", { workspaceId: ws.id, name: "Too much", holdoutPercent: 120 });
    expect(status).toBe(400);
    expect(body.error.json.data.fieldErrors).toEqual({ holdoutPercent: ["Hold out at most 50%"] });
    expect((await callerFor(database.db, owner).campaign.list({ workspaceId: ws.id })).items).toHaveLength(0);
  });

  it("an empty event name in a rule says which part of the rule is empty, in words", async () => {
    const owner = await newUser(database.db, "Rule Owner");
    const ws = await newWorkspace(database.db, owner);
    const definition = {
      version: 1,
      root: { type: "group", combinator: "and", negate: false, children: [{ type: "event", event: "", operator: "did" }] },
    };
    const { status, body } = await send(contextFor(database.db, owner), "segment.preview", { workspaceId: ws.id, definition }, "query");
    expect(status).toBe(400);
    expect(body.error.json.data.fieldErrors).toEqual({ definition: ["Event name: This can't be empty"] });
  });

  it("a tag too long and a missing name are words on their fields", async () => {
    const owner = await newUser(database.db, "Tag Owner");
    const ws = await newWorkspace(database.db, owner);
    const definition = { version: 1, root: { type: "group", combinator: "and", negate: false, children: [] } };
    const { body } = await send(contextFor(database.db, owner), "segment.create", {
      workspaceId: ws.id,
      name: " ",
      tags: ["t".repeat(41)],
      definition,
    });
    expect(body.error.json.data.fieldErrors).toEqual({ name: ["Name the segment"], tags: ["Use at most 40 characters"] });
    expect(JSON.stringify(body)).not.toMatch(raw);
  });
});
