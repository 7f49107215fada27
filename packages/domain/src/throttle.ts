import { eq, sql } from "drizzle-orm";
import { throttleBuckets, type Db } from "@facet/db";
import { waitPhrase } from "@facet/validators";
import { limited } from "./errors";

/** A token bucket: `burst` attempts at once, then one more every `refillMs`. */
export interface BucketRule {
  burst: number;
  refillMs: number;
}

/**
 * Sign-in attempts are paced per account and address (an attacker's address can't lock the owner out), per
 * address across accounts, and per account across addresses: that last bucket slows a distributed guesser
 * to one try a minute and keeps a correct password waiting at most a minute, instead of locking it out.
 */
export const throttleRules = {
  accountAddress: { burst: 5, refillMs: 3 * 60_000 },
  address: { burst: 30, refillMs: 30_000 },
  account: { burst: 10, refillMs: 60_000 },
  signUp: { burst: 5, refillMs: 12 * 60_000 },
} as const satisfies Record<string, BucketRule>;

export type ThrottleKind = keyof typeof throttleRules;
export const throttleKey = (kind: ThrottleKind, ...parts: string[]) => `${kind}:${parts.map((p) => p.toLowerCase()).join("|")}`;

/**
 * Takes one token from the key's bucket in one statement (the row lock of the upsert orders concurrent
 * takers, in every app process). Returns 0 when the attempt may go ahead, else the milliseconds to wait.
 * A refused attempt takes nothing, so hammering a key doesn't extend its wait.
 */
export async function takeToken(db: Db, rule: BucketRule, key: string, now = new Date()): Promise<number> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const refilled = sql`least(${rule.burst}::float8, ${throttleBuckets.tokens} + greatest(0, extract(epoch from (${at} - ${throttleBuckets.updatedAt})) * 1000) / ${rule.refillMs}::float8)`;
  const [row] = await db
    .insert(throttleBuckets)
    .values({ key, tokens: rule.burst - 1, updatedAt: now, admitted: true })
    .onConflictDoUpdate({
      target: throttleBuckets.key,
      set: {
        tokens: sql`case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end`,
        updatedAt: now,
        admitted: sql`${refilled} >= 1`,
      },
    })
    .returning({ tokens: throttleBuckets.tokens, admitted: throttleBuckets.admitted });
  if (!row || row.admitted) return 0;
  return Math.max(1, Math.ceil((1 - row.tokens) * rule.refillMs));
}

/**
 * Takes a token from each bucket in turn and throws LIMIT with the wait when one is empty; later buckets
 * are then left alone (an address already refused doesn't slow the account down for everyone else).
 */
export async function throttle(
  db: Db,
  buckets: Array<[ThrottleKind, string]>,
  message: (wait: string) => string,
  now = new Date(),
): Promise<void> {
  for (const [kind, key] of buckets) {
    const waitMs = await takeToken(db, throttleRules[kind], key, now);
    if (waitMs > 0) throw limited(message(waitPhrase(waitMs / 1000)), Math.ceil(waitMs / 1000));
  }
}

/** Fills the key's bucket again (a correct password clears its account-and-address bucket). */
export async function refill(db: Db, key: string): Promise<void> {
  await db.delete(throttleBuckets).where(eq(throttleBuckets.key, key));
}

/** Returns the token an attempt took (a correct password isn't an attack on the address or the account). */
export async function giveBack(db: Db, kind: ThrottleKind, key: string): Promise<void> {
  await db
    .update(throttleBuckets)
    .set({ tokens: sql`least(${throttleRules[kind].burst}::float8, ${throttleBuckets.tokens} + 1)` })
    .where(eq(throttleBuckets.key, key));
}
