import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database } from "@facet/db";
import { invitation, type MailMessage } from "@facet/domain";
import { callerFor, expectCode, newUser, newWorkspace, openDatabase, twoWorkspaces } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

const tokenOf = (link: string) => link.split("/invite/")[1]!;

describe("invitations", () => {
  it("give a link to copy without a mail server, and the invited email joins with the role", async () => {
    const owner = await newUser(database.db, "Owner");
    const ws = await newWorkspace(database.db, owner);
    const invitee = await newUser(database.db, "Invitee");
    const admin = callerFor(database.db, owner);
    const created = await admin.invitation.create({ workspaceId: ws.id, email: invitee.email.toUpperCase(), role: "viewer" });
    expect(created.emailed).toBe(false);
    expect(created.link).toMatch(/^http:\/\/facet\.test\/invite\/[\w-]{30,}$/);
    expect(await admin.invitation.list({ workspaceId: ws.id })).toHaveLength(1);

    const preview = await callerFor(database.db, null).invitation.byToken({ token: tokenOf(created.link) });
    expect(preview).toMatchObject({ workspaceName: "Acme", email: invitee.email, role: "viewer", status: "pending" });

    const joined = await callerFor(database.db, invitee).invitation.accept({ token: tokenOf(created.link) });
    expect(joined.workspaceSlug).toBe(ws.slug);
    const members = await admin.member.list({ workspaceId: ws.id });
    expect(members.map((m) => [m.email, m.role])).toContainEqual([invitee.email, "viewer"]);
    expect(await admin.invitation.list({ workspaceId: ws.id })).toHaveLength(0);
    await expectCode(callerFor(database.db, invitee).invitation.accept({ token: tokenOf(created.link) }), "PRECONDITION_FAILED");
  });

  it("are emailed when a mailer is configured", async () => {
    const owner = await newUser(database.db, "Owner");
    const ws = await newWorkspace(database.db, owner, "Mail Co");
    const sent: MailMessage[] = [];
    const caller = callerFor(database.db, owner, { mailer: { send: async (m) => void sent.push(m) } });
    const created = await caller.invitation.create({ workspaceId: ws.id, email: "new.person@example.com", role: "editor" });
    expect(created.emailed).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: "new.person@example.com", subject: "You're invited to Mail Co on Facet" });
    expect(sent[0]?.text).toContain(created.link);
  });

  it("still stand when the mail server fails, so the link can be copied", async () => {
    const owner = await newUser(database.db, "Owner");
    const ws = await newWorkspace(database.db, owner);
    const caller = callerFor(database.db, owner, { mailer: { send: () => Promise.reject(new Error("smtp down")) } });
    const created = await caller.invitation.create({ workspaceId: ws.id, email: "x@example.com", role: "viewer" });
    expect(created.emailed).toBe(false);
    expect(await caller.invitation.list({ workspaceId: ws.id })).toHaveLength(1);
  });

  it("can be accepted only by the invited email", async () => {
    const owner = await newUser(database.db, "Owner");
    const ws = await newWorkspace(database.db, owner);
    const invitee = await newUser(database.db, "Invitee");
    const other = await newUser(database.db, "Other");
    const { link } = await callerFor(database.db, owner).invitation.create({ workspaceId: ws.id, email: invitee.email, role: "editor" });
    await expectCode(callerFor(database.db, other).invitation.accept({ token: tokenOf(link) }), "FORBIDDEN");
    await expectCode(callerFor(database.db, other).workspace.bySlug({ slug: ws.slug }), "NOT_FOUND");
  });

  it("stop working when revoked, expired, or replaced by a newer one", async () => {
    const owner = await newUser(database.db, "Owner");
    const ws = await newWorkspace(database.db, owner);
    const invitee = await newUser(database.db, "Invitee");
    const admin = callerFor(database.db, owner);
    const me = callerFor(database.db, invitee);

    const first = await admin.invitation.create({ workspaceId: ws.id, email: invitee.email, role: "editor" });
    const second = await admin.invitation.create({ workspaceId: ws.id, email: invitee.email, role: "viewer" });
    expect((await admin.invitation.list({ workspaceId: ws.id })).map((i) => i.role)).toEqual(["viewer"]);
    await expectCode(me.invitation.accept({ token: tokenOf(first.link) }), "PRECONDITION_FAILED");

    await admin.invitation.revoke({ workspaceId: ws.id, invitationId: second.invitation.id });
    expect((await me.invitation.byToken({ token: tokenOf(second.link) })).status).toBe("revoked");
    await expectCode(me.invitation.accept({ token: tokenOf(second.link) }), "PRECONDITION_FAILED");

    const third = await admin.invitation.create({ workspaceId: ws.id, email: invitee.email, role: "viewer" });
    const later = new Date(Date.now() + invitation.invitationLifetimeMs + 1000);
    expect((await invitation.previewInvitation(database.db, tokenOf(third.link), later)).status).toBe("expired");
    await expect(invitation.acceptInvitation(database.db, invitee, tokenOf(third.link), later)).rejects.toThrow(/expired/);
  });

  it("are for admins; only owners invite owners; members can't be invited twice", async () => {
    const { wsA, admin, editor, viewer, ownerA } = await twoWorkspaces(database.db);
    await expectCode(
      callerFor(database.db, editor).invitation.create({ workspaceId: wsA.id, email: "a@example.com", role: "viewer" }),
      "FORBIDDEN",
    );
    await expectCode(callerFor(database.db, viewer).invitation.list({ workspaceId: wsA.id }), "FORBIDDEN");
    await expectCode(
      callerFor(database.db, admin).invitation.create({ workspaceId: wsA.id, email: "b@example.com", role: "owner" }),
      "FORBIDDEN",
    );
    await expectCode(
      callerFor(database.db, ownerA).invitation.create({ workspaceId: wsA.id, email: editor.email, role: "viewer" }),
      "CONFLICT",
    );
    await callerFor(database.db, ownerA).invitation.create({ workspaceId: wsA.id, email: "c@example.com", role: "owner" });
  });

  it("unknown tokens are NOT_FOUND", async () => {
    await expectCode(callerFor(database.db, null).invitation.byToken({ token: "x".repeat(32) }), "NOT_FOUND");
  });
});

describe("members", () => {
  it("admins change roles and remove members; editors and viewers can't", async () => {
    const { wsA, admin, editor, viewer } = await twoWorkspaces(database.db);
    await expectCode(
      callerFor(database.db, editor).member.updateRole({ workspaceId: wsA.id, userId: viewer.id, role: "editor" }),
      "FORBIDDEN",
    );
    await expectCode(callerFor(database.db, viewer).member.delete({ workspaceId: wsA.id, userId: editor.id }), "FORBIDDEN");
    const changed = await callerFor(database.db, admin).member.updateRole({ workspaceId: wsA.id, userId: viewer.id, role: "editor" });
    expect(changed).toMatchObject({ email: viewer.email, role: "editor" });
    await callerFor(database.db, admin).member.delete({ workspaceId: wsA.id, userId: editor.id });
    await expectCode(callerFor(database.db, editor).workspace.counts({ workspaceId: wsA.id }), "NOT_FOUND");
  });

  it("a removed member loses access on their very next request", async () => {
    const { wsA, ownerA, viewer } = await twoWorkspaces(database.db);
    const theirs = callerFor(database.db, viewer);
    expect((await theirs.member.list({ workspaceId: wsA.id })).length).toBe(4);
    await callerFor(database.db, ownerA).member.delete({ workspaceId: wsA.id, userId: viewer.id });
    await expectCode(theirs.member.list({ workspaceId: wsA.id }), "NOT_FOUND");
  });

  it("viewers see that their role is too low in their own workspace", async () => {
    const { wsA, viewer } = await twoWorkspaces(database.db);
    await expect(callerFor(database.db, viewer).workspace.update({ workspaceId: wsA.id, name: "x" })).rejects.toThrow(
      "This needs the Admin role or higher; you are a Viewer.",
    );
  });

  it("only owners touch owners, and the last owner stays", async () => {
    const { wsA, ownerA, admin } = await twoWorkspaces(database.db);
    const owner = callerFor(database.db, ownerA);
    await expectCode(
      callerFor(database.db, admin).member.updateRole({ workspaceId: wsA.id, userId: ownerA.id, role: "viewer" }),
      "FORBIDDEN",
    );
    await expectCode(
      callerFor(database.db, admin).member.updateRole({ workspaceId: wsA.id, userId: admin.id, role: "owner" }),
      "FORBIDDEN",
    );
    await expectCode(callerFor(database.db, admin).member.delete({ workspaceId: wsA.id, userId: ownerA.id }), "FORBIDDEN");
    await expectCode(owner.member.updateRole({ workspaceId: wsA.id, userId: ownerA.id, role: "admin" }), "PRECONDITION_FAILED");
    await expectCode(owner.member.delete({ workspaceId: wsA.id, userId: ownerA.id }), "PRECONDITION_FAILED");

    await owner.member.updateRole({ workspaceId: wsA.id, userId: admin.id, role: "owner" });
    await owner.member.updateRole({ workspaceId: wsA.id, userId: ownerA.id, role: "viewer" });
    const roles = await callerFor(database.db, admin).member.list({ workspaceId: wsA.id });
    expect(roles.filter((m) => m.role === "owner").map((m) => m.userId)).toEqual([admin.id]);
  });

  it("anyone may leave, which is audited", async () => {
    const { wsA, ownerA, viewer } = await twoWorkspaces(database.db);
    await callerFor(database.db, viewer).member.delete({ workspaceId: wsA.id, userId: viewer.id });
    const log = await callerFor(database.db, ownerA).auditLog.list({ workspaceId: wsA.id, limit: 1 });
    expect(log.items[0]).toMatchObject({ action: "member.left", actorEmail: viewer.email });
  });
});
