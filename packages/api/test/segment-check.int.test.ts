import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, queryRows, type Database } from "@facet/db";
import { ZodError } from "zod";
import { DomainError, ingest, live } from "@facet/domain";
import type { Rule, SegmentCheckRuleInput, SegmentDefinition } from "@facet/validators";
import { callerFor, expectCode, newUser, newWorkspace, openDatabase, testJobs, twoWorkspaces } from "./fixtures";
import { runQueued, upload } from "./imports";
import { restClient } from "./rest";
import { fieldErrorsOf } from "../src/errors";

// Segment checks on a real database (PGlite, or the server of TEST_DATABASE_URL): measured when saved, after
// live change batches and refreshes; a check that starts failing records its cause from the change log and
// alerts; it recovers; bad input is a 400 naming the field; another workspace's ids are NOT_FOUND.
let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});
const onPlan = (plan: string): Rule => ({ type: "attribute", attribute: "plan", operator: "in", value: [plan] });
const hhmm = /\d\d:\d\d/;

async function setup(options: { checkIntervalMs?: number } = {}) {
  const owner = await newUser(database.db, "Owner");
  const ws = await newWorkspace(database.db, owner);
  // A mailer standing in for SMTP: what the jobs' notifications would email.
  const emails: { to: string; subject: string; text: string }[] = [];
  const mailer = { send: async (m: { to: string; subject: string; text: string }) => void emails.push(m) };
  const jobs = testJobs(database.db, { checkIntervalMs: options.checkIntervalMs ?? 0, mailer });
  const api = callerFor(database.db, owner, { jobs });
  const send = async (call: string, body: unknown) => {
    await ingest.ingestMessages(database.db, { workspaceId: ws.id }, ingest.parseIngestBody(call, JSON.stringify(body)));
    live.wakeLiveAudiences(jobs, ws.id);
  };
  /** Ten customers: `pro` of them on the pro plan, the rest on free. */
  const customers = async (pro: number) => {
    for (let i = 0; i < 10; i++) await send("identify", { userId: `u${i}`, traits: { plan: i < pro ? "pro" : "free" } });
    await jobs.drain();
  };
  const addCheck = (segmentId: string, rule: SegmentCheckRuleInput) => api.segmentCheck.create({ workspaceId: ws.id, segmentId, rule });
  const checks = (segmentId: string) => api.segmentCheck.list({ workspaceId: ws.id, segmentId });
  const alerts = () =>
    database.db
      .select({
        userId: notifications.userId,
        segmentId: notifications.segmentId,
        dedupKey: notifications.dedupKey,
        title: notifications.title,
        body: notifications.body,
        link: notifications.link,
        resolvedAt: notifications.resolvedAt,
      })
      .from(notifications)
      .where(and(eq(notifications.workspaceId, ws.id), eq(notifications.kind, "check_failed")));
  return { owner, ws, jobs, api, send, customers, addCheck, checks, alerts, emails };
}

describe("segment checks", () => {
  it("a check passes; a live batch makes it fail with the cause from the change log and alerts once; it recovers", async () => {
    const t = await setup();
    await t.customers(2);
    const pro = await t.api.segment.create({ workspaceId: t.ws.id, name: "Pro", definition: def(onPlan("pro")) });
    const check = await t.addCheck(pro.id, { kind: "size", unit: "percent", min: 10, max: 30 });
    expect(check).toMatchObject({
      status: "passing",
      value: 20,
      measured: "20% of customers (2 of 10)",
      description: "Size between 10% and 30% of customers",
      cause: "",
    });

    // Two more customers move to pro: 40%.
    await t.send("identify", { userId: "u5", traits: { plan: "pro" } });
    await t.send("identify", { userId: "u6", traits: { plan: "pro" } });
    await t.jobs.drain();
    const [failing] = await t.checks(pro.id);
    expect(failing).toMatchObject({ status: "failing", value: 40, measured: "40% of customers (4 of 10)" });
    expect(failing!.cause).toMatch(/^\+2 entered (at \d\d:\d\d|\d\d:\d\d–\d\d:\d\d) UTC: identify calls$/);
    const raised = await t.alerts();
    expect(raised).toHaveLength(1);
    // To the segment's owner, under the bell, linking to the segment.
    expect(raised[0]).toMatchObject({
      userId: t.owner.id,
      segmentId: pro.id,
      dedupKey: check.id,
      title: "Check failing on Pro: Size between 10% and 30% of customers",
      link: `/segments/${pro.id}`,
      resolvedAt: null,
    });
    expect(t.emails.map((e) => [e.to, e.subject])).toEqual([[t.owner.email, expect.stringContaining("Check failing on Pro")]]);
    expect(raised[0]!.body).toMatch(/^40% of customers \(4 of 10\)\. Cause: \+2 entered .* UTC: identify calls\.$/);

    // Still failing after another move: no second alert.
    await t.send("identify", { userId: "u7", traits: { plan: "pro" } });
    await t.jobs.drain();
    expect((await t.checks(pro.id))[0]).toMatchObject({ status: "failing", value: 50 });
    expect(await t.alerts()).toHaveLength(1);

    // Back to 30%: passing again.
    for (const u of ["u5", "u6"]) await t.send("identify", { userId: u, traits: { plan: "free" } });
    await t.jobs.drain();
    expect((await t.checks(pro.id))[0]).toMatchObject({ status: "passing", value: 30, cause: "" });
    // The alert is resolved, so a new failure is news again.
    expect((await t.alerts())[0]!.resolvedAt).not.toBeNull();

    const history = await t.api.segmentCheck.history({ workspaceId: t.ws.id, checkId: check.id });
    expect(history.map((h) => [h.from, h.to, h.trigger])).toEqual([
      ["failing", "passing", "live"],
      ["passing", "failing", "live"],
      ["pending", "passing", "saved"],
    ]);
    expect(history[1]!.cause).toContain("identify calls");
  });

  it("an import that moves a segment names the import as the cause", async () => {
    const t = await setup();
    await t.customers(1);
    const pro = await t.api.segment.create({ workspaceId: t.ws.id, name: "Pro", definition: def(onPlan("pro")) });
    const check = await t.addCheck(pro.id, { kind: "size", unit: "count", max: 3 });
    expect(check.status).toBe("passing");

    const csv = "external_id,plan\nn1,pro\nn2,pro\nn3,pro\nn4,free\n";
    const job = await upload(database.db, t.owner, t.ws.id, { name: "more.csv", text: csv });
    const view = await t.api.importJob.byId({ workspaceId: t.ws.id, jobId: job.id });
    const settings = {
      delimiter: ",",
      encoding: "utf-8",
      hasHeader: true,
      columns: view.proposal!,
      matchKey: "externalId",
      mode: "upsert",
    } as const;
    await t.api.importJob.dryRun({ workspaceId: t.ws.id, jobId: job.id, settings });
    await runQueued(t.jobs);
    await t.api.importJob.run({ workspaceId: t.ws.id, jobId: job.id });
    expect((await runQueued(t.jobs))[0]).toMatchObject({ status: "succeeded" });
    await t.jobs.drain();

    const [after] = await t.checks(pro.id);
    expect(after).toMatchObject({ status: "failing", value: 4, measured: "4 members" });
    expect(after!.cause).toMatch(new RegExp(`^\\+3 entered at ${hhmm.source} UTC: import ${job.id}$`));
  });

  it("a refresh measures the checks: a definition edit that breaks one names the edit", async () => {
    const t = await setup();
    await t.customers(2);
    const pro = await t.api.segment.create({ workspaceId: t.ws.id, name: "Pro", definition: def(onPlan("pro")) });
    await t.addCheck(pro.id, { kind: "change", maxPercent: 50 });
    expect((await t.checks(pro.id))[0]).toMatchObject({
      status: "passing",
      value: 0,
      measured: "Unchanged in a day (from 2 to 2 members)",
    });
    await t.api.segment.update({ workspaceId: t.ws.id, segmentId: pro.id, definition: def(onPlan("free")) });
    const [after] = await t.checks(pro.id);
    expect(after).toMatchObject({ status: "failing", value: 300, measured: "Grew by 300% in a day (from 2 to 8 members)" });
    expect(after!.cause).toMatch(
      /\+8 entered at \d\d:\d\d UTC: the definition was edited; −2 left at \d\d:\d\d UTC: the definition was edited/,
    );
    const [last] = await t.api.segmentCheck.history({ workspaceId: t.ws.id, checkId: after!.id, limit: 1 });
    expect(last).toMatchObject({ from: "passing", to: "failing", trigger: "refresh" });
  });

  it("measures overlaps and known attributes; follows the other segment's moves; a rule edit measures again", async () => {
    const t = await setup();
    for (let i = 0; i < 10; i++)
      await t.send("identify", { userId: `u${i}`, traits: { plan: i < 4 ? "pro" : "free", ...(i < 3 ? { age: 30 + i } : {}) } });
    await t.jobs.drain();
    const pro = await t.api.segment.create({ workspaceId: t.ws.id, name: "Pro", definition: def(onPlan("pro")) });
    const aged: Rule = { type: "attribute", attribute: "age", operator: "is_set" };
    const withAge = await t.api.segment.create({ workspaceId: t.ws.id, name: "With age", definition: def(aged) });

    const overlap = await t.addCheck(pro.id, { kind: "overlap", segmentId: withAge.id, maxPercent: 80 });
    expect(overlap).toMatchObject({
      status: "passing",
      value: 75,
      measured: "75% of members are in With age (3 of 4)",
      description: "Overlaps With age by at most 80% of members",
    });
    const known = await t.addCheck(pro.id, { kind: "known", attribute: "age", minPercent: 80 });
    expect(known).toMatchObject({ status: "failing", value: 75, description: "age known for at least 80% of members" });
    expect(known.cause).toContain("the segment was created");

    // The fourth pro member gets an age: "With age" moves (not Pro), and Pro's overlap check follows it.
    await t.send("identify", { userId: "u3", traits: { age: 41 } });
    await t.jobs.drain();
    const [o, k] = await t.checks(pro.id);
    expect(o).toMatchObject({ status: "failing", value: 100 });
    expect(o!.cause).toMatch(/^\+1 entered With age at \d\d:\d\d UTC: identify calls$/);
    // A known check is measured when its own segment moves or is refreshed.
    expect(k).toMatchObject({ status: "failing", value: 75 });
    await t.api.segment.refresh({ workspaceId: t.ws.id, segmentId: pro.id });
    expect((await t.checks(pro.id))[1]).toMatchObject({ status: "passing", value: 100 });

    const edited = await t.api.segmentCheck.update({
      workspaceId: t.ws.id,
      checkId: overlap.id,
      rule: { kind: "overlap", segmentId: withAge.id, maxPercent: 100 },
    });
    expect(edited).toMatchObject({ status: "passing", value: 100 });
    await t.api.segmentCheck.delete({ workspaceId: t.ws.id, checkId: overlap.id });
    expect((await t.checks(pro.id)).map((c) => c.id)).toEqual([known.id]);
  });

  it("on the live path a segment's checks are measured at most once per interval; the last change is measured when it is up", async () => {
    const t = await setup({ checkIntervalMs: 1_000 });
    await t.customers(2);
    const pro = await t.api.segment.create({ workspaceId: t.ws.id, name: "Pro", definition: def(onPlan("pro")) });
    await t.addCheck(pro.id, { kind: "size", unit: "count", max: 2 });
    await t.send("identify", { userId: "u5", traits: { plan: "pro" } });
    await t.jobs.drain();
    // Measured a moment ago (when added): this batch's measure waits for its turn, as a job.
    const waiting = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from jobs where kind = 'segment.checks' and key = ${`checks:${pro.id}`} and status = 'queued' and run_at > now()`,
    );
    expect(waiting[0]!.n).toBe(1);
    expect((await t.checks(pro.id))[0]!.status).toBe("passing");
    // Wait on the state: the job runs when its time comes.
    const deadline = Date.now() + 20_000;
    let status = "passing";
    while (status !== "failing" && Date.now() < deadline) {
      await t.jobs.drain();
      status = (await t.checks(pro.id))[0]!.status;
      if (status !== "failing") await new Promise((r) => setTimeout(r, 100));
    }
    expect((await t.checks(pro.id))[0]).toMatchObject({ status: "failing", value: 3 });
  });

  it("bad rules are a 400 naming the field; viewers read but don't write", async () => {
    const f = await twoWorkspaces(database.db);
    const jobs = testJobs(database.db);
    const api = callerFor(database.db, f.ownerA, { jobs });
    const seg = await api.segment.create({ workspaceId: f.wsA.id, name: "All", definition: def() });
    const attempt = async (rule: unknown) => {
      try {
        await api.segmentCheck.create({ workspaceId: f.wsA.id, segmentId: seg.id, rule: rule as SegmentCheckRuleInput });
      } catch (e) {
        const err = e as { code: string; message: string; cause?: unknown };
        return {
          code: err.code,
          message: err.message,
          fieldErrors: err.cause instanceof ZodError ? fieldErrorsOf(err.cause) : null,
          field: err.cause instanceof DomainError ? err.cause.field : null,
        };
      }
      throw new Error("accepted");
    };
    expect(await attempt({ kind: "size", unit: "percent", max: 120 })).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { rule: ["Max: Use 100 or less (a percentage)"] },
    });
    expect(await attempt({ kind: "size", unit: "percent" })).toMatchObject({
      fieldErrors: { rule: ["Min: Give a lowest size, a highest, or both"] },
    });
    expect(await attempt({ kind: "overlap", segmentId: seg.id, maxPercent: 1 })).toMatchObject({
      code: "BAD_REQUEST",
      message: "Choose another segment: a segment always overlaps itself fully.",
      field: "rule.segmentId",
    });
    expect(await attempt({ kind: "known", attribute: "shoe_size", minPercent: 50 })).toMatchObject({
      code: "BAD_REQUEST",
      message: 'There is no attribute "shoe_size" in this workspace.',
      field: "rule.attribute",
    });

    const viewer = callerFor(database.db, f.viewer, { jobs });
    expect(await viewer.segmentCheck.list({ workspaceId: f.wsA.id, segmentId: seg.id })).toEqual([]);
    await expectCode(
      viewer.segmentCheck.create({ workspaceId: f.wsA.id, segmentId: seg.id, rule: { kind: "change", maxPercent: 10 } }),
      "FORBIDDEN",
    );

    // Another workspace's segment as the overlap: not found, as if it didn't exist.
    const b = callerFor(database.db, f.ownerB, { jobs });
    const segB = await b.segment.create({ workspaceId: f.wsB.id, name: "B", definition: def() });
    await expectCode(
      b.segmentCheck.create({ workspaceId: f.wsB.id, segmentId: segB.id, rule: { kind: "overlap", segmentId: seg.id, maxPercent: 1 } }),
      "NOT_FOUND",
    );
  });

  it("REST API v1: add, list, change and remove a segment's checks; errors name the field; a check of another segment is 404", async () => {
    const t = await setup();
    await t.customers(2);
    const { secret } = await t.api.apiKey.create({ workspaceId: t.ws.id, name: "ci", kind: "readWrite" });
    const rest = restClient(database.db);
    const pro = await t.api.segment.create({ workspaceId: t.ws.id, name: "Pro", definition: def(onPlan("pro")) });
    const other = await t.api.segment.create({ workspaceId: t.ws.id, name: "Free", definition: def(onPlan("free")) });

    const created = await rest("POST", `/segments/${pro.id}/checks`, {
      key: secret,
      body: { rule: { kind: "size", unit: "percent", min: 3, max: 7 } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "failing", value: 20, description: "Size between 3% and 7% of customers" });
    const id = created.body.id as string;

    const bad = await rest("POST", `/segments/${pro.id}/checks`, {
      key: secret,
      body: { rule: { kind: "size", unit: "percent", max: 120 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "BAD_REQUEST", field: "rule.max" });

    const list = await rest("GET", `/segments/${pro.id}/checks`, { key: secret });
    expect(list.status).toBe(200);
    expect(list.body.data!.map((c) => c.id)).toEqual([id]);

    const changed = await rest("PUT", `/segments/${pro.id}/checks/${id}`, {
      key: secret,
      body: { rule: { kind: "size", unit: "percent", min: 10, max: 30 } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: "passing", value: 20 });

    // The path must name the check's own segment.
    expect(
      (await rest("PUT", `/segments/${other.id}/checks/${id}`, { key: secret, body: { rule: { kind: "change", maxPercent: 5 } } })).status,
    ).toBe(404);
    expect((await rest("DELETE", `/segments/${other.id}/checks/${id}`, { key: secret })).status).toBe(404);
    const badId = await rest("DELETE", `/segments/${pro.id}/checks/nope`, { key: secret });
    expect(badId.status).toBe(400);
    expect(badId.body.error).toMatchObject({ field: "checkId" });

    expect((await rest("DELETE", `/segments/${pro.id}/checks/${id}`, { key: secret })).status).toBe(204);
    expect((await rest("GET", `/segments/${pro.id}/checks`, { key: secret })).body.data).toEqual([]);
  });
});
