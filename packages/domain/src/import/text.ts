import { isUtf8 } from "node:buffer";

/** Why one cell of a record can't be stored as text, and the line of the file it is on. */
export interface UnreadableCell {
  columnIndex: number;
  line: number;
  reason: string;
}

export type TextEncoding = "utf-8" | "windows-1252";

/**
 * What stands in for bytes that aren't UTF-8 once a chunk is decoded: a NUL (which no stored text may hold,
 * so the row is refused like one with a real NUL byte) followed by U+FFFD (so the reason can say which).
 */
const invalidMark = "\u0000\ufffd";
const invalidMarkBytes = Buffer.from(invalidMark);

/** Windows-1252's letters at 0x80-0x9F (Node 20's TextDecoder reads them as Latin-1 control characters). */
const windows1252High = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/** Windows-1252 bytes as text (one byte per character, so chunks decode on their own). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return text.replace(/[\u0080-\u009f]/g, (c) => windows1252High[c.charCodeAt(0) - 0x80]!);
}

/**
 * Where the first byte that doesn't belong to valid UTF-8 is (a stray Windows-1252 letter, a sequence cut
 * short, an overlong form or a surrogate), from `from` on; -1 when all of it is valid. A sequence cut off by
 * the end of the bytes is `partial` (its rest may come in the next chunk).
 */
export function invalidUtf8At(bytes: Uint8Array, from = 0): { at: number; partial: boolean } {
  for (let i = from; i < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // How many continuation bytes follow, and the range the first of them must fall in.
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return { at: i, partial: false };
    for (let k = 1; k <= length; k++) {
      const b = bytes[i + k];
      if (b === undefined) return { at: i, partial: true };
      if (b < (k === 1 ? low : 0x80) || b > (k === 1 ? high : 0xbf)) return { at: i, partial: false };
    }
    i += length + 1;
  }
  return { at: -1, partial: false };
}

/**
 * Decodes a UTF-8 file chunk by chunk. Valid chunks (nearly all) take the fast path; in others each byte that
 * isn't UTF-8 becomes a mark, so the row holding it is refused with its line instead of being silently
 * changed. A character split between two chunks is carried over.
 */
export function utf8Chunks() {
  let carry = Buffer.alloc(0);
  return {
    push(chunk: Buffer): string {
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      carry = Buffer.alloc(0);
      if (isUtf8(bytes)) return bytes.toString("utf8");
      const parts: Buffer[] = [];
      let start = 0;
      for (;;) {
        const { at, partial } = invalidUtf8At(bytes, start);
        if (at === -1) {
          parts.push(bytes.subarray(start));
          break;
        }
        parts.push(bytes.subarray(start, at));
        if (partial) {
          carry = Buffer.from(bytes.subarray(at));
          break;
        }
        parts.push(invalidMarkBytes);
        start = at + 1;
      }
      return Buffer.concat(parts).toString("utf8");
    },
    /** A sequence still cut short at the end of the file is not UTF-8. */
    end(): string {
      const left = carry.length ? invalidMark : "";
      carry = Buffer.alloc(0);
      return left;
    },
  };
}

/** Line breaks in text (LF, CRLF or a lone CR), up to `end`. */
export function lineBreaks(text: string, end = text.length): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) n++;
  for (let i = text.indexOf("\r"); i !== -1 && i < end; i = text.indexOf("\r", i + 1)) if (text[i + 1] !== "\n") n++;
  return n;
}

const lineLabel = (line: number) => `Line ${line.toLocaleString("en-US")}`;

/**
 * Whether one record's cells can be stored: not with a NUL (binary data; PostgreSQL text can't hold it) or
 * bytes that weren't UTF-8 (marked while decoding). `firstLine` is the line the record starts on; the line
 * reported is the one holding the bad byte (a quoted cell may span lines).
 */
export function unreadableCell(cells: string[], firstLine: number): UnreadableCell | null {
  const columnIndex = cells.findIndex((c) => c.includes("\u0000"));
  if (columnIndex === -1) return null;
  const cell = cells[columnIndex]!;
  const at = cell.indexOf("\u0000");
  const line = firstLine + cells.slice(0, columnIndex).reduce((n, c) => n + lineBreaks(c), 0) + lineBreaks(cell, at);
  const reason = cell.includes(invalidMark)
    ? `${lineLabel(line)} is not valid UTF-8 text. Save the file as UTF-8 (or choose Windows-1252) and upload it again.`
    : `${lineLabel(line)} contains a NUL byte: binary data, not text.`;
  return { columnIndex, line, reason };
}
