import { and, eq, sql } from "drizzle-orm";
import { users, type Db } from "@facet/db";
import { signInInput, signUpInput, type SignInInput, type SignUpInput } from "@facet/validators";
import { conflict, invalid, notFound } from "./errors";
import { decoyHash, hashPassword, verifyPassword } from "./password";
import { assertNotThrottled, clearThrottle, recordFailure, throttleKey } from "./throttle";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
}

const sessionUserColumns = { id: users.id, email: users.email, name: users.name, sessionVersion: users.sessionVersion };

export async function signUp(db: Db, raw: SignUpInput): Promise<SessionUser> {
  const input = signUpInput.parse(raw);
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
 * Checks a sign-in. Failures count against the account and the client's IP; a locked key
 * fails with LIMIT before the password is even checked.
 */
export async function verifyCredentials(db: Db, raw: SignInInput, ip: string): Promise<SessionUser> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) throw invalid(wrongCredentials);
  const { email, password } = parsed.data;
  await assertNotThrottled(db, [throttleKey("account", email), throttleKey("ip", ip)]);

  const [row] = await db
    .select({ ...sessionUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  const ok = await verifyPassword(row?.passwordHash ?? (await decoyHash()), password);
  if (!row || !ok) {
    await recordFailure(db, "account", email);
    await recordFailure(db, "ip", ip);
    throw invalid(wrongCredentials);
  }
  await clearThrottle(db, "account", email);
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
