import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, memberships, queryRows, workspaces, type Database } from "@facet/db";
import { eq, sql } from "drizzle-orm";
import { callerFor, expectCode, newUser, newWorkspace, openDatabase, twoWorkspaces, uniq } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

describe("workspaces", () => {
  it("are created with the creator as owner, listed, and found by slug", async () => {
    const user = await newUser(database.db);
    const caller = callerFor(database.db, user);
    const slug = `acme-${uniq()}`;
    const ws = await caller.workspace.create({ name: "Acme Marketing", slug });
    expect(ws).toMatchObject({ name: "Acme Marketing", slug, role: "owner" });
    expect(await caller.workspace.list()).toEqual([ws]);
    expect(await caller.workspace.bySlug({ slug: slug.toUpperCase() })).toEqual(ws);
    expect(await caller.workspace.counts({ workspaceId: ws.id })).toEqual({ members: 1, pendingInvitations: 0, customers: 0 });
  });

  it("refuse a taken or reserved URL name, and bad input, changing nothing", async () => {
    const user = await newUser(database.db);
    const caller = callerFor(database.db, user);
    const ws = await newWorkspace(database.db, user);
    await expectCode(caller.workspace.create({ name: "Copy", slug: ws.slug }), "CONFLICT");
    await expectCode(caller.workspace.create({ name: "Settings", slug: "settings" }), "BAD_REQUEST");
    await expectCode(caller.workspace.create({ name: "", slug: "bad slug!" }), "BAD_REQUEST");
    expect(await caller.workspace.list()).toHaveLength(1);
  });

  it("are renamed by admins, not editors, and the change is audited", async () => {
    const { wsA, admin, editor, ownerA } = await twoWorkspaces(database.db);
    await expectCode(callerFor(database.db, editor).workspace.update({ workspaceId: wsA.id, name: "Nope" }), "FORBIDDEN");
    const newSlug = `renamed-${uniq()}`;
    const saved = await callerFor(database.db, admin).workspace.update({ workspaceId: wsA.id, name: "Renamed", slug: newSlug });
    expect(saved).toMatchObject({ name: "Renamed", slug: newSlug });
    const log = await callerFor(database.db, ownerA).auditLog.list({ workspaceId: wsA.id, limit: 1 });
    expect(log.items[0]).toMatchObject({ action: "workspace.updated", actorEmail: admin.email });
    expect(log.items[0]?.data).toMatchObject({ before: { name: "Alpha" }, after: { name: "Renamed", slug: newSlug } });
  });

  it("refuse a slug another workspace uses", async () => {
    const { wsA, wsB, ownerA } = await twoWorkspaces(database.db);
    await expectCode(callerFor(database.db, ownerA).workspace.update({ workspaceId: wsA.id, slug: wsB.slug }), "CONFLICT");
  });

  it("are deleted only by owners who type the URL name, with everything in them", async () => {
    const { wsA, admin, ownerA } = await twoWorkspaces(database.db);
    await expectCode(callerFor(database.db, admin).workspace.delete({ workspaceId: wsA.id, confirmSlug: wsA.slug }), "FORBIDDEN");
    await expectCode(callerFor(database.db, ownerA).workspace.delete({ workspaceId: wsA.id, confirmSlug: "wrong" }), "BAD_REQUEST");
    expect(await database.db.select().from(workspaces).where(eq(workspaces.id, wsA.id))).toHaveLength(1);
    // Something in every area: a customer in a segment with a persona, a launched campaign, a destination.
    const owner = callerFor(database.db, ownerA);
    await owner.customer.create({ workspaceId: wsA.id, email: "gone@example.com", traits: {} });
    const seg = await owner.segment.create({
      workspaceId: wsA.id,
      name: "All",
      definition: { version: 1, root: { type: "group", combinator: "and", negate: false, children: [] } },
    });
    await owner.persona.update({ workspaceId: wsA.id, segmentId: seg.id, written: { name: "Gone" }, baseVersion: 0 });
    await owner.persona.share({ workspaceId: wsA.id, segmentId: seg.id });
    const c = await owner.campaign.create({ workspaceId: wsA.id, name: "Gone", include: [seg.id] });
    await owner.campaign.launch({ workspaceId: wsA.id, campaignId: c.id });
    const dest = await owner.destination.create({ workspaceId: wsA.id, name: "Hook", url: "https://93.184.215.14/hook" });
    await owner.campaign.deliver({ workspaceId: wsA.id, campaignId: c.id, destinationId: dest.id });
    await owner.workspace.delete({ workspaceId: wsA.id, confirmSlug: wsA.slug });
    expect(await database.db.select().from(workspaces).where(eq(workspaces.id, wsA.id))).toHaveLength(0);
    // Nothing of it is left in any table.
    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'workspace_id'`,
    );
    for (const { table_name } of tables) {
      const [left] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from ${sql.identifier(table_name)} where workspace_id = ${wsA.id}`,
      );
      expect(left!.n, table_name).toBe(0);
    }
    expect(await database.db.select().from(memberships).where(eq(memberships.workspaceId, wsA.id))).toHaveLength(0);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.workspaceId, wsA.id))).toHaveLength(0);
    await expectCode(callerFor(database.db, ownerA).workspace.bySlug({ slug: wsA.slug }), "NOT_FOUND");
  });
});

describe("audit log", () => {
  it("is for admins, newest first, and pages without gaps or repeats", async () => {
    const { wsA, ownerA, editor } = await twoWorkspaces(database.db);
    const owner = callerFor(database.db, ownerA);
    for (let i = 0; i < 7; i++) await owner.workspace.update({ workspaceId: wsA.id, name: `Name ${i}` });
    await expectCode(callerFor(database.db, editor).auditLog.list({ workspaceId: wsA.id, limit: 5 }), "FORBIDDEN");

    const all = await database.db.select().from(auditLog).where(eq(auditLog.workspaceId, wsA.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof owner.auditLog.list>> = await owner.auditLog.list({ workspaceId: wsA.id, limit: 4, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(all.length);
    expect(new Set(seen).size).toBe(all.length);
    const first = await owner.auditLog.list({ workspaceId: wsA.id, limit: 1 });
    expect(first.items[0]?.data).toMatchObject({ after: { name: "Name 6" } });
    await expectCode(owner.auditLog.list({ workspaceId: wsA.id, limit: 4, cursor: "garbage" }), "BAD_REQUEST");
  });
});
