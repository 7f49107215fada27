// Notifications: notify() de-duplicates an ongoing problem, emails only when SMTP is configured, and the bell's
// procedures show a member their own notifications only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@facet/db";
import { notification } from "@facet/domain";
import { callerFor, expectCode, openDatabase, twoWorkspaces } from "./fixtures";
import { smtpFake } from "./smtp-fake";

let database: Database;
let smtp: Awaited<ReturnType<typeof smtpFake>>;
beforeAll(async () => {
  database = await openDatabase();
  smtp = await smtpFake();
});
afterAll(async () => {
  await smtp.close();
  await database.close();
});

const decoded = (body: string) => body.replace(/=\r?\n/g, "");

describe("notify", () => {
  it("makes one notification per ongoing problem until it is resolved, then notifies again", async () => {
    const f = await twoWorkspaces(database.db);
    const db = database.db;
    const base = {
      workspaceId: f.wsA.id,
      userId: f.ownerA.id,
      kind: "refresh_failed",
      segmentId: "seg_0000000000abc",
      title: "T",
      body: "B",
    };
    const first = await notification.notify(db, base);
    const again = await notification.notify(db, { ...base, title: "T again" });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    // Reading it does not end the problem: still no second one.
    await callerFor(db, f.ownerA).notification.markRead({ workspaceId: f.wsA.id, notificationId: first.id });
    expect((await notification.notify(db, base)).created).toBe(false);
    // Another kind, another segment or another recipient is another problem.
    expect((await notification.notify(db, { ...base, kind: "slow_refresh" })).created).toBe(true);
    expect((await notification.notify(db, { ...base, segmentId: "seg_0000000000abd" })).created).toBe(true);
    expect((await notification.notify(db, { ...base, userId: f.admin.id })).created).toBe(true);
    // Resolved (for every recipient): the next occurrence notifies again.
    expect(await notification.resolveNotifications(db, { workspaceId: f.wsA.id, kind: "refresh_failed", segmentId: base.segmentId })).toBe(
      2,
    );
    const later = await notification.notify(db, base);
    expect(later.created).toBe(true);
    expect(later.id).not.toBe(first.id);
    // Without a segment or key, nothing is de-duplicated.
    const plain = { workspaceId: f.wsA.id, userId: f.ownerA.id, kind: "note", title: "Hello", body: "x" };
    expect((await notification.notify(db, plain)).created).toBe(true);
    expect((await notification.notify(db, plain)).created).toBe(true);
  });

  it("emails a new notification when a mailer is given, with a link into the workspace, and never a duplicate", async () => {
    const f = await twoWorkspaces(database.db);
    const sent = smtp.received.length;
    const input = {
      workspaceId: f.wsA.id,
      userId: f.ownerA.id,
      kind: "broken_reference",
      segmentId: "seg_0000000000xyz",
      title: "Big spenders refers to an archived segment",
      body: "Restore VIPs or edit the rule.",
      link: "/segments/seg_0000000000xyz",
    };
    await notification.notify(database.db, input, { mailer: smtp.mailer, appUrl: "https://facet.example.com" });
    await notification.notify(database.db, input, { mailer: smtp.mailer, appUrl: "https://facet.example.com" });
    expect(smtp.received.length).toBe(sent + 1);
    const mail = smtp.received[sent]!;
    expect(mail.to).toEqual([f.ownerA.email]);
    expect(decoded(mail.body)).toContain("Subject: Big spenders refers to an archived segment (Alpha)");
    expect(decoded(mail.body)).toContain(`https://facet.example.com/w/${f.wsA.slug}/segments/seg_0000000000xyz`);
    const [item] = (await callerFor(database.db, f.ownerA).notification.list({ workspaceId: f.wsA.id })).items;
    expect(item).toMatchObject({ kind: "broken_reference", link: "/segments/seg_0000000000xyz", readAt: null, resolvedAt: null });
  });

  it("sends no email without a mailer, and a failing mailer leaves the notification standing", async () => {
    const f = await twoWorkspaces(database.db);
    const sent = smtp.received.length;
    const base = { workspaceId: f.wsA.id, userId: f.ownerA.id, kind: "slow_refresh", title: "Slow", body: "B" };
    expect((await notification.notify(database.db, { ...base, segmentId: "seg_000000000001a" })).created).toBe(true);
    expect(smtp.received.length).toBe(sent);
    const logged: string[] = [];
    const broken = { send: () => Promise.reject(new Error("connection refused")) };
    const r = await notification.notify(
      database.db,
      { ...base, segmentId: "seg_000000000001b" },
      { mailer: broken, log: (_level, message) => logged.push(message) },
    );
    expect(r.created).toBe(true);
    expect(logged).toEqual(["notification email failed"]);
    expect(await callerFor(database.db, f.ownerA).notification.unreadCount({ workspaceId: f.wsA.id })).toEqual({ count: 2, capped: false });
  });
});

describe("the bell's procedures", () => {
  it("list pages newest first, counts unread, and marks one or all read", async () => {
    const f = await twoWorkspaces(database.db);
    const api = callerFor(database.db, f.ownerA);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await notification.notify(database.db, { workspaceId: f.wsA.id, userId: f.ownerA.id, kind: "note", title: `N${i}`, body: "" })).id,
      );
    }
    const first = await api.notification.list({ workspaceId: f.wsA.id, limit: 2 });
    const second = await api.notification.list({ workspaceId: f.wsA.id, limit: 2, cursor: first.nextCursor });
    const third = await api.notification.list({ workspaceId: f.wsA.id, limit: 2, cursor: second.nextCursor });
    expect([...first.items, ...second.items, ...third.items].map((n) => n.title)).toEqual(["N4", "N3", "N2", "N1", "N0"]);
    expect(third.nextCursor).toBeNull();
    expect(await api.notification.unreadCount({ workspaceId: f.wsA.id })).toEqual({ count: 5, capped: false });

    const read = await api.notification.markRead({ workspaceId: f.wsA.id, notificationId: ids[4]! });
    expect(read.readAt).toBeInstanceOf(Date);
    expect((await api.notification.unreadCount({ workspaceId: f.wsA.id })).count).toBe(4);
    expect((await api.notification.list({ workspaceId: f.wsA.id, unreadOnly: true })).items.map((n) => n.title)).toEqual([
      "N3",
      "N2",
      "N1",
      "N0",
    ]);
    expect(await api.notification.markAllRead({ workspaceId: f.wsA.id })).toEqual({ marked: 4 });
    expect((await api.notification.unreadCount({ workspaceId: f.wsA.id })).count).toBe(0);
  });

  it("another member of the same workspace can't see or mark someone else's notification", async () => {
    const f = await twoWorkspaces(database.db);
    const mine = await notification.notify(database.db, {
      workspaceId: f.wsA.id,
      userId: f.ownerA.id,
      kind: "note",
      title: "Private",
      body: "",
    });
    const editor = callerFor(database.db, f.editor);
    expect((await editor.notification.list({ workspaceId: f.wsA.id })).items).toEqual([]);
    expect((await editor.notification.unreadCount({ workspaceId: f.wsA.id })).count).toBe(0);
    await expectCode(editor.notification.markRead({ workspaceId: f.wsA.id, notificationId: mine.id }), "NOT_FOUND");
    expect(await editor.notification.markAllRead({ workspaceId: f.wsA.id })).toEqual({ marked: 0 });
    expect((await callerFor(database.db, f.ownerA).notification.unreadCount({ workspaceId: f.wsA.id })).count).toBe(1);
  });

  it("refuses a malformed id or cursor as bad input naming the field", async () => {
    const f = await twoWorkspaces(database.db);
    const api = callerFor(database.db, f.ownerA);
    await expectCode(api.notification.markRead({ workspaceId: f.wsA.id, notificationId: "nope" }), "BAD_REQUEST");
    await expectCode(api.notification.list({ workspaceId: f.wsA.id, cursor: "garbage" }), "BAD_REQUEST");
  });
});
