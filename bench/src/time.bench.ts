// Issue 15, time passing: N customers whose "purchased in the last 30 days" windows all lapse in the same
// minute. The when-next-flip schedule holds each one's moment; the flip job's rounds (as `segment.timeFlips`
// runs them, at a clock put past that minute) move them all out. Beside it: a full refresh of an identical
// segment doing the same moves. Target: 100,000 customers moved within 60 s of coming due (the sweep adds
// up to 30 s before the first round). BENCH_TIME_CUSTOMERS sets N (default 2,000; 100000 for the target).
import { sql } from "drizzle-orm";
import { queryRows } from "@facet/db";
import { account, live, resolveScope, segment, workspace } from "@facet/domain";
import type { SegmentDefinition } from "@facet/validators";
import { databases } from "./harness";

const size = Number(process.env.BENCH_TIME_CUSTOMERS ?? 2_000);
/** Moments per round (the flip job's default unless set). */
const batch = Number(process.env.BENCH_TIME_BATCH ?? live.flipBatchSize);
const day = 86_400_000;
const recentBuyers: SegmentDefinition = {
  version: 1,
  root: {
    type: "group",
    combinator: "and",
    negate: false,
    children: [{ type: "event", event: "purchase", operator: "did", window: { kind: "last_days", days: 30 }, where: [] }],
  },
};

for await (const { label, database } of databases()) {
  // BENCH_TIME_ONLY=PostgreSQL (or PGlite) runs one of the two.
  if (process.env.BENCH_TIME_ONLY && process.env.BENCH_TIME_ONLY !== label) continue;
  const db = database.db;
  console.log(`## Time passing (${label}, ${size.toLocaleString()} customers whose 30-day windows lapse in the same minute)`);
  const suffix = Date.now().toString(36);
  const user = await account.signUp(
    db,
    { name: "Bench", email: `time.${suffix}@example.com`, password: "correct horse battery" },
    `bench-time-${suffix}`,
  );
  const ws = await workspace.createWorkspace(db, user, { name: "Time bench", slug: `time-${suffix}` });
  const scope = await resolveScope(db, user.id, ws.id);

  // Each customer bought once, 30 days before a moment 2 to 3 minutes from now (spread over that minute).
  const start = Date.now();
  const lapseFrom = start + 120_000;
  await db.execute(sql`
    insert into customers (workspace_id, id, email, created_at)
    select ${ws.id}, 'cus_' || lpad(to_hex(g), 21, '0'), 'time' || g || '@example.com', now() - interval '60 days'
    from generate_series(1, ${size}) g`);
  await db.execute(sql`
    insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue)
    select ${ws.id}, 'cus_' || lpad(to_hex(g), 21, '0'), 'purchase',
           ${new Date(lapseFrom - 30 * day).toISOString()}::timestamptz + make_interval(secs => (g % 60)::float8 + (g % 1000) / 1000.0),
           '{}'::jsonb, 10
    from generate_series(1, ${size}) g`);
  if (label === "PostgreSQL") await db.execute(sql`vacuum (analyze) customers, events`);

  // Two identical segments: one followed by the schedule, one left to a full refresh.
  let t = performance.now();
  const followed = await segment.createSegment(scope, {
    workspaceId: ws.id,
    name: "Bought lately",
    schedule: "manual",
    definition: recentBuyers,
  });
  const createMs = performance.now() - t;
  const refreshed = await segment.createSegment(scope, {
    workspaceId: ws.id,
    name: "Bought lately (refreshed)",
    schedule: "manual",
    definition: recentBuyers,
  });
  await db.execute(sql`delete from segment_flips where workspace_id = ${ws.id} and segment_id = ${refreshed.id}`);
  // As autovacuum would by the time the minute comes: with the statistics of empty tables, the evaluator's
  // "current members among these customers" scanned every member of the segment for each round (O(members x batch)).
  if (label === "PostgreSQL") await db.execute(sql`analyze segment_members, segment_flips`);
  const [due] = await queryRows<{ n: number; first: string; last: string }>(
    db,
    sql`select count(*)::int as n, min(flip_at)::text as first, max(flip_at)::text as last from segment_flips where workspace_id = ${ws.id}`,
  );
  console.log(
    `segment created with ${followed.memberCount.toLocaleString()} members and its schedule (${due!.n.toLocaleString()} moments, ${due!.first} to ${due!.last}) in ${(createMs / 1000).toFixed(2)} s`,
  );

  // The clock past the minute: every moment is due. Rounds as the flip job runs them.
  const now = new Date(lapseFrom + 61_000);
  t = performance.now();
  let moved = 0;
  let rounds = 0;
  for (;;) {
    const round = await live.processDueFlips(db, ws.id, now, batch);
    if (round.evaluated === 0) break;
    moved += round.exited;
    rounds++;
  }
  const flipMs = performance.now() - t;
  t = performance.now();
  const full = await segment.refreshSegment(db, ws.id, refreshed.id, "manual", { now });
  const refreshMs = performance.now() - t;
  const [left] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from segment_members where workspace_id = ${ws.id} and segment_id = ${followed.id}`,
  );
  console.log(
    `flip job: ${moved.toLocaleString()} moved out (${left!.n} left) in ${(flipMs / 1000).toFixed(2)} s, ${rounds} rounds of up to ${batch}, ${Math.round(moved / (flipMs / 1000)).toLocaleString()}/s`,
  );
  console.log(
    `full refresh of the same segment, same clock: ${full.exited.toLocaleString()} moved out in ${(refreshMs / 1000).toFixed(2)} s`,
  );
}
