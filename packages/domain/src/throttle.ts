import { eq, inArray, sql } from "drizzle-orm";
import { loginThrottles, type Db } from "@facet/db";
import { limited } from "./errors";

/** Failed sign-ins allowed per key within the window before the key is locked. */
export const throttleRules = {
  account: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

export type ThrottleKind = keyof typeof throttleRules;
export const throttleKey = (kind: ThrottleKind, value: string) => `${kind}:${value.toLowerCase()}`;

/** Throws LIMIT, saying when to retry, if any of the keys is locked. */
export async function assertNotThrottled(db: Db, keys: string[], now = new Date()): Promise<void> {
  const rows = await db
    .select({ key: loginThrottles.key, lockedUntil: loginThrottles.lockedUntil })
    .from(loginThrottles)
    .where(inArray(loginThrottles.key, keys));
  const until = rows
    .map((r) => r.lockedUntil)
    .filter((d): d is Date => d !== null && d > now)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  if (until) {
    const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
    throw limited(`Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
}

/** Counts one failure against the key, starting a new window when the old one has passed. */
export async function recordFailure(db: Db, kind: ThrottleKind, value: string, now = new Date()): Promise<void> {
  const rule = throttleRules[kind];
  const key = throttleKey(kind, value);
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const expired = sql`${loginThrottles.windowStartedAt} < ${windowStart.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(loginThrottles)
    .values({ key, failures: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${loginThrottles.failures} + 1 end`,
        windowStartedAt: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${loginThrottles.windowStartedAt} end`,
      },
    })
    .returning({ failures: loginThrottles.failures });
  if (row && row.failures >= rule.maxFailures) {
    await db
      .update(loginThrottles)
      .set({ lockedUntil: new Date(now.getTime() + rule.lockMs), failures: 0, windowStartedAt: now })
      .where(eq(loginThrottles.key, key));
  }
}

export async function clearThrottle(db: Db, kind: ThrottleKind, value: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, throttleKey(kind, value)));
}
