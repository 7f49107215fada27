import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, options);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A real hash to verify against when the account doesn't exist, so timing doesn't reveal that. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword("decoy-password-never-matches"));

let guessability: ZxcvbnFactory | undefined;
const estimator = () => (guessability ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }));

export const commonPasswordMessage = "This password is too common or too easy to guess. Try a few unrelated words.";

/**
 * True when the password is among the common ones or a simple variation of them (zxcvbn-ts with its
 * common-password and diceware lists, plus the person's own name and email): fewer than a million guesses.
 */
export function isGuessablePassword(password: string, personal: string[] = []): boolean {
  // zxcvbn's matching grows quickly with length; the first 100 characters decide it.
  const words = personal.flatMap((p) => [p, ...p.toLowerCase().split(/[^\p{L}\p{N}]+/u)]).filter((w) => w.length >= 3);
  return estimator().check(password.slice(0, 100), words).score <= 1;
}
