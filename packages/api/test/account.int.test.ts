import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginThrottles, type Database } from "@facet/db";
import { account, DomainError } from "@facet/domain";
import { callerFor, expectCode, newUser, openDatabase, password, uniq } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

describe("sign up", () => {
  it("creates an account with a hashed password and normalised email", async () => {
    const email = `Mixed.Case.${uniq()}@Example.com`;
    const created = await callerFor(database.db, null).account.signUp({ name: " Ada ", email, password });
    expect(created.email).toBe(email.toLowerCase());
    const user = await account.verifyCredentials(database.db, { email, password }, "198.51.100.1");
    expect(user).toMatchObject({ id: created.id, name: "Ada" });
  });

  it("refuses a second account with the same email, and weak passwords", async () => {
    const user = await newUser(database.db);
    const caller = callerFor(database.db, null);
    await expectCode(caller.account.signUp({ name: "Again", email: user.email.toUpperCase(), password }), "CONFLICT");
    await expectCode(caller.account.signUp({ name: "Short", email: `s.${uniq()}@example.com`, password: "short" }), "BAD_REQUEST");
    await expectCode(caller.account.signUp({ name: "Same", email: `r.${uniq()}@example.com`, password: "aaaaaaaaaaaa" }), "BAD_REQUEST");
  });
});

describe("sign in", () => {
  it("says the same thing for an unknown email and a wrong password", async () => {
    const user = await newUser(database.db);
    await expect(account.verifyCredentials(database.db, { email: user.email, password: "wrong password!" }, uniq())).rejects.toThrow(
      account.wrongCredentials,
    );
    await expect(account.verifyCredentials(database.db, { email: `nobody.${uniq()}@example.com`, password }, uniq())).rejects.toThrow(
      account.wrongCredentials,
    );
  });

  it("locks an account after 5 failures, even with the right password, and says for how long", async () => {
    const user = await newUser(database.db);
    for (let i = 0; i < 5; i++) {
      await expect(account.verifyCredentials(database.db, { email: user.email, password: "nope nope nope" }, uniq())).rejects.toThrow();
    }
    const locked = account.verifyCredentials(database.db, { email: user.email, password }, uniq());
    await expect(locked).rejects.toSatisfy((e: unknown) => e instanceof DomainError && e.code === "LIMIT");
    await expect(account.verifyCredentials(database.db, { email: user.email, password }, uniq())).rejects.toThrow(
      /Try again in 15 minutes/,
    );
  });

  it("locks an IP after 30 failures across accounts", async () => {
    const ip = `ip-${uniq()}`;
    for (let i = 0; i < 30; i++) {
      await expect(
        account.verifyCredentials(database.db, { email: `x${i}.${uniq()}@example.com`, password: "whatever1234" }, ip),
      ).rejects.toThrow(account.wrongCredentials);
    }
    const user = await newUser(database.db);
    await expect(account.verifyCredentials(database.db, { email: user.email, password }, ip)).rejects.toThrow(/Too many/);
  });

  it("a success clears the account's failure count", async () => {
    const user = await newUser(database.db);
    for (let i = 0; i < 4; i++) {
      await expect(account.verifyCredentials(database.db, { email: user.email, password: "bad password 1" }, uniq())).rejects.toThrow();
    }
    await account.verifyCredentials(database.db, { email: user.email, password }, uniq());
    const rows = await database.db.select().from(loginThrottles);
    expect(rows.find((r) => r.key === `account:${user.email}`)).toBeUndefined();
  });
});

describe("sessions", () => {
  it("are checked in the database on every call and end when revoked", async () => {
    const user = await newUser(database.db);
    const caller = callerFor(database.db, user);
    expect((await caller.account.me()).email).toBe(user.email);
    await caller.account.revokeSessions();
    await expectCode(caller.account.me(), "UNAUTHORIZED");
    const fresh = await account.verifyCredentials(database.db, { email: user.email, password }, uniq());
    expect(fresh.sessionVersion).toBe(user.sessionVersion + 1);
    expect((await callerFor(database.db, fresh).account.me()).id).toBe(user.id);
  });

  it("refuses callers without a session", async () => {
    await expectCode(callerFor(database.db, null).workspace.list(), "UNAUTHORIZED");
  });
});
