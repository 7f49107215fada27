// Demo workspace creation (issue 13): 1,000 and 10,000 customers on PGlite and PostgreSQL, each in a fresh
// database. Wall time, and this process's CPU time (on PGlite that is the database's work too), because on a
// shared machine the wall time says as much about the neighbours as about Facet.
// BENCH_DEMO_SIZES=1000,10000 by default.
import { eq } from "drizzle-orm";
import { account, demo } from "@facet/domain";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, users, workspaces, type Database } from "@facet/db";
import { migrateDatabase } from "@facet/db/migrator";

/** PGlite in a folder on disk, as the app runs it, and the server in BENCH_DATABASE_URL if set. */
async function* databases(): AsyncGenerator<{ label: string; database: Database }> {
  const dir = mkdtempSync(join(tmpdir(), "facet-demo-bench-"));
  const targets: { label: string; open: () => Database }[] = [{ label: "PGlite", open: () => createDatabase({ pgliteDir: dir }) }];
  const url = process.env.BENCH_DATABASE_URL;
  if (url) targets.push({ label: "PostgreSQL", open: () => createDatabase({ url }) });
  try {
    for (const target of targets) {
      const database = target.open();
      await migrateDatabase(database);
      try {
        yield { label: target.label, database };
      } finally {
        await database.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = (process.env.BENCH_DEMO_SIZES ?? "1000,10000").split(",").map(Number);
console.log("## Demo workspace");
for (const customers of sizes) {
  for await (const { label, database } of databases()) {
    const user = await account.signUp(
      database.db,
      { name: "Bench", email: `demo.${Date.now().toString(36)}@example.com`, password: "correct horse battery" },
      `bench-${Date.now()}`,
    );
    const [t, cpu] = [performance.now(), process.cpuUsage()];
    const ws = await demo.createDemoWorkspace(database.db, user, { customers, seed: 42, now: new Date("2026-06-01T12:00:00Z") });
    const used = process.cpuUsage(cpu);
    const wall = (performance.now() - t) / 1000;
    console.log(
      `${label}: ${customers.toLocaleString("en")} customers in ${wall.toFixed(1)} s (this process's CPU ${((used.user + used.system) / 1e6).toFixed(1)} s)`,
    );
    // A server database may be shared (BENCH_DATABASE_URL): leave it as it was.
    await database.db.delete(workspaces).where(eq(workspaces.id, ws.id));
    await database.db.delete(users).where(eq(users.id, user.id));
  }
}
