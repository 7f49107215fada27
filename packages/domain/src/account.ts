import { and, eq, sql } from "drizzle-orm";
import { users, type Db } from "@facet/db";
import { signInInput, signUpInput, type SignInInput, type SignUpInput } from "@facet/validators";
import { conflict, invalid, notFound } from "./errors";
export { commonPasswordMessage } from "./password";
import { commonPasswordMessage, decoyHash, hashPassword, isGuessablePassword, verifyPassword } from "./password";
import { giveBack, refill, throttle, throttleKey } from "./throttle";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
}

const sessionUserColumns = { id: users.id, email: users.email, name: users.name, sessionVersion: users.sessionVersion };

/** Creates an account. Sign-ups are paced per client address (a bucket of 5, then one every 12 minutes). */
export async function signUp(db: Db, raw: SignUpInput, address: string): Promise<SessionUser> {
  const input = signUpInput.parse(raw);
  if (isGuessablePassword(input.password, [input.email, input.name])) throw invalid(commonPasswordMessage, "password");
  await throttle(
    db,
    [["signUp", throttleKey("signUp", address)]],
    (wait) => `Too many accounts were created from your network. Try again in ${wait}.`,
  );
  const passwordHash = await hashPassword(input.password);
  const [user] = await db
    .insert(users)
    .values({ email: input.email, name: input.name, passwordHash })
    .onConflictDoNothing()
    .returning(sessionUserColumns);
  if (!user) throw conflict("An account with this email already exists. Sign in instead.", "email");
  return user;
}

export const wrongCredentials = "Email or password is incorrect.";

/**
 * Checks a sign-in from a client address. Each attempt takes a token from its buckets (account and address,
 * address, account) before the password is verified, so concurrent attempts can't check more passwords
 * than the buckets hold; an empty bucket is LIMIT with the wait.
 */
export async function verifyCredentials(db: Db, raw: SignInInput, address: string): Promise<SessionUser> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) throw invalid(wrongCredentials);
  const { email, password } = parsed.data;
  await throttle(
    db,
    [
      ["accountAddress", throttleKey("accountAddress", email, address)],
      ["address", throttleKey("address", address)],
      ["account", throttleKey("account", email)],
    ],
    (wait) => `Too many sign-in attempts. Try again in ${wait}.`,
  );

  const [row] = await db
    .select({ ...sessionUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  const ok = await verifyPassword(row?.passwordHash ?? (await decoyHash()), password);
  if (!row || !ok) throw invalid(wrongCredentials);
  await refill(db, throttleKey("accountAddress", email, address));
  await giveBack(db, "address", throttleKey("address", address));
  await giveBack(db, "account", throttleKey("account", email));
  const { passwordHash: _, ...user } = row;
  return user;
}

/** The user behind a session, or null when the account is gone or its sessions were revoked. */
export async function sessionUser(db: Db, userId: string, sessionVersion: number): Promise<SessionUser | null> {
  const [user] = await db
    .select(sessionUserColumns)
    .from(users)
    .where(and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion)))
    .limit(1);
  return user ?? null;
}

/** Signs the user out everywhere: every session issued before now stops working. */
export async function revokeSessions(db: Db, userId: string): Promise<void> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (!row) throw notFound("user");
}

/**
 * Signing out ends the session for good: the version it carries is bumped, so a copy of its cookie stops
 * working (and so do the user's other sessions). A session that was already revoked changes nothing.
 */
export async function endSession(db: Db, userId: string, sessionVersion: number): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion)));
}
