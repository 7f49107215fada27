import { createHash } from "node:crypto";

/** SHA-256 of text as hex: how tokens, keys and share links are stored, and how ad lists hash emails. */
export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
