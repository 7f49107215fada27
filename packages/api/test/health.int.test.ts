// Segment health: each cause shows on the segment and in the list, notifies the segment's owner once (emailed when
// SMTP is configured) and is resolved by the next good refresh; reconciliations count what they corrected.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmentMembers, segmentRefreshes, segments, type Database } from "@facet/db";
import { segment } from "@facet/domain";
import type { Rule, SegmentDefinition } from "@facet/validators";
import { callerFor, expectCode, openDatabase, testJobs, twoWorkspaces } from "./fixtures";
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

const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});
const age = (value: number): Rule => ({ type: "attribute", attribute: "age", operator: "gte", value });
const refersTo = (segmentId: string): Rule => ({ type: "segment", segmentId, operator: "in" });

/** Workspace A with five customers aged 22-57; the owner's jobs email through the SMTP fake; one attempt per refresh. */
async function setup() {
  const f = await twoWorkspaces(database.db);
  const jobs = testJobs(database.db, { mailer: smtp.mailer, policies: { "segment.refresh": { attempts: 1 } } });
  const owner = callerFor(database.db, f.ownerA, { jobs });
  await owner.attribute.create({ workspaceId: f.wsA.id, key: "age", label: "Age", type: "number", dimension: "demographic" });
  const customerIds: string[] = [];
  for (const [i, a] of [22, 28, 34, 41, 57].entries())
    customerIds.push((await owner.customer.create({ workspaceId: f.wsA.id, email: `c${i}@x.io`, traits: { age: a } })).id);
  await jobs.drain();
  const ws = f.wsA.id;
  const health = async (segmentId: string) => (await owner.health.bySegment({ workspaceId: ws, segmentId })).issues.map((i) => i.cause);
  const notes = async () => (await owner.notification.list({ workspaceId: ws, limit: 50 })).items;
  return { ...f, ws, jobs, owner, customerIds, health, notes };
}

describe("segment health", () => {
  it("a failed refresh shows with its cause, notifies the owner once, and the next good refresh resolves it", async () => {
    const t = await setup();
    const s = await t.owner.segment.create({ workspaceId: t.ws, name: "Over 30", definition: def(age(30)) });
    // The rule now names an attribute the workspace doesn't have: the refresh can't compile it.
    const good = s.definition;
    const bad = def({ type: "attribute", attribute: "no_such_attribute", operator: "gte", value: 1 });
    const setDefinition = (d: SegmentDefinition) =>
      database.db
        .update(segments)
        .set({ definition: d })
        .where(and(eq(segments.workspaceId, t.ws), eq(segments.id, s.id)));
    await setDefinition(bad);
    const sent = smtp.received.length;
    for (let i = 0; i < 2; i++) expect((await t.owner.segment.refresh({ workspaceId: t.ws, segmentId: s.id })).status).toBe("failed");

    expect(await t.health(s.id)).toEqual(["refresh_failed"]);
    const [issue] = (await t.owner.health.bySegment({ workspaceId: t.ws, segmentId: s.id })).issues;
    expect(issue!.message).toMatch(/^The last refresh failed: .+/);
    expect(await t.owner.health.list({ workspaceId: t.ws, segmentIds: [s.id] })).toEqual([
      { segmentId: s.id, issues: [expect.objectContaining({ cause: "refresh_failed", label: "Refresh failed" })] },
    ]);
    // Two failures, one notification and one email, to the owner.
    const failed = (await t.notes()).filter((n) => n.kind === "refresh_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      segmentId: s.id,
      title: "“Over 30” could not be refreshed",
      link: `/segments/${s.id}`,
      resolvedAt: null,
    });
    expect(smtp.received.slice(sent).map((m) => m.to)).toEqual([[t.ownerA.email]]);
    // Another member of the workspace was told nothing.
    expect((await callerFor(database.db, t.admin).notification.list({ workspaceId: t.ws })).items).toEqual([]);

    await setDefinition(good);
    expect((await t.owner.segment.refresh({ workspaceId: t.ws, segmentId: s.id })).status).toBe("succeeded");
    expect(await t.health(s.id)).toEqual([]);
    expect((await t.notes()).find((n) => n.id === failed[0]!.id)!.resolvedAt).toBeInstanceOf(Date);
  });

  it("a slow refresh shows and notifies; a fast one resolves it", async () => {
    const t = await setup();
    const s = await t.owner.segment.create({ workspaceId: t.ws, name: "Over 40", definition: def(age(40)) });
    // The last refresh took two minutes (the threshold is one).
    await database.db.execute(sql`update segment_refreshes set duration_ms = 120000 where workspace_id = ${t.ws} and segment_id = ${s.id}`);
    await t.jobs.enqueue("segment.health", { segmentIds: [s.id] }, { workspaceId: t.ws });
    await t.jobs.drain();
    expect(await t.health(s.id)).toEqual(["slow_refresh"]);
    const [issue] = (await t.owner.health.bySegment({ workspaceId: t.ws, segmentId: s.id })).issues;
    expect(issue!.message).toContain("took 120 s (more than 60 s)");
    expect((await t.notes()).map((n) => [n.kind, n.resolvedAt])).toEqual([["slow_refresh", null]]);

    expect((await t.owner.segment.refresh({ workspaceId: t.ws, segmentId: s.id })).status).toBe("succeeded");
    expect(await t.health(s.id)).toEqual([]);
    expect((await t.notes())[0]!.resolvedAt).toBeInstanceOf(Date);
  });

  it("a broken reference shows on the referring segment when the referenced one is archived, and clears on restore", async () => {
    const t = await setup();
    const vip = await t.owner.segment.create({ workspaceId: t.ws, name: "VIP", definition: def(age(40)) });
    const big = await t.owner.segment.create({ workspaceId: t.ws, name: "Big spenders", definition: def(refersTo(vip.id)) });
    await t.owner.segment.archive({ workspaceId: t.ws, segmentId: vip.id, archived: true });
    await t.jobs.drain();
    expect(await t.health(big.id)).toEqual(["broken_reference"]);
    const [issue] = (await t.owner.health.bySegment({ workspaceId: t.ws, segmentId: big.id })).issues;
    expect(issue!.message).toContain("“VIP” (archived)");
    expect((await t.notes()).map((n) => [n.kind, n.segmentId])).toEqual([["broken_reference", big.id]]);
    // The list shows it for the page's segments.
    expect((await t.owner.health.list({ workspaceId: t.ws, segmentIds: [vip.id, big.id] })).map((h) => h.segmentId)).toEqual([big.id]);

    await t.owner.segment.archive({ workspaceId: t.ws, segmentId: vip.id, archived: false });
    await t.jobs.drain();
    expect(await t.health(big.id)).toEqual([]);
    expect((await t.notes())[0]!.resolvedAt).toBeInstanceOf(Date);
  });

  it("a segment whose referenced segment is gone fails to refresh and shows both causes", async () => {
    const t = await setup();
    const vip = await t.owner.segment.create({ workspaceId: t.ws, name: "VIP", definition: def(age(40)) });
    const big = await t.owner.segment.create({ workspaceId: t.ws, name: "Big spenders", definition: def(refersTo(vip.id)) });
    await database.db.delete(segments).where(and(eq(segments.workspaceId, t.ws), eq(segments.id, vip.id)));
    expect((await t.owner.segment.refresh({ workspaceId: t.ws, segmentId: big.id })).status).toBe("failed");
    expect(await t.health(big.id)).toEqual(["refresh_failed", "broken_reference"]);
    const [, broken] = (await t.owner.health.bySegment({ workspaceId: t.ws, segmentId: big.id })).issues;
    expect(broken!.message).toContain("a segment that no longer exists");
    expect((await t.notes()).map((n) => n.kind).sort()).toEqual(["broken_reference", "refresh_failed"]);
  });
});

describe("reconciliation", () => {
  it("counts what a reconciliation corrected, logs it, shows it to admins and notifies the owner; changes still pending are not counted", async () => {
    const t = await setup();
    const s = await t.owner.segment.create({ workspaceId: t.ws, name: "Over 30", schedule: "manual", definition: def(age(30)) });
    // A membership lost behind the live evaluator's back.
    await database.db
      .delete(segmentMembers)
      .where(
        and(eq(segmentMembers.workspaceId, t.ws), eq(segmentMembers.segmentId, s.id), eq(segmentMembers.customerId, t.customerIds[4]!)),
      );
    // Manual segments are reconciled daily: due a day later, with the reconcile reason.
    const due = (await segment.dueSegments(database.db, new Date(Date.now() + 25 * 3_600_000), 100_000)).filter((d) => d.id === s.id);
    expect(due).toEqual([{ workspace_id: t.ws, id: s.id, reason: "reconcile" }]);
    const logged: { message: string; data: Record<string, unknown> }[] = [];
    const jobs = testJobs(database.db, { mailer: smtp.mailer, log: (_level, message, data) => logged.push({ message, data }) });
    const sent = smtp.received.length;
    await jobs.enqueue("segment.refresh", { segmentId: s.id, reason: "reconcile" }, { key: s.id, workspaceId: t.ws });
    expect((await jobs.drain()).map((d) => d.outcome.status)).toEqual(["succeeded"]);

    const [last] = await database.db
      .select()
      .from(segmentRefreshes)
      .where(and(eq(segmentRefreshes.workspaceId, t.ws), eq(segmentRefreshes.segmentId, s.id)))
      .orderBy(sql`id desc`)
      .limit(1);
    expect(last).toMatchObject({ reason: "reconcile", entered: 1, exited: 0, corrected: 1 });
    expect(logged.filter((l) => l.message.startsWith("reconciliation"))).toEqual([
      { message: "reconciliation corrected memberships", data: expect.objectContaining({ segmentId: s.id, corrected: 1 }) },
    ]);
    expect(await t.health(s.id)).toEqual(["reconcile_difference"]);
    expect((await t.owner.health.bySegment({ workspaceId: t.ws, segmentId: s.id })).lastReconciliation).toMatchObject({ corrected: 1 });
    const note = (await t.notes()).find((n) => n.kind === "reconcile_difference")!;
    expect(note.body).toContain("corrected 1 membership (1 entered, 0 left)");
    const mail = smtp.received.slice(sent);
    expect(mail.map((m) => m.to)).toEqual([[t.ownerA.email]]);
    expect(mail[0]!.body.replace(/=\r?\n/g, "")).toContain(`http://facet.test/w/${t.wsA.slug}/segments/${s.id}`);

    // Admins see the reconciliations that corrected something; viewers may not.
    const admin = callerFor(database.db, t.admin);
    const recs = await admin.health.reconciliations({ workspaceId: t.ws });
    expect(recs.items.map((r) => [r.segmentName, r.corrected])).toEqual([["Over 30", 1]]);
    expect(recs.lastWeek).toEqual({ reconciliations: 1, corrected: 1, segments: 1 });
    await expectCode(callerFor(database.db, t.viewer).health.reconciliations({ workspaceId: t.ws }), "FORBIDDEN");

    // A customer whose change is still waiting for the live evaluator is not a miss: not counted.
    await database.db
      .delete(segmentMembers)
      .where(
        and(eq(segmentMembers.workspaceId, t.ws), eq(segmentMembers.segmentId, s.id), eq(segmentMembers.customerId, t.customerIds[3]!)),
      );
    await t.owner.customer.update({ workspaceId: t.ws, customerId: t.customerIds[3]!, traits: { age: 42 } });
    await jobs.enqueue("segment.refresh", { segmentId: s.id, reason: "reconcile" }, { key: s.id, workspaceId: t.ws });
    await jobs.drain(); // the refresh runs first, the live evaluation after (it then finds nothing to move)
    const history = await t.owner.segment.history({ workspaceId: t.ws, segmentId: s.id });
    expect(history.at(-1)).toMatchObject({ reason: "reconcile", entered: 1, exited: 0 });
    expect(await t.health(s.id)).toEqual([]);
    expect((await t.notes()).find((n) => n.id === note.id)!.resolvedAt).toBeInstanceOf(Date);
    expect((await admin.health.reconciliations({ workspaceId: t.ws, segmentId: s.id })).items).toHaveLength(1);
  });

  it("a refresh by hand is not a reconciliation: what it changes is not counted", async () => {
    const t = await setup();
    const s = await t.owner.segment.create({ workspaceId: t.ws, name: "Over 30", definition: def(age(30)) });
    await database.db.delete(segmentMembers).where(and(eq(segmentMembers.workspaceId, t.ws), eq(segmentMembers.segmentId, s.id)));
    expect(await t.owner.segment.refresh({ workspaceId: t.ws, segmentId: s.id })).toMatchObject({ status: "succeeded", entered: 3 });
    expect(await t.health(s.id)).toEqual([]);
  });
});
