// Issue 3 targets, on the PostgreSQL server at 1,000,000 customers:
// - the customer table's first page and any next page under 100 ms; email-prefix search under 50 ms;
// - importing 1,000,000 CSV rows through the import job within 2.5x a plain COPY of the same file.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createDatabase } from "@facet/db";
import { migrateDatabase } from "@facet/db/migrator";
import { account, customer, importJob, jobs, resolveScope, workspace } from "@facet/domain";
import { fmt, measure } from "./harness";

const url = process.env.BENCH_DATABASE_URL;
const size = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
if (!url) {
  console.log("## Customers: skipped, needs BENCH_DATABASE_URL (pnpm bench starts a server)");
  process.exit(0);
}
console.log(`## Customers (PostgreSQL, ${size.toLocaleString()} customers)`);
const database = createDatabase({ url });
await migrateDatabase(database);
const db = database.db;
const suffix = Date.now().toString(36);
const user = await account.signUp(db, { name: "Bench", email: `bench.${suffix}@example.com`, password: "correct horse battery" }, "bench");

// 1. The table at 1M customers, seeded in SQL.
const ws = await workspace.createWorkspace(db, user, { name: "Table bench", slug: `table-${suffix}` });
let t = performance.now();
await db.execute(sql`
  insert into customers (workspace_id, id, email, name, external_id, traits, created_at, order_count, total_spend)
  select ${ws.id}, 'cus_' || lpad(to_hex(g), 21, '0'), 'person' || g || '@example.com', 'Person ' || g, 'ext-' || g,
         jsonb_build_object('age', 18 + g % 60, 'plan', (array['Free','Pro','Team'])[1 + g % 3]),
         now() - make_interval(secs => g), g % 7, (g % 500)::numeric
  from generate_series(1, ${size}) g`);
await db.execute(sql`analyze customers`);
console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const scope = await resolveScope(db, user.id, ws.id);
const first = await customer.listCustomers(scope, { workspaceId: ws.id, limit: 50 });
console.log(
  `first page:        ${fmt(await measure(() => customer.listCustomers(scope, { workspaceId: ws.id, limit: 50 }), 50, 5))} (target < 100 ms)`,
);
let deep = first.nextCursor;
for (let i = 0; i < 200 && deep; i++)
  deep = (await customer.listCustomers(scope, { workspaceId: ws.id, limit: 50, cursor: deep })).nextCursor;
console.log(
  `page 200, next:    ${fmt(await measure(() => customer.listCustomers(scope, { workspaceId: ws.id, limit: 50, cursor: deep }), 50, 5))} (target < 100 ms)`,
);
console.log(
  `email prefix:      ${fmt(await measure(() => customer.listCustomers(scope, { workspaceId: ws.id, q: "person12345", limit: 50 }), 50, 5))} (target < 50 ms)`,
);
console.log(
  `sort by LTV:       ${fmt(await measure(() => customer.listCustomers(scope, { workspaceId: ws.id, sort: { key: "total_spend", dir: "desc" }, limit: 50 }), 10, 2))} (no target; no index)`,
);

// 2. Import 1M rows vs a plain COPY of the same file into an equivalent table.
const dir = await mkdtemp(join(tmpdir(), "facet-bench-"));
const file = join(dir, "customers.csv");
await new Promise<void>((resolve, reject) => {
  const out = createWriteStream(file);
  out.on("error", reject);
  out.write("email,name,age,plan,city\n");
  const cities = ["London", "Paris", "Berlin", "Madrid", "Rome", "Lisbon"];
  let i = 0;
  const write = () => {
    let ok = true;
    while (i < size && ok) {
      i++;
      ok = out.write(`buyer${i}@example.com,Buyer ${i},${18 + (i % 60)},${["Free", "Pro", "Team"][i % 3]},${cities[i % 6]}\n`);
    }
    if (i < size) out.once("drain", write);
    else out.end(resolve);
  };
  write();
});
console.log(`CSV: ${((await stat(file)).size / 1e6).toFixed(1)} MB`);

const raw = postgres(url, { max: 1, onnotice: () => {} });
const { createReadStream } = await import("node:fs");
const { pipeline } = await import("node:stream/promises");
const copyInto = async (create: string[]) => {
  await raw`drop table if exists bench_copy`;
  for (const statement of create) await raw.unsafe(statement);
  const started = performance.now();
  await pipeline(
    createReadStream(file),
    await raw`copy bench_copy (email, name, age, plan, city) from stdin with (format csv, header true)`.writable(),
  );
  const ms = performance.now() - started;
  await raw`drop table bench_copy`;
  return ms;
};
// Baseline 1: a bare table with the file's five columns, unique email and two prefix indexes.
const bareMs = await copyInto([
  "create table bench_copy (email text, name text, age int, plan text, city text)",
  "create unique index on bench_copy (email)",
  "create index on bench_copy (email text_pattern_ops)",
  "create index on bench_copy (lower(name) text_pattern_ops)",
]);
console.log(`plain COPY into a bare table (3 indexes): ${(bareMs / 1000).toFixed(1)} s`);
// Baseline 2 (the target's): a table equivalent to customers: tenant key, generated id and ordinal, the
// same indexes on the columns the file fills, the foreign key to workspaces.
const copyMs = await copyInto([
  `create table bench_copy (
     workspace_id text not null default '${ws.id}' references workspaces(id) on delete cascade,
     id text not null default md5(random()::text), email text, name text, age int, plan text, city text,
     created_at timestamptz not null default now(), ordinal integer generated always as identity, primary key (workspace_id, id))`,
  "create unique index on bench_copy (workspace_id, email text_pattern_ops) where email is not null",
  "create index on bench_copy (workspace_id, lower(name) text_pattern_ops)",
  "create index on bench_copy (workspace_id, created_at, id)",
]);
await raw.end();
console.log(`plain COPY into a table equivalent to customers (same keys, indexes and foreign key): ${(copyMs / 1000).toFixed(1)} s`);

const ws2 = await workspace.createWorkspace(db, user, { name: "Import bench", slug: `import-${suffix}` });
const scope2 = await resolveScope(db, user.id, ws2.id);
const head = Buffer.from("email,name,age,plan,city\nbuyer1@example.com,Buyer 1,19,Pro,Paris\n");
const job = await importJob.createImportJob(scope2, {
  kind: "customers",
  fileName: "customers.csv",
  fileSize: (await stat(file)).size,
  storedPath: "customers.csv",
  fileInfo: importJob.detectFormat(head),
});
let mergeStarted = 0;
// The import runs as the app runs it: a job of the in-process job system (only this bench's jobs).
const runner = new jobs.InProcessJobs({
  db,
  definitions: jobs.jobDefinitions(),
  deps: { uploadDir: dir },
  claims: "own",
  singleProcess: false,
  onProgress: (_id, p) => {
    if (p.phase === "merging" && !mergeStarted) mergeStarted = performance.now();
  },
});
const scope3 = { ...scope2, jobs: runner };
const outcome = async () => (await runner.drain()).map((d) => (d.outcome.status === "succeeded" ? d.outcome.result : d.outcome))[0];
const view = await importJob.importJobById(scope3, job.id);
await importJob.startDryRun(scope3, job.id, {
  delimiter: ",",
  encoding: "utf-8",
  hasHeader: true,
  columns: view.proposal!,
  matchKey: "email",
  mode: "upsert",
});
t = performance.now();
const dry = await outcome();
const dryMs = performance.now() - t;
mergeStarted = 0;
await importJob.startImport(scope3, job.id);
t = performance.now();
const real = await outcome();
const importMs = performance.now() - t;
console.log(
  `  reading, validating and staging: ${((mergeStarted - t) / 1000).toFixed(1)} s; merging into customers: ${((performance.now() - mergeStarted) / 1000).toFixed(1)} s`,
);
console.log(`dry run: ${(dryMs / 1000).toFixed(1)} s ${JSON.stringify(dry)}`);
console.log(`import job: ${(importMs / 1000).toFixed(1)} s ${JSON.stringify(real)}`);
console.log(
  `import / COPY into the equivalent table = ${(importMs / copyMs).toFixed(2)}x (target <= 2.5x); / bare COPY = ${(importMs / bareMs).toFixed(2)}x`,
);
await rm(dir, { recursive: true, force: true });
await database.close();
