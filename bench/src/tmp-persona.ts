import { sql } from "drizzle-orm";
import { createDatabase, queryRows } from "@facet/db";
import { migrateDatabase } from "@facet/db/migrator";
import { account, demo, persona } from "@facet/domain";

const database = createDatabase({ memory: true });
await migrateDatabase(database);
const db = database.db;
const user = await account.signUp(db, { name: "B", email: `b@example.com`, password: "correct horse battery" }, "bench");
const ws = await demo.createDemoWorkspace(db, user, { customers: 10000, seed: 42, now: new Date("2026-06-01T12:00:00Z") });
const segs = await queryRows<{ id: string }>(db, sql`select id from segments where workspace_id = ${ws.id}`);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (const s of segs.slice(0, 3)) {
  let c = cpu();
  await persona.computePersona(db, ws.id, s.id);
  console.log("computePersona cpu ms", Math.round(cpu() - c));
}
let c = cpu();
const rows = await queryRows(db, sql`select traits, order_count::float8, total_spend::float8, last_seen_at from customers where workspace_id = ${ws.id}`);
console.log("read base", rows.length, Math.round(cpu() - c));
await database.close();
