// `pnpm seed [--customers N] [--email E] [--password P]`: creates the demo workspace ("Tempo (demo)")
// on the app's database (DATABASE_URL, or PGlite at PGLITE_DIR / .data/pglite) for a user, signing them
// up first if needed. Run it while the app is stopped when on PGlite (one process per data directory).
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { createDatabase, users } from "@facet/db";
import { migrateDatabase } from "@facet/db/migrator";
import { defaultPgliteDir } from "@facet/db";
import { account, demo } from "../src/index";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "1000" },
    email: { type: "string", default: "demo@facet.local" },
    password: { type: "string", default: "demo password" },
  },
});
const customers = Number(values.customers);
const url = process.env.DATABASE_URL;
const database = createDatabase(url ? { url } : { pgliteDir: process.env.PGLITE_DIR || defaultPgliteDir(process.cwd()) });
try {
  await migrateDatabase(database);
  const email = values.email.toLowerCase();
  const [existing] = await database.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email));
  const user = existing ?? (await account.signUp(database.db, { name: "Demo User", email, password: values.password }, "seed"));
  const started = Date.now();
  let shown = 0;
  const ws = await demo.createDemoWorkspace(database.db, user, {
    customers,
    onProgress: ({ phase, done, total }) => {
      if (phase === "personas") process.stdout.write("\nSegments and persona cards…");
      else if (done - shown >= total / 20 || done === total) {
        shown = done;
        process.stdout.write(`\r${done.toLocaleString("en")} / ${total.toLocaleString("en")} customers`);
      }
    },
  });
  console.log(
    `\nCreated "${ws.name}" (/w/${ws.slug}) with ${customers.toLocaleString("en")} customers in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  console.log(existing ? `Sign in as ${email}.` : `Sign in as ${email} with the password "${values.password}".`);
} catch (error) {
  console.error("Seeding failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
