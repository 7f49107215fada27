// What every request pays before its own work: the session check and the membership check,
// both read from the database by design (roles and revocation are never trusted from the token).
// Also the cost of one password check, which bounds how fast sign-ins can be attempted.
import { randomBytes } from "node:crypto";
import { account, resolveScope, workspace } from "@facet/domain";
import { databases, fmt, measure } from "./harness";

console.log("## Request path");
for await (const { label, database } of databases()) {
  const db = database.db;
  const user = await account.signUp(
    db,
    {
      name: "Bench",
      email: `bench.${randomBytes(4).toString("hex")}@example.com`,
      password: "correct horse battery",
    },
    "bench",
  );
  // Many workspaces and members around the one measured, so indexes matter.
  let target = "";
  for (let i = 0; i < 200; i++) {
    const ws = await workspace.createWorkspace(db, user, { name: `WS ${i}`, slug: `bench-${randomBytes(5).toString("hex")}` });
    if (i === 100) target = ws.id;
  }
  const session = await measure(() => account.sessionUser(db, user.id, user.sessionVersion));
  const scope = await measure(() => resolveScope(db, user.id, target));
  console.log(`${label}: session check ${fmt(session)}; membership check ${fmt(scope)}`);
  const signIn = await measure(
    () => account.verifyCredentials(db, { email: user.email, password: "correct horse battery" }, "bench"),
    20,
    2,
  );
  console.log(`${label}: sign-in (argon2id verify + throttle bookkeeping) ${fmt(signIn)}`);
}
