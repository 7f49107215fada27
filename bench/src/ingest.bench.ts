// Issue 3 target: the ingest API takes at least 2,000 events/s for 60 s from a load generator on
// loopback, loses none (counted in the database afterwards), p99 under 250 ms.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { and, count, eq, sql } from "drizzle-orm";
import { createDatabase, events } from "@facet/db";
import { migrateDatabase } from "@facet/db/migrator";
import { account, apiKey, resolveScope, workspace } from "@facet/domain";

const url = process.env.BENCH_DATABASE_URL;
if (!url) {
  console.log("## Ingest API: skipped, needs BENCH_DATABASE_URL");
  process.exit(0);
}
const seconds = Number(process.env.BENCH_INGEST_SECONDS ?? 60);
const rate = Number(process.env.BENCH_INGEST_RATE ?? 2000);
// Segment's and RudderStack's libraries send batches (analytics-node flushes every 15-20 events); so does this.
const batchSize = Number(process.env.BENCH_INGEST_BATCH ?? 20);
const port = 3900;
console.log(`## Ingest API (PostgreSQL, next start on loopback, ${rate} events/s offered for ${seconds} s, in batches of ${batchSize})`);

const database = createDatabase({ url });
await migrateDatabase(database);
const db = database.db;
const suffix = Date.now().toString(36);
const user = await account.signUp(db, { name: "Bench", email: `ingest.${suffix}@example.com`, password: "correct horse battery" }, "bench");
// A database in use: another workspace's 100,000 customers and 1,000,000 events, vacuumed and analyzed. (In a
// brand-new database, the per-connection plan of each event's foreign-key check is made while customers fit in
// a page and picks whichever index ties first; it stays that way until autovacuum analyzes the table.)
const tenant = await workspace.createWorkspace(db, user, { name: "Existing tenant", slug: `tenant-${suffix}` });
await db.execute(sql`insert into customers (workspace_id, id, external_id, traits)
  select ${tenant.id}, 'cus_' || lpad(to_hex(g), 21, '0'), 'user-' || g, '{}'::jsonb from generate_series(1, 100000) g`);
await db.execute(sql`insert into events (workspace_id, customer_id, name, occurred_at, properties)
  select ${tenant.id}, 'cus_' || lpad(to_hex(1 + g % 100000), 21, '0'), 'page', now() - make_interval(secs => g), '{}'::jsonb
  from generate_series(1, 1000000) g`);
await db.execute(sql`vacuum (analyze) customers, events`);
const ws = await workspace.createWorkspace(db, user, { name: "Ingest bench", slug: `ingest-${suffix}` });
const { secret } = await apiKey.createApiKey(await resolveScope(db, user.id, ws.id), { name: "bench", kind: "write" });

const web = fileURLToPath(new URL("../../apps/web", import.meta.url));
const server = spawn("pnpm", ["exec", "next", "start", "--port", String(port)], {
  cwd: web,
  env: {
    ...process.env,
    DATABASE_URL: url,
    AUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  },
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (
    await fetch(`${base}/sign-in`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 120) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 500));
}

const auth = `Basic ${Buffer.from(`${secret}:`).toString("base64")}`;
const send = (first: number) =>
  fetch(`${base}/api/v1/batch`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/json" },
    body: JSON.stringify({
      batch: Array.from({ length: batchSize }, (_, j) => ({
        type: "track",
        userId: `u${(first + j) % 10_000}`,
        event: "feature_used",
        messageId: randomUUID(),
        properties: { feature: "timer", n: first + j },
      })),
    }),
  });

// Warm up (compiles routes, fills pools), then an open-loop run: requests start on schedule whatever the latency.
await Promise.all(Array.from({ length: 10 }, (_, i) => send(i * batchSize)));
const warmup = 10 * batchSize;
const latencies: number[] = [];
let ok = 0;
let failed = 0;
const inflight: Promise<void>[] = [];
const started = performance.now();
const requests = Math.round((rate * seconds) / batchSize);
const total = requests * batchSize;
for (let i = 0; i < requests; i++) {
  const due = started + ((i * batchSize) / rate) * 1000;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  const t = performance.now();
  inflight.push(
    send(i * batchSize).then(
      (r) => {
        latencies.push(performance.now() - t);
        if (r.status === 200) ok += batchSize;
        else failed += batchSize;
      },
      () => void (failed += batchSize),
    ),
  );
}
await Promise.all(inflight);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(1);
const [stored] = await db
  .select({ n: count() })
  .from(events)
  .where(and(eq(events.workspaceId, ws.id), eq(events.name, "feature_used")));
console.log(
  `sent ${total} events in ${requests} requests in ${elapsed.toFixed(1)} s = ${(total / elapsed).toFixed(0)} events/s; accepted: ${ok}, refused: ${failed}`,
);
console.log(`request latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms (target p99 < 250 ms)`);
const kept = (stored?.n ?? 0) - warmup;
console.log(`stored: ${kept} of ${ok} accepted (warm-up excluded); lost: ${ok - kept}`);
process.kill(-server.pid!);
await database.close();
