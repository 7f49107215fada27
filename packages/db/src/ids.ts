import { randomBytes } from "node:crypto";

export const idPrefixes = [
  "ws",
  "usr",
  "mem",
  "inv",
  "aud",
  "cus",
  "attr",
  "seg",
  "per",
  "cmp",
  "imp",
  "key",
  "dst",
  "dlv",
  "run",
  "chk",
  "ntf",
] as const;
export type IdPrefix = (typeof idPrefixes)[number];

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

/** Time-ordered, url-safe id: 9 chars of milliseconds in base 36, then 12 random chars. */
export function newId(prefix: IdPrefix): string {
  const time = Date.now().toString(36).padStart(9, "0");
  const bytes = randomBytes(12);
  let rand = "";
  for (const b of bytes) rand += alphabet[b % 36];
  return `${prefix}_${time}${rand}`;
}
