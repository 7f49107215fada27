import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv, type CsvRow } from "./csv";
import { decodeWindows1252, invalidUtf8At, lineBreaks, unreadableCell, utf8Chunks } from "./text";

const bytes = (s: string) => Buffer.from(s);
const raw = (...b: number[]) => Buffer.from(b);
const notUtf8 = (line: string) =>
  `Line ${line} is not valid UTF-8 text. Save the file as UTF-8 (or choose Windows-1252) and upload it again.`;
const nul = (line: string) => `Line ${line} contains a NUL byte: binary data, not text.`;

describe("invalidUtf8At", () => {
  it("finds the first byte that isn't UTF-8, and -1 when every byte is", () => {
    expect(invalidUtf8At(bytes("plain ascii, Köln, €, 😀")).at).toBe(-1);
    expect(invalidUtf8At(raw(0x4b, 0xf6, 0x6c, 0x6e))).toEqual({ at: 1, partial: false }); // Windows-1252 "Köln"
    expect(invalidUtf8At(raw(0xe2, 0x82, 0x61)).at).toBe(0); // "€" cut short in the middle
    expect(invalidUtf8At(raw(0x61, 0x80)).at).toBe(1); // a lone continuation byte
    expect(invalidUtf8At(raw(0xc0, 0xaf)).at).toBe(0); // an overlong "/"
    expect(invalidUtf8At(raw(0xe0, 0x80, 0xaf)).at).toBe(0); // another overlong form
    expect(invalidUtf8At(raw(0xed, 0xa0, 0x80)).at).toBe(0); // a UTF-16 surrogate
    expect(invalidUtf8At(raw(0xf4, 0x90, 0x80, 0x80)).at).toBe(0); // past U+10FFFF
    expect(invalidUtf8At(raw(0xff)).at).toBe(0);
  });

  it("says when the bytes end inside a character, and starts where it is told", () => {
    expect(invalidUtf8At(raw(0x61, 0xe2, 0x82))).toEqual({ at: 1, partial: true });
    expect(invalidUtf8At(raw(0xff, 0x61, 0xff), 1)).toEqual({ at: 2, partial: false });
  });
});

describe("utf8Chunks", () => {
  it("decodes characters split between chunks and marks bytes that aren't UTF-8", () => {
    const euro = bytes("€");
    const d = utf8Chunks();
    expect(d.push(Buffer.concat([bytes("a,"), euro.subarray(0, 2)]))).toBe("a,");
    expect(d.push(Buffer.concat([euro.subarray(2), bytes(",K"), raw(0xf6), bytes("ln")]))).toBe("€,K\u0000\ufffdln");
    expect(d.push(raw(0xe2, 0x82))).toBe("");
    expect(d.end()).toBe("\u0000\ufffd");
  });
});

describe("decodeWindows1252", () => {
  it("reads Excel's letters, including the ones at 0x80-0x9F", () => {
    expect(decodeWindows1252(raw(0x4b, 0xf6, 0x6c, 0x6e, 0x20, 0x80, 0x93, 0x9f))).toBe("Köln €“Ÿ");
  });
});

describe("lineBreaks", () => {
  it("counts LF, CRLF and a lone CR once each, up to a position", () => {
    expect(lineBreaks("a\nb\r\nc\rd")).toBe(3);
    expect(lineBreaks("a\nb\r\nc\rd", 3)).toBe(1);
    expect(lineBreaks("no break")).toBe(0);
  });
});

describe("unreadableCell", () => {
  it("passes text, and names the column and line of a NUL or of bytes that weren't UTF-8", () => {
    expect(unreadableCell(["a@example.com", "Köln"], 5)).toBeNull();
    expect(unreadableCell(["a@example.com", "A\u0000B"], 1234)).toEqual({ columnIndex: 1, line: 1234, reason: nul("1,234") });
    // Lines inside quoted cells count: the bad byte is on the record's fourth line.
    expect(unreadableCell(["first\nsecond", "ok", "one\r\ntwo\r\nK\u0000\ufffdln"], 88)).toEqual({
      columnIndex: 2,
      line: 91,
      reason: notUtf8("91"),
    });
  });
});

describe("readCsv", () => {
  const dir = mkdtempSync(join(tmpdir(), "facet-csv-"));
  async function read(name: string, content: Buffer, encoding: "utf-8" | "windows-1252" = "utf-8") {
    const path = join(dir, name);
    writeFileSync(path, content);
    const rows: CsvRow[] = [];
    for await (const row of readCsv(path, { delimiter: ",", encoding, hasHeader: true })) rows.push(row);
    return rows;
  }

  it("reads rows with a BOM, CRLF, quoted cells across lines and empty lines, numbering rows", async () => {
    const rows = await read("ok.csv", bytes('\ufeffemail,note\r\na@x.io,"two\r\nlines"\r\n\r\nb@x.io,Köln\r\n'));
    expect(rows).toEqual([
      { rowNumber: 2, cells: ["a@x.io", "two\r\nlines"] },
      { rowNumber: 3, cells: ["b@x.io", "Köln"] },
    ]);
  });

  it("turns a NUL byte or bytes that aren't UTF-8 into that row's problem, with the line they are on, and reads on", async () => {
    const content = Buffer.concat([
      bytes('email,note\na@x.io,"multi\nline"\n\nb@x.io,bad'),
      raw(0),
      bytes('\nc@x.io,"quoted\nK'),
      raw(0xf6),
      bytes('ln"\nd@x.io,fine\ne@x.io,cut '),
      raw(0xe2, 0x82),
    ]);
    expect(await read("bad.csv", content)).toEqual([
      { rowNumber: 2, cells: ["a@x.io", "multi\nline"] },
      { rowNumber: 3, unreadable: { columnIndex: 1, line: 5, reason: nul("5") } },
      { rowNumber: 4, unreadable: { columnIndex: 1, line: 7, reason: notUtf8("7") } },
      { rowNumber: 5, cells: ["d@x.io", "fine"] },
      { rowNumber: 6, unreadable: { columnIndex: 1, line: 9, reason: notUtf8("9") } },
    ]);
  });

  it("reads a Windows-1252 file's letters, still refusing a NUL", async () => {
    const rows = await read("latin1.csv", Buffer.from("email,city\na@x.io,K\xf6ln \x80\nb@x.io,\x00\n", "latin1"), "windows-1252");
    expect(rows).toEqual([
      { rowNumber: 2, cells: ["a@x.io", "Köln €"] },
      { rowNumber: 3, unreadable: { columnIndex: 1, line: 3, reason: nul("3") } },
    ]);
  });

  it("stops with the line where a quoted cell opens and never closes (a binary tail), instead of an unexplained failure", async () => {
    const content = Buffer.concat([
      bytes('email,note\na@x.io,fine\nb@x.io,"never\nclosed'),
      raw(0x89, 0x50, 0x4e, 0x47),
      bytes("\nmore\n"),
    ]);
    await expect(read("quote.csv", content)).rejects.toMatchObject({
      code: "INVALID",
      message: "Line 3 opens a quoted cell that is never closed, so the file can't be read past it. Fix the quotes and upload it again.",
    });
  });
});
