import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributes, customers, events, jobs as jobsTable, queryRows, segments, users, workspaces, type Database } from "@facet/db";
import { demo } from "@facet/domain";
import { dimensions } from "@facet/validators";
import { callerFor, expectCode, newUser, openDatabase, testJobs } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

describe("demo workspace", () => {
  it(
    "creates, as a job, a workspace the user owns, with customers, six months of events and their metrics",
    { timeout: 60_000 },
    async () => {
      const user = await newUser(database.db, "Demo");
      const progress: Record<string, unknown>[] = [];
      const jobs = testJobs(database.db, { onProgress: (_, p) => progress.push(p) });
      const api = callerFor(database.db, user, { jobs });
      await expectCode(api.workspace.createDemo({ customers: 60_000 }), "BAD_REQUEST");

      // The mutation returns at once: the job is queued, and nobody sees a workspace yet.
      const { jobId } = await api.workspace.createDemo({ customers: 2_500 });
      expect(await api.workspace.demoStatus({ jobId })).toMatchObject({ jobId, status: "queued", workspace: null });
      expect(await api.workspace.demoStatus({})).toMatchObject({ jobId });
      expect(await api.workspace.list()).toEqual([]);
      // Asking again while it is being made returns the same job.
      expect(await api.workspace.createDemo({ customers: 1_000 })).toEqual({ jobId });

      await jobs.drain();
      // Progress batch by batch, then the segments and persona cards.
      expect(progress).toEqual([
        { phase: "customers", done: 1000, total: 2500 },
        { phase: "customers", done: 2000, total: 2500 },
        { phase: "customers", done: 2500, total: 2500 },
        { phase: "personas", done: 2500, total: 2500 },
      ]);
      const done = await api.workspace.demoStatus({ jobId });
      expect(done).toMatchObject({ status: "succeeded", error: null, progress: { phase: "personas", done: 2500, total: 2500 } });
      const ws = done!.workspace!;
      expect(ws.name).toBe("Tempo (demo)");
      expect((await api.workspace.list()).find((w) => w.id === ws.id)?.role).toBe("owner");

      expect(await api.customer.count({ workspaceId: ws.id })).toBe(2_500);
      const attrs = await api.attribute.list({ workspaceId: ws.id });
      expect(new Set(attrs.filter((a) => !a.column).map((a) => a.dimension))).toEqual(new Set(dimensions));

      // Metrics agree with the events they come from.
      const [check] = await queryRows<{ customers: number; mismatched: number; events: number }>(
        database.db,
        sql`select count(*)::int as customers,
                 count(*) filter (where c.order_count <> e.orders or c.total_spend <> e.spend
                   or c.first_purchase_at is distinct from e.first_purchase or c.last_purchase_at is distinct from e.last_purchase
                   or c.last_seen_at <> e.last_seen)::int as mismatched,
                 sum(e.n)::int as events
          from customers c join (
            select customer_id, count(*) as n, count(*) filter (where name = 'purchase') as orders,
                   coalesce(sum(revenue) filter (where name = 'purchase'), 0) as spend,
                   min(occurred_at) filter (where name = 'purchase') as first_purchase,
                   max(occurred_at) filter (where name = 'purchase') as last_purchase, max(occurred_at) as last_seen
            from events where workspace_id = ${ws.id} group by customer_id) e on e.customer_id = c.id
          where c.workspace_id = ${ws.id}`,
      );
      expect(check).toMatchObject({ customers: 2_500, mismatched: 0 });
      expect(check!.events).toBeGreaterThan(2_500 * 5);

      // Filters work on demo attributes: paying customers have orders.
      const paying = await api.customer.count({
        workspaceId: ws.id,
        filters: [{ type: "attribute", attribute: "plan", operator: "in", value: ["Pro", "Team"] }],
      });
      const withOrders = await api.customer.count({
        workspaceId: ws.id,
        filters: [{ type: "attribute", attribute: "order_count", operator: "gt", value: 0 }],
      });
      expect(withOrders).toBeGreaterThan(0);
      expect(withOrders).toBeLessThanOrEqual(paying);
      const rows = await database.db.select({ traits: customers.traits }).from(customers).where(eq(customers.workspaceId, ws.id)).limit(1);
      expect(Object.keys(rows[0]!.traits)).toContain("main_need");

      // A segment per persona, each with a written card and figures that describe it.
      const gallery = await api.persona.gallery({ workspaceId: ws.id });
      expect(gallery.map((g) => g.written.name).sort()).toEqual([
        "Busy Brooke",
        "Freelance Fran",
        "Owner Olivia",
        "Parent Pat",
        "Remote Riley",
        "Study-hard Sam",
        "Team-lead Theo",
      ]);
      for (const g of gallery) {
        expect(g.memberCount, g.segmentName).toBeGreaterThan(10);
        // Small segments may have nothing that passes the support rules yet; bigger ones do.
        if (g.memberCount >= 50) expect(g.description, g.segmentName).toBeTruthy();
      }
      const students = gallery.find((g) => g.segmentName === "Students")!;
      expect(students.description).toContain('Occupation "Student"');
      const card = await api.persona.card({ workspaceId: ws.id, segmentId: students.segmentId });
      // Students are younger than everyone else (their standouts are mostly categories, so look at the age profile).
      const age = card.computed.profiles.find((p) => p.key === "age")!.numbers!;
      expect(age.segmentMean).toBeLessThan(age.baseMean - 10);
    },
  );

  /** Every row the demo job could have written for the workspace, by table. */
  async function rowsOf(workspaceId: string) {
    const count = async (table: typeof customers | typeof events | typeof attributes | typeof segments) =>
      (
        await database.db
          .select({ id: sql`1` })
          .from(table)
          .where(eq(table.workspaceId, workspaceId))
      ).length;
    return {
      workspaces: (await database.db.select().from(workspaces).where(eq(workspaces.id, workspaceId))).length,
      customers: await count(customers),
      events: await count(events),
      attributes: await count(attributes),
      segments: await count(segments),
    };
  }
  const nothing = { workspaces: 0, customers: 0, events: 0, attributes: 0, segments: 0 };

  it(
    "its progress can be read while it runs (on PGlite too, where the job once held the server until it ended)",
    { timeout: 60_000 },
    async () => {
      const user = await newUser(database.db, "Demo watcher");
      const jobs = testJobs(database.db);
      await jobs.start();
      try {
        const api = callerFor(database.db, user, { jobs });
        const { jobId } = await api.workspace.createDemo({ customers: 3_000 });
        const seen: unknown[] = [];
        for (;;) {
          const s = (await api.workspace.demoStatus({ jobId }))!;
          seen.push(s.progress);
          if (s.status !== "queued" && s.status !== "running") break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        // Seen part-way, not only queued and then done.
        expect(
          seen.some((p) => (p as { phase?: string; done?: number } | null)?.phase === "customers" && (p as { done: number }).done < 3_000),
        ).toBe(true);
      } finally {
        await jobs.stop();
      }
    },
  );

  it("shows the job only to the user who asked for it", async () => {
    const user = await newUser(database.db, "Demo owner");
    const other = await newUser(database.db, "Demo stranger");
    const jobs = testJobs(database.db);
    const { jobId } = await callerFor(database.db, user, { jobs }).workspace.createDemo({ customers: 100 });
    const stranger = callerFor(database.db, other, { jobs });
    await expectCode(stranger.workspace.demoStatus({ jobId }), "NOT_FOUND");
    expect(await stranger.workspace.demoStatus({})).toBeNull();
    // A job of another kind is no demo status either.
    const [someJob] = await database.db
      .select({ id: jobsTable.id })
      .from(jobsTable)
      .where(sql`${jobsTable.kind} <> 'demo.create'`)
      .limit(1);
    if (someJob) await expectCode(callerFor(database.db, user, { jobs }).workspace.demoStatus({ jobId: someJob.id }), "NOT_FOUND");
    await expectCode(stranger.workspace.demoStatus({ jobId: "not-a-uuid" }), "BAD_REQUEST");
    await jobs.drain();
    await expectCode(stranger.workspace.demoStatus({ jobId }), "NOT_FOUND");
    expect(await stranger.workspace.list()).toEqual([]);
  });

  it("a failed job leaves no half-made workspace behind, and says so", { timeout: 60_000 }, async () => {
    const user = await newUser(database.db, "Demo failure");
    const jobs = testJobs(database.db);
    const { jobId } = await callerFor(database.db, user, { jobs }).workspace.createDemo({ customers: 1_500 });
    const [job] = await database.db.select({ payload: jobsTable.payload }).from(jobsTable).where(eq(jobsTable.id, jobId));
    const workspaceId = (job!.payload as { workspaceId: string }).workspaceId;
    // The account goes while its demo is made: everything is written, then making the user its owner fails.
    await database.db.delete(users).where(eq(users.id, user.id));
    await jobs.drain();
    expect(await jobs.status(jobId)).toMatchObject({ status: "failed", error: "It stopped on an unexpected error." });
    expect(await rowsOf(workspaceId)).toEqual(nothing);
  });

  it("a job whose server stopped mid-way is failed by the sweep, and what it wrote is deleted", { timeout: 60_000 }, async () => {
    const user = await newUser(database.db, "Demo interrupted");
    const jobs = testJobs(database.db, { staleMs: 30_000 });
    const api = callerFor(database.db, user, { jobs });
    const { jobId } = await api.workspace.createDemo({ customers: 1_000 });
    const [job] = await database.db.select({ payload: jobsTable.payload }).from(jobsTable).where(eq(jobsTable.id, jobId));
    const payload = job!.payload as { workspaceId: string; slug: string };
    // What a server killed mid-way leaves: a workspace with some of its data, and its job "running" with a silent heartbeat.
    await database.db.insert(workspaces).values({ id: payload.workspaceId, name: "Tempo (demo)", slug: payload.slug });
    await database.db.insert(attributes).values({
      workspaceId: payload.workspaceId,
      id: "attr_leftover",
      key: "age",
      label: "Age",
      type: "number",
      dimension: "demographic",
    });
    await database.db
      .update(jobsTable)
      .set({
        status: "running",
        attempts: 1,
        runnerId: "a-stopped-server",
        heartbeatAt: new Date(Date.now() - 60_000),
        startedAt: new Date(Date.now() - 60_000),
      })
      .where(eq(jobsTable.id, jobId));
    expect((await rowsOf(payload.workspaceId)).workspaces).toBe(1);

    expect(await jobs.recoverInterrupted()).toBeGreaterThanOrEqual(1);
    const status = await api.workspace.demoStatus({ jobId });
    expect(status).toMatchObject({
      status: "failed",
      error: "The server stopped while the demo workspace was being made.",
      workspace: null,
    });
    expect(await rowsOf(payload.workspaceId)).toEqual(nothing);
  });

  it("never deletes a complete demo workspace, whatever its job says", { timeout: 60_000 }, async () => {
    const user = await newUser(database.db, "Demo kept");
    const ws = await demo.createDemoWorkspace(database.db, user, { customers: 100 });
    expect(await demo.discardDemoWorkspace(database.db, ws.id)).toBe(false);
    expect((await rowsOf(ws.id)).customers).toBe(100);
  });
});
