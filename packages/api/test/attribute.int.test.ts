import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, customers, type Database } from "@facet/db";
import { callerFor, expectCode, newUser, newWorkspace, openDatabase, testJobs, twoWorkspaces } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

async function setup() {
  const owner = await newUser(database.db, "Retyper");
  const ws = await newWorkspace(database.db, owner, "Retype");
  const api = callerFor(database.db, owner);
  return { owner, ws, api };
}

const traitsOf = async (workspaceId: string) =>
  (
    await database.db
      .select({ email: customers.email, traits: customers.traits })
      .from(customers)
      .where(eq(customers.workspaceId, workspaceId))
  )
    .sort((a, b) => a.email!.localeCompare(b.email!))
    .map((c) => c.traits);

describe("retyping an attribute", () => {
  it("previews what converts and what is cleared, then converts in one step, audited", async () => {
    const { ws, api } = await setup();
    const age = await api.attribute.create({
      workspaceId: ws.id,
      key: "age_text",
      label: "Age (text)",
      type: "string",
      dimension: "demographic",
    });
    for (const [email, value] of [
      ["a@x.io", "34"],
      ["b@x.io", "34"],
      ["c@x.io", " 41 "],
      ["d@x.io", "n/a"],
      ["e@x.io", null],
    ] as const) {
      await api.customer.create({ workspaceId: ws.id, email, traits: value === null ? {} : { age_text: value } });
    }
    const before = await traitsOf(ws.id);

    const preview = await api.attribute.retypePreview({ workspaceId: ws.id, attributeId: age.id, type: "number" });
    expect(preview).toMatchObject({ customersWithValue: 4, converting: 3, clearing: 1 });
    expect(preview.examples).toEqual([{ value: '"n/a"', customers: 1, reason: '"n/a" is not a number' }]);
    expect(await traitsOf(ws.id)).toEqual(before);

    const done = await api.attribute.retype({ workspaceId: ws.id, attributeId: age.id, type: "number" });
    expect(done).toMatchObject({ type: "number", cleared: 1 });
    expect(await traitsOf(ws.id)).toEqual([{ age_text: 34 }, { age_text: 34 }, { age_text: 41 }, {}, {}]);
    expect((await api.attribute.list({ workspaceId: ws.id })).find((a) => a.id === age.id)).toMatchObject({ type: "number" });
    const [entry] = await database.db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ws.id), eq(auditLog.action, "attribute.retyped")));
    expect(entry!.data).toMatchObject({ key: "age_text", from: "string", to: "number", cleared: 1 });
  });

  it("refreshes the segments with rules on the attribute (through references too), their logs naming the type change", async () => {
    const { ws, owner } = await setup();
    const jobs = testJobs(database.db);
    const api = callerFor(database.db, owner, { jobs });
    const age = await api.attribute.create({ workspaceId: ws.id, key: "age_text", label: "Age", type: "string", dimension: "demographic" });
    await api.customer.create({ workspaceId: ws.id, email: "a@x.io", traits: { age_text: "34" } });
    const bob = await api.customer.create({ workspaceId: ws.id, email: "b@x.io", traits: { age_text: "n/a" } });
    const known = await api.segment.create({
      workspaceId: ws.id,
      name: "Age known",
      definition: {
        version: 1,
        root: {
          type: "group",
          combinator: "and",
          negate: false,
          children: [{ type: "attribute", attribute: "age_text", operator: "is_set" }],
        },
      },
    });
    const referring = await api.segment.create({
      workspaceId: ws.id,
      name: "Refers",
      definition: {
        version: 1,
        root: { type: "group", combinator: "and", negate: false, children: [{ type: "segment", segmentId: known.id, operator: "in" }] },
      },
    });
    const unrelated = await api.segment.create({
      workspaceId: ws.id,
      name: "Everyone",
      definition: { version: 1, root: { type: "group", combinator: "and", negate: false, children: [] } },
    });
    expect(known.memberCount).toBe(2);
    await jobs.drain();

    await api.attribute.retype({ workspaceId: ws.id, attributeId: age.id, type: "number" });
    await jobs.drain();
    for (const segmentId of [known.id, referring.id]) {
      expect((await api.segment.byId({ workspaceId: ws.id, segmentId })).memberCount).toBe(1);
      const log = (await api.segment.changes({ workspaceId: ws.id, segmentId, limit: 100 })).items;
      expect(log.at(-1)).toMatchObject({ customerId: bob.id, change: "exited", cause: "retyped" });
    }
    const untouched = (await api.segment.changes({ workspaceId: ws.id, segmentId: unrelated.id, limit: 100 })).items;
    expect(untouched.map((c) => c.cause)).toEqual(["created", "created"]);
  });

  it("to a list of values: without a list, the values customers have become the allowed ones", async () => {
    const { ws, api } = await setup();
    const plan = await api.attribute.create({ workspaceId: ws.id, key: "plan", label: "Plan", type: "string", dimension: "value" });
    await api.customer.create({ workspaceId: ws.id, email: "a@x.io", traits: { plan: "Pro" } });
    await api.customer.create({ workspaceId: ws.id, email: "b@x.io", traits: { plan: "Free" } });
    expect(await api.attribute.retypePreview({ workspaceId: ws.id, attributeId: plan.id, type: "enum" })).toMatchObject({
      clearing: 0,
      enumValues: ["Free", "Pro"],
    });
    const strict = await api.attribute.retypePreview({
      workspaceId: ws.id,
      attributeId: plan.id,
      type: "enum",
      enumValues: ["Pro", "Team"],
    });
    expect(strict).toMatchObject({ converting: 1, clearing: 1, examples: [{ value: '"Free"' }] });
    await api.attribute.retype({ workspaceId: ws.id, attributeId: plan.id, type: "enum" });
    expect((await api.attribute.list({ workspaceId: ws.id })).find((a) => a.id === plan.id)).toMatchObject({
      type: "enum",
      enumValues: ["Free", "Pro"],
    });
  });

  it("is for admins, and not for built-in attributes or the same type", async () => {
    const { wsA, ownerA, editor, admin } = await twoWorkspaces(database.db);
    const api = callerFor(database.db, ownerA);
    const plan = await api.attribute.create({ workspaceId: wsA.id, key: "plan", label: "Plan", type: "string", dimension: "value" });
    const email = (await api.attribute.list({ workspaceId: wsA.id })).find((a) => a.key === "email")!;
    await expectCode(api.attribute.retype({ workspaceId: wsA.id, attributeId: email.id, type: "number" }), "BAD_REQUEST");
    await expectCode(api.attribute.retype({ workspaceId: wsA.id, attributeId: plan.id, type: "string" }), "BAD_REQUEST");
    await expectCode(
      callerFor(database.db, editor).attribute.retypePreview({ workspaceId: wsA.id, attributeId: plan.id, type: "number" }),
      "FORBIDDEN",
    );
    await expectCode(
      callerFor(database.db, editor).attribute.retype({ workspaceId: wsA.id, attributeId: plan.id, type: "number" }),
      "FORBIDDEN",
    );
    await callerFor(database.db, admin).attribute.retype({ workspaceId: wsA.id, attributeId: plan.id, type: "number" });
  });
});
