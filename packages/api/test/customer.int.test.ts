import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, events, type Database } from "@facet/db";
import { customer, resolveScope } from "@facet/domain";
import { callerFor, expectCode, newUser, newWorkspace, openDatabase, twoWorkspaces } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

async function workspaceWithCustomers(n: number) {
  const owner = await newUser(database.db, "Owner");
  const ws = await newWorkspace(database.db, owner);
  const api = callerFor(database.db, owner);
  await api.attribute.create({ workspaceId: ws.id, key: "age", label: "Age", type: "number", dimension: "demographic" });
  await api.attribute.create({
    workspaceId: ws.id,
    key: "plan",
    label: "Plan",
    type: "enum",
    dimension: "value",
    enumValues: ["Free", "Pro"],
  });
  for (let i = 0; i < n; i++) {
    await api.customer.create({
      workspaceId: ws.id,
      email: `person${String(i).padStart(2, "0")}@example.com`,
      name: `Person ${i}`,
      // every third customer has no age, and ages repeat, to exercise ties and missing values
      traits: i % 3 === 0 ? { plan: "Free" } : { age: 20 + (i % 5), plan: i % 2 ? "Pro" : "Free" },
    });
  }
  return { owner, ws, api };
}

describe("customer table", () => {
  it("pages by keyset through every customer once, sorted by an attribute with ties and missing values last", async () => {
    const { ws, api } = await workspaceWithCustomers(23);
    for (const dir of ["asc", "desc"] as const) {
      const seen: { id: string; age: unknown }[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof api.customer.list>> = await api.customer.list({
          workspaceId: ws.id,
          sort: { key: "age", dir },
          limit: 4,
          cursor,
        });
        seen.push(...page.items.map((c) => ({ id: c.id, age: c.values.age })));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(23);
      expect(new Set(seen.map((s) => s.id)).size).toBe(23);
      const ages = seen.map((s) => s.age).filter((a): a is number => typeof a === "number");
      expect(ages).toEqual([...ages].sort((a, b) => (dir === "asc" ? a - b : b - a)));
      expect(seen.slice(-8).every((s) => s.age === undefined)).toBe(true);
    }
    expect(await api.customer.count({ workspaceId: ws.id })).toBe(23);
  });

  it("finds customers by email, name or external id prefix", async () => {
    const { ws, api } = await workspaceWithCustomers(12);
    await api.customer.create({ workspaceId: ws.id, externalId: "crm-1001", name: "Zed", traits: {} });
    const search = async (q: string) =>
      (await api.customer.list({ workspaceId: ws.id, q, sort: { key: "email", dir: "asc" } })).items.map(
        (c) => c.values.email ?? c.values.external_id,
      );
    expect(await search("person1")).toEqual(["person10@example.com", "person11@example.com"]);
    expect(await search("PERSON 1")).toEqual(["person01@example.com", "person10@example.com", "person11@example.com"]);
    expect(await search("crm-")).toEqual(["crm-1001"]);
    expect(await search("100%")).toEqual([]);
    expect(await api.customer.count({ workspaceId: ws.id, q: "person1" })).toBe(2);
  });

  it("sorts by built-in attributes and refuses unknown ones", async () => {
    const { ws, api } = await workspaceWithCustomers(3);
    const byEmail = await api.customer.list({ workspaceId: ws.id, sort: { key: "email", dir: "desc" } });
    expect(byEmail.items.map((c) => c.values.email)).toEqual(["person02@example.com", "person01@example.com", "person00@example.com"]);
    await expectCode(api.customer.list({ workspaceId: ws.id, sort: { key: "nope", dir: "asc" } }), "BAD_REQUEST");
  });

  it("sorts numeric external ids as numbers (natural order), across pages, with other ids after them", async () => {
    const owner = await newUser(database.db, "Owner");
    const ws = await newWorkspace(database.db, owner);
    const api = callerFor(database.db, owner);
    for (const externalId of ["100", "9", "10", "1", "B-7", "2", "A-1", "1000", "20"]) {
      await api.customer.create({ workspaceId: ws.id, externalId });
    }
    await api.customer.create({ workspaceId: ws.id, email: "no-id@example.com" });
    const all = async (dir: "asc" | "desc") => {
      const ids: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof api.customer.list>> = await api.customer.list({
          workspaceId: ws.id,
          sort: { key: "external_id", dir },
          limit: 3,
          cursor,
        });
        ids.push(...page.items.map((c) => c.values.external_id ?? null));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    expect(await all("asc")).toEqual(["1", "2", "9", "10", "20", "100", "1000", "A-1", "B-7", null]);
    expect(await all("desc")).toEqual(["B-7", "A-1", "1000", "100", "20", "10", "9", "2", "1", null]);
  });
});

describe("customer profile", () => {
  it("validates edits against attribute types and writes nothing on any problem", async () => {
    const { ws, api } = await workspaceWithCustomers(1);
    const [c] = (await api.customer.list({ workspaceId: ws.id })).items;
    const edit = (traits: Record<string, unknown>, extra = {}) =>
      api.customer.update({ workspaceId: ws.id, customerId: c!.id, traits, ...extra });
    await expect(edit({ age: "old" })).rejects.toThrow('Age: "old" is not a number');
    await expect(edit({ plan: "Enterprise" })).rejects.toThrow(/Plan: "Enterprise" is not one of: Free, Pro/);
    await expect(edit({ age: 30, order_count: 5 })).rejects.toThrow(/Orders is not set through attributes/);
    await expect(edit({ shoe_size: 44 })).rejects.toThrow('There is no attribute "shoe_size". Create it first.');
    expect((await api.customer.byId({ workspaceId: ws.id, customerId: c!.id })).values).toMatchObject({ plan: "Free" });
    const saved = await edit({ age: "41", plan: "pro" }, { name: "Renamed" });
    expect(saved.values).toMatchObject({ age: 41, plan: "Pro", name: "Renamed" });
    const cleared = await edit({ age: null });
    expect(cleared.values.age).toBeUndefined();
  });

  it("keeps email and external id unique, and requires one of them", async () => {
    const { ws, api } = await workspaceWithCustomers(2);
    const [a] = (await api.customer.list({ workspaceId: ws.id, sort: { key: "email", dir: "asc" } })).items;
    await expectCode(api.customer.update({ workspaceId: ws.id, customerId: a!.id, email: "person01@example.com", traits: {} }), "CONFLICT");
    await expectCode(api.customer.create({ workspaceId: ws.id, email: "PERSON01@example.com", traits: {} }), "CONFLICT");
    await expectCode(api.customer.create({ workspaceId: ws.id, name: "Nobody", traits: {} }), "BAD_REQUEST");
  });

  it("erases a customer with their events, exports them first, and viewers can do neither edit", async () => {
    const { wsA, ownerA, viewer } = await twoWorkspaces(database.db);
    const api = callerFor(database.db, ownerA);
    const c = await api.customer.create({ workspaceId: wsA.id, email: "gdpr@example.com", traits: {} });
    const at = (d: number) => new Date(Date.UTC(2024, 0, d));
    await database.db.insert(events).values(
      Array.from({ length: 7 }, (_, i) => ({
        workspaceId: wsA.id,
        customerId: c.id,
        name: "purchase",
        occurredAt: at(i + 1),
        revenue: "10.50",
      })),
    );
    const page1 = await api.customer.events({ workspaceId: wsA.id, customerId: c.id, limit: 5 });
    expect(page1.items.map((e) => e.occurredAt.getUTCDate())).toEqual([7, 6, 5, 4, 3]);
    const page2 = await api.customer.events({ workspaceId: wsA.id, customerId: c.id, limit: 5, cursor: page1.nextCursor });
    expect(page2.items.map((e) => e.occurredAt.getUTCDate())).toEqual([2, 1]);
    expect(page2.nextCursor).toBeNull();

    const exported = await api.customer.export({ workspaceId: wsA.id, customerId: c.id });
    expect(exported.customer.email).toBe("gdpr@example.com");
    expect(exported.events).toHaveLength(7);

    await expectCode(callerFor(database.db, viewer).customer.delete({ workspaceId: wsA.id, customerIds: [c.id] }), "FORBIDDEN");
    await expectCode(
      callerFor(database.db, viewer).customer.update({ workspaceId: wsA.id, customerId: c.id, name: "x", traits: {} }),
      "FORBIDDEN",
    );
    expect(await api.customer.delete({ workspaceId: wsA.id, customerIds: [c.id] })).toEqual({ deleted: 1 });
    expect(await database.db.select().from(events).where(eq(events.customerId, c.id))).toHaveLength(0);
    expect(await database.db.select().from(customers).where(eq(customers.id, c.id))).toHaveLength(0);
    const log = await api.auditLog.list({ workspaceId: wsA.id, limit: 1 });
    expect(log.items[0]).toMatchObject({ action: "customer.erased", targetId: c.id, data: {} });
    expect(JSON.stringify(log.items[0])).not.toContain("gdpr@example.com");
  });
});

describe("attributes", () => {
  it("are managed by admins, have unique keys, and built-ins can't be archived", async () => {
    const { wsA, ownerA, editor } = await twoWorkspaces(database.db);
    const api = callerFor(database.db, ownerA);
    const builtins = await api.attribute.list({ workspaceId: wsA.id });
    expect(builtins.map((a) => a.key)).toEqual(expect.arrayContaining(["email", "order_count", "total_spend", "days_since_last_purchase"]));
    await expectCode(
      callerFor(database.db, editor).attribute.create({ workspaceId: wsA.id, key: "x", label: "X", type: "string", dimension: "needs" }),
      "FORBIDDEN",
    );
    const pain = await api.attribute.create({
      workspaceId: wsA.id,
      key: "pain_point",
      label: "Pain point",
      type: "string",
      dimension: "needs",
    });
    await expectCode(
      api.attribute.create({ workspaceId: wsA.id, key: "pain_point", label: "Again", type: "string", dimension: "needs" }),
      "CONFLICT",
    );
    await expectCode(
      api.attribute.create({ workspaceId: wsA.id, key: "tier", label: "Tier", type: "enum", dimension: "value" }),
      "BAD_REQUEST",
    );
    await api.attribute.archive({ workspaceId: wsA.id, attributeId: pain.id, archived: true });
    expect((await api.attribute.list({ workspaceId: wsA.id })).map((a) => a.key)).not.toContain("pain_point");
    expect((await api.attribute.list({ workspaceId: wsA.id, includeArchived: true })).map((a) => a.key)).toContain("pain_point");
    const email = builtins.find((a) => a.key === "email")!;
    await expectCode(api.attribute.archive({ workspaceId: wsA.id, attributeId: email.id, archived: true }), "BAD_REQUEST");
  });
});

describe("CSV export", () => {
  it("streams every customer with all attributes, escaping formulas", async () => {
    const { ws, owner } = await workspaceWithCustomers(3);
    const api = callerFor(database.db, owner);
    await api.customer.create({ workspaceId: ws.id, email: "evil@example.com", name: '=HYPERLINK("http://x")', traits: { plan: "Pro" } });
    const scope = await resolveScope(database.db, owner.id, ws.id);
    let csv = "";
    for await (const chunk of customer.exportCustomersCsv(scope)) csv += chunk;
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^id,.*email.*,age,/);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });
});
