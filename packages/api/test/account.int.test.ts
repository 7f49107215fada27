import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { throttleBuckets, type Database } from "@facet/db";
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

describe("common passwords", () => {
  it("are refused at sign-up with a message on the password field", async () => {
    const attempt = callerFor(database.db, null).account.signUp({ name: "Pat", email: `p.${uniq()}@example.com`, password: "password123" });
    await expect(attempt).rejects.toMatchObject({ code: "BAD_REQUEST", message: account.commonPasswordMessage });
    await expect(attempt).rejects.toSatisfy((e: { cause?: unknown }) => e.cause instanceof DomainError && e.cause.field === "password");
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

  it("paces one address on one account after 5 attempts, even with the right password, and says how long", async () => {
    const user = await newUser(database.db);
    const address = `198.51.100.${Math.floor(Math.random() * 250)}-${uniq()}`;
    for (let i = 0; i < 5; i++) {
      await expect(account.verifyCredentials(database.db, { email: user.email, password: "nope nope nope" }, address)).rejects.toThrow(
        account.wrongCredentials,
      );
    }
    const paced = account.verifyCredentials(database.db, { email: user.email, password }, address);
    await expect(paced).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof DomainError && e.code === "LIMIT" && (e.retryAfterSeconds ?? 0) > 150 && (e.retryAfterSeconds ?? 0) <= 180,
    );
    await expect(account.verifyCredentials(database.db, { email: user.email, password }, address)).rejects.toThrow(
      "Too many sign-in attempts. Try again in 3 minutes.",
    );
  });

  it("two addresses don't lock each other out", async () => {
    const user = await newUser(database.db);
    const attacker = `attacker-${uniq()}`;
    for (let i = 0; i < 8; i++) {
      await account.verifyCredentials(database.db, { email: user.email, password: "wrong password!" }, attacker).catch(() => {});
    }
    await expect(account.verifyCredentials(database.db, { email: user.email, password }, attacker)).rejects.toThrow(/Too many/);
    // The owner, elsewhere, still gets in: the attacker's attempts were counted against the attacker's address.
    expect((await account.verifyCredentials(database.db, { email: user.email, password }, `owner-${uniq()}`)).id).toBe(user.id);

    const busy = `busy-${uniq()}`;
    for (let i = 0; i < 30; i++) {
      await expect(
        account.verifyCredentials(database.db, { email: `x${i}.${uniq()}@example.com`, password: "whatever1234" }, busy),
      ).rejects.toThrow(account.wrongCredentials);
    }
    await expect(account.verifyCredentials(database.db, { email: user.email, password }, busy)).rejects.toThrow(/Too many/);
    expect((await account.verifyCredentials(database.db, { email: user.email, password }, `other-${uniq()}`)).id).toBe(user.id);
  });

  it("100 concurrent wrong attempts on one account check at most the bucket's passwords", async () => {
    const user = await newUser(database.db);
    const attempt = (address: string) =>
      account.verifyCredentials(database.db, { email: user.email, password: "guess guess guess" }, address).then(
        () => "signed in",
        (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
      );
    // From one address: the account-and-address bucket holds 5.
    const one = `one-${uniq()}`;
    const fromOne = await Promise.all(Array.from({ length: 100 }, () => attempt(one)));
    expect(fromOne.filter((r) => r === "INVALID").length).toBeLessThanOrEqual(5);
    expect(fromOne.filter((r) => r !== "INVALID" && r !== "LIMIT")).toEqual([]);

    // From 100 addresses: the account's own bucket (10, five of them already taken) is the limit.
    const other = await newUser(database.db);
    const fromMany = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        account.verifyCredentials(database.db, { email: other.email, password: "guess guess guess" }, `many-${i}-${uniq()}`).then(
          () => "signed in",
          (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
        ),
      ),
    );
    expect(fromMany.filter((r) => r === "INVALID").length).toBeLessThanOrEqual(10);
    expect(fromMany.filter((r) => r === "LIMIT").length).toBeGreaterThanOrEqual(90);
  });

  it("slows the account down across addresses instead of locking the right password out", async () => {
    const user = await newUser(database.db);
    const now = new Date();
    for (let i = 0; i < 10; i++) {
      await expect(
        account.verifyCredentials(database.db, { email: user.email, password: "wrong password!" }, `far-${i}-${uniq()}`),
      ).rejects.toThrow(account.wrongCredentials);
    }
    await expect(account.verifyCredentials(database.db, { email: user.email, password }, `owner-${uniq()}`)).rejects.toSatisfy(
      (e: unknown) => e instanceof DomainError && e.code === "LIMIT" && (e.retryAfterSeconds ?? 0) <= 60,
    );
    // A minute later the account's bucket has a token again and the right password gets in.
    await database.db
      .update(throttleBuckets)
      .set({ updatedAt: new Date(now.getTime() - 61_000) })
      .where(eq(throttleBuckets.key, `account:${user.email}`));
    expect((await account.verifyCredentials(database.db, { email: user.email, password }, `owner-${uniq()}`)).id).toBe(user.id);
  });

  it("a success clears the account's bucket for that address", async () => {
    const user = await newUser(database.db);
    const address = `home-${uniq()}`;
    for (let i = 0; i < 4; i++) {
      await expect(account.verifyCredentials(database.db, { email: user.email, password: "bad password 1" }, address)).rejects.toThrow();
    }
    await account.verifyCredentials(database.db, { email: user.email, password }, address);
    const rows = await database.db
      .select()
      .from(throttleBuckets)
      .where(eq(throttleBuckets.key, `accountAddress:${user.email}|${address}`));
    expect(rows).toEqual([]);
  });

  it("paces sign-ups per address", async () => {
    const address = `signup-${uniq()}`;
    const caller = callerFor(database.db, null, { clientIp: address });
    for (let i = 0; i < 5; i++) await caller.account.signUp({ name: "New", email: `n${i}.${uniq()}@example.com`, password });
    await expectCode(caller.account.signUp({ name: "New", email: `n.${uniq()}@example.com`, password }), "TOO_MANY_REQUESTS");
    await callerFor(database.db, null, { clientIp: `elsewhere-${uniq()}` }).account.signUp({
      name: "New",
      email: `e.${uniq()}@example.com`,
      password,
    });
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
