// Two app processes on one PostgreSQL database, writing the same customers at once: each ingests events and
// trait changes while two live evaluators of its own (small rounds, so both processes take neighbouring
// changes of one customer) and, in one of them, full refreshes run beside. Afterwards nothing is pending,
// no event is lost, every segment's members equal a full recompute, and each segment's change log replays
// to exactly its members (nobody enters twice, nobody leaves without having entered).
// Two processes need a server: vitest.config.ts includes this file only in the PostgreSQL pass
// (TEST_DATABASE_URL); PGlite is one process with one connection, where the property test covers the
// interleavings that can happen there.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, segmentChanges, segmentMembers, type Database } from "@facet/db";
import { ingest, segment } from "@facet/domain";
import type { Rule, SegmentDefinition } from "@facet/validators";
import { callerFor, newUser, newWorkspace, openDatabase } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

const group = (combinator: "and" | "or", children: Rule[], negate = false): Rule => ({ type: "group", combinator, negate, children });
const def = (...children: Rule[]): SegmentDefinition => ({ version: 1, root: group("and", children) as SegmentDefinition["root"] });
const lastDays = (days: number) => ({ kind: "last_days" as const, days });

interface ChildCounts {
  /** When the process began, and finished, its ingest calls (ms since the epoch). */
  startedAt: number;
  endedAt: number;
  calls: number;
  accepted: number;
  events: number;
  rounds: number;
  changes: number;
  entered: number;
  exited: number;
  liveDeadlocks: number;
  refreshes: number;
}

/** Runs one app process of the test to its end; its counts, or the reason it failed. */
function runProcess(workspaceId: string, seed: number, calls: number, segmentIds: string[]) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(new URL("./live-concurrency-child.ts", import.meta.url)),
      workspaceId,
      String(seed),
      String(calls),
      segmentIds.join(","),
    ],
    {
      env: { ...process.env, FACET_DB: process.env.TEST_DATABASE_URL },
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise<ChildCounts>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split("\n").pop()!) as ChildCounts);
      else reject(new Error(`process ${seed} exited with ${code}: ${err.slice(-2000)}`));
    });
  });
}

describe("two app processes on one PostgreSQL database", () => {
  it(
    "evaluating the same customers at once leave members equal to a full recompute and a log that replays to them",
    { timeout: 300_000 },
    async () => {
      const owner = await newUser(database.db, "Concurrent");
      const ws = await newWorkspace(database.db, owner, "Concurrent");
      const api = callerFor(database.db, owner);
      // Everyone known with both attributes (so the attributes exist) before the segments are saved.
      await ingest.ingestMessages(
        database.db,
        { workspaceId: ws.id },
        ingest.parseIngestBody(
          "batch",
          JSON.stringify({
            batch: Array.from({ length: 24 }, (_, i) => ({
              type: "identify",
              userId: `p${i}`,
              traits: { plan: ["free", "pro", "team"][i % 3], age: 20 + i },
            })),
          }),
        ),
      );
      const create = async (name: string, definition: SegmentDefinition) =>
        (await api.segment.create({ workspaceId: ws.id, name, definition })).id;
      const pro = await create("Pro", def({ type: "attribute", attribute: "plan", operator: "in", value: ["pro"] }));
      const frequent = await create(
        "Bought twice this week",
        def({ type: "event", event: "purchase", operator: "at_least", count: 2, window: lastDays(7), where: [] }),
      );
      const loyal = await create("Three orders", def({ type: "attribute", attribute: "order_count", operator: "gte", value: 3 }));
      const bigSpenders = await create(
        "Spent 100 this month",
        def({
          type: "event",
          event: "purchase",
          operator: "did",
          window: lastDays(30),
          where: [],
          aggregate: { fn: "sum", property: "revenue", operator: "gte", value: 100 },
        }),
      );
      const quietElders = await create(
        "Over 30, no login this week",
        def(
          { type: "attribute", attribute: "age", operator: "gt", value: 30 },
          { type: "event", event: "login", operator: "did_not", window: lastDays(7), where: [] },
        ),
      );
      const frequentNotPro = await create(
        "Frequent, not Pro",
        def({ type: "segment", segmentId: frequent, operator: "in" }, { type: "segment", segmentId: pro, operator: "not_in" }),
      );
      const chain = await create(
        "Frequent not Pro, or spent 150",
        def(
          group("or", [
            { type: "segment", segmentId: frequentNotPro, operator: "in" },
            { type: "attribute", attribute: "total_spend", operator: "gte", value: 150 },
          ]),
        ),
      );
      const negated = await create(
        "Neither free nor seen this month",
        def(
          group(
            "or",
            [
              { type: "attribute", attribute: "plan", operator: "in", value: ["free"] },
              { type: "event", event: "login", operator: "at_least", count: 1, window: lastDays(30), where: [] },
            ],
            true,
          ),
        ),
      );
      const segmentIds = [pro, frequent, loyal, bigSpenders, quietElders, frequentNotPro, chain, negated];

      const calls = 60;
      const processes = await Promise.all([runProcess(ws.id, 1, calls, segmentIds), runProcess(ws.id, 2, calls, segmentIds)]);

      for (const p of processes) {
        expect(p.calls).toBe(calls);
        // Each process's evaluators did real work: the two really ran side by side on the same customers.
        expect(p.changes).toBeGreaterThan(0);
        // Evaluators take customers before segments, each in id order: they never wait on each other in a circle.
        expect(p.liveDeadlocks).toBe(0);
      }
      // Their ingest ran at the same time (each began before the other had finished).
      expect(processes[0].startedAt).toBeLessThan(processes[1].endedAt);
      expect(processes[1].startedAt).toBeLessThan(processes[0].endedAt);
      expect(processes.reduce((n, p) => n + p.entered + p.exited, 0)).toBeGreaterThan(0);
      expect(processes[0].refreshes).toBeGreaterThan(0);

      const [{ pending, events }] = (await queryRows<{ pending: number; events: number }>(
        database.db,
        sql`select (select count(*)::int from customer_changes where workspace_id = ${ws.id}) as pending,
                 (select count(*)::int from events where workspace_id = ${ws.id}) as events`,
      )) as [{ pending: number; events: number }];
      expect(pending).toBe(0);
      expect(events).toBe(processes[0].events + processes[1].events);

      for (const segmentId of segmentIds) {
        const members = (
          await database.db
            .select({ id: segmentMembers.customerId })
            .from(segmentMembers)
            .where(and(eq(segmentMembers.workspaceId, ws.id), eq(segmentMembers.segmentId, segmentId)))
        ).map((r) => r.id);
        const log = await database.db
          .select({ customerId: segmentChanges.customerId, change: segmentChanges.change })
          .from(segmentChanges)
          .where(and(eq(segmentChanges.workspaceId, ws.id), eq(segmentChanges.segmentId, segmentId)))
          .orderBy(asc(segmentChanges.seq));
        const replayed = new Set<string>();
        for (const c of log) {
          // No duplicate enter, no exit without an enter.
          expect({ segmentId, ...c, member: replayed.has(c.customerId) }).toEqual({ segmentId, ...c, member: c.change === "exited" });
          if (c.change === "entered") replayed.add(c.customerId);
          else replayed.delete(c.customerId);
        }
        expect([...replayed].sort()).toEqual([...members].sort());
        expect((await api.segment.byId({ workspaceId: ws.id, segmentId })).memberCount).toBe(members.length);
        // The oracle: a full recompute finds nothing to correct.
        expect(await segment.refreshSegment(database.db, ws.id, segmentId, "manual")).toMatchObject({ entered: 0, exited: 0 });
      }
    },
  );
});
