// The one codec for page cursors: every list hands out the same opaque form and checks what comes back.
import { z } from "zod";
import { invalid } from "./errors";

type CursorValue = string | number | boolean | null;

/** The values a page ends at, as an opaque token: base64url of a JSON array. */
export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

const expired = () => invalid("That page link is no longer valid. Go back to the first page.", "cursor");

/**
 * The values of a cursor, checked against the shape its list wrote: anything else (not ours, edited,
 * or of another list or sort) is a 400 on `cursor`, never a query that fails in the database.
 */
export function decodeCursor<T extends z.ZodTuple>(cursor: string, shape: T): z.infer<T> {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw expired();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw expired();
  }
  const checked = shape.safeParse(parsed);
  if (!checked.success) throw expired();
  return checked.data;
}

/** The parts cursors are made of. */
export const cursorParts = {
  /** A row id: printable, no NUL, as ids are. */
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[\x21-\x7e]+$/),
  /** A time as epoch milliseconds, within what a timestamp column holds. */
  epochMs: z.number().int().min(-62_135_596_800_000).max(253_402_300_799_999),
  /** A position in a numbered list (import rejections, the ingest log). */
  position: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
};

/** Lists newest first by (time, id): segments, campaigns, import jobs, the audit log. */
export const timeIdCursor = {
  encode: (at: Date, id: string) => encodeCursor([at.getTime(), id]),
  decode(cursor: string) {
    const [ms, id] = decodeCursor(cursor, z.tuple([cursorParts.epochMs, cursorParts.id]));
    return { at: new Date(ms), id };
  },
};

/** A customer's events: (time, numeric event id). */
export const eventCursor = {
  encode: (at: Date, id: number) => encodeCursor([at.getTime(), id]),
  decode(cursor: string) {
    const [ms, id] = decodeCursor(cursor, z.tuple([cursorParts.epochMs, cursorParts.position]));
    return { at: new Date(ms), id };
  },
};

/** Lists in id order (segment members, a campaign's audience). */
export const idCursor = {
  encode: (id: string) => encodeCursor([id]),
  decode: (cursor: string) => decodeCursor(cursor, z.tuple([cursorParts.id]))[0],
};

/** Numbered lists (import rejections by row, the ingest log by id). */
export const positionCursor = {
  encode: (n: number) => encodeCursor([n]),
  decode: (cursor: string) => decodeCursor(cursor, z.tuple([cursorParts.position]))[0],
};

/** A segment's change log, by its sequence number (a different shape from positions, so neither takes the other's). */
export const changeCursor = {
  encode: (seq: number) => encodeCursor(["change", seq]),
  decode: (cursor: string) => decodeCursor(cursor, z.tuple([z.literal("change"), cursorParts.position]))[1],
};
