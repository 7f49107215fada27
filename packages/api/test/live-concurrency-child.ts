// One app process of the live-concurrency test: on its own pool, it ingests events and trait changes for
// customers the other process writes too, while two live evaluators (and, in one process, a full refresh
// now and then) run beside the ingest, all at once. Prints its counts as JSON on the last line of stdout.
// Usage: tsx live-concurrency-child.ts <workspace id> <seed> <calls> <segment ids, comma-separated>
// with FACET_DB (a PostgreSQL URL).
import { createDatabase } from "@facet/db";
import { ingest, live, segment } from "@facet/domain";

const [workspaceId, seedArg, callsArg, segmentList] = process.argv.slice(2) as [string, string, string, string];
const seed = Number(seedArg);
const calls = Number(callsArg);
const segmentIds = segmentList.split(",");
const database = createDatabase({ url: process.env.FACET_DB! });
const db = database.db;

// A small seeded generator (mulberry32): the same calls each run; only the interleaving varies.
let state = seed * 0x9e3779b9;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Both processes write the same 24 customers, and create the same 4 new ones.
const shared = Array.from({ length: 24 }, (_, i) => `p${i}`);
const fresh = ["n0", "n1", "n2", "n3"];
const daysAgo = [0.1, 3, 20, 45];

/** A deadlock between two writers is PostgreSQL's to break (one is rolled back whole); the call is made again. */
const deadlocked = (err: unknown) =>
  (err as { cause?: { code?: string }; code?: string })?.cause?.code === "40P01" || (err as { code?: string })?.code === "40P01";

const counts = {
  startedAt: Date.now(),
  endedAt: 0,
  calls: 0,
  accepted: 0,
  events: 0,
  rounds: 0,
  changes: 0,
  entered: 0,
  exited: 0,
  liveDeadlocks: 0,
  refreshes: 0,
};
let ingesting = true;

async function ingestLoop() {
  for (let call = 0; call < calls; call++) {
    const batch = Array.from({ length: 8 }, (_, j) => {
      const who = random() < 0.1 ? pick(fresh) : pick(shared);
      if (random() < 0.25)
        return { type: "identify", userId: who, traits: { plan: pick(["free", "pro", "team"]), age: 18 + Math.floor(random() * 50) } };
      const event = random() < 0.6 ? "purchase" : "login";
      return {
        type: "track",
        userId: who,
        event,
        messageId: `c${seed}-${call}-${j}`,
        timestamp: new Date(Date.now() - pick(daysAgo) * 86_400_000).toISOString(),
        properties: event === "purchase" ? { revenue: pick([5, 20, 60]) } : {},
      };
    });
    // Two calls with the same customers in other orders can deadlock: ingest runs the loser again itself.
    const r = await ingest.ingestMessages(db, { workspaceId }, ingest.parseIngestBody("batch", JSON.stringify({ batch })));
    counts.accepted += r.accepted;
    counts.events += batch.filter((m) => m.type === "track").length;
    counts.calls++;
    if (random() < 0.3) await pause(random() * 10);
  }
}

/** Small rounds, so the evaluators of both processes take neighbouring changes of the same customers. */
async function evaluatorLoop() {
  for (;;) {
    const done = !ingesting;
    let round: live.LiveRound;
    try {
      round = await live.processPendingChanges(db, workspaceId, 3 + Math.floor(random() * 12));
    } catch (err) {
      if (!deadlocked(err)) throw err;
      counts.liveDeadlocks++;
      continue;
    }
    counts.rounds++;
    counts.changes += round.changes;
    counts.entered += round.entered;
    counts.exited += round.exited;
    // Ingest had finished before this round began and it found nothing: no change is left that isn't held by
    // an evaluator still running (which comes back for more until it too finds nothing).
    if (done && round.changes === 0) return;
    if (round.changes === 0) await pause(random() * 5);
  }
}

/** A full refresh of one segment at a time, as the schedule runs them, beside the live evaluators. */
async function refreshLoop() {
  while (ingesting) {
    try {
      await segment.refreshSegment(db, workspaceId, pick(segmentIds), "schedule");
    } catch (err) {
      if (!deadlocked(err)) throw err;
      counts.liveDeadlocks++;
    }
    counts.refreshes++;
    await pause(20 + random() * 30);
  }
}

try {
  const evaluators = [evaluatorLoop(), evaluatorLoop()];
  const refresher = seed % 2 === 1 ? refreshLoop() : Promise.resolve();
  await ingestLoop().finally(() => {
    ingesting = false;
    counts.endedAt = Date.now();
  });
  await Promise.all([...evaluators, refresher]);
  process.stdout.write(`${JSON.stringify(counts)}\n`);
} finally {
  await database.close();
}
