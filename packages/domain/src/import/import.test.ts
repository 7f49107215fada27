import { describe, expect, it } from "vitest";
import { normalizeExternalId } from "./identity";
import { detectFormat } from "./detect";
import { readEventRow } from "./events";
import { proposeMapping } from "./propose";
import { csvCell, csvLine } from "./write-csv";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("detectFormat", () => {
  it("refuses a binary file at upload, saying what it is", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => detectFormat(png)).toThrow("This is a PNG image, not a CSV file.");
    expect(() => detectFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toThrow(/ZIP archive/);
    expect(() => detectFormat(bytes("email\nx@example.com\u0000\n"))).toThrow("This is a binary file, not a CSV file.");
  });

  it("finds the delimiter, BOM and encoding", () => {
    expect(detectFormat(bytes("\ufeffID;Name;Income\r\n1;A;10\r\n2;B;\r\n"))).toMatchObject({
      delimiter: ";",
      bom: true,
      encoding: "utf-8",
      header: ["ID", "Name", "Income"],
      sample: [
        ["1", "A", "10"],
        ["2", "B", ""],
      ],
    });
    expect(detectFormat(bytes("a\tb\n1\t2\n")).delimiter).toBe("\t");
    expect(detectFormat(bytes('name,city\n"Smith, J",Köln\n')).sample).toEqual([["Smith, J", "Köln"]]);
    expect(detectFormat(Uint8Array.from([0x63, 0x69, 0x74, 0x79, 0x0a, 0x4b, 0xf6, 0x6c, 0x6e, 0x0a])).encoding).toBe("windows-1252");
  });

  it("ignores a line cut off at the end of the sample", () => {
    expect(detectFormat(bytes("a,b\n1,2\n3,")).sample).toEqual([["1", "2"]]);
  });
});

describe("proposeMapping", () => {
  it("maps identity columns, orders, and existing attributes, and proposes new ones for the rest", () => {
    const known = [
      { key: "plan", label: "Plan", computed: false, column: null },
      { key: "order_count", label: "Orders", computed: true, column: "order_count" },
    ];
    expect(
      proposeMapping(["E-mail", "Customer ID", "Plan", "Orders", "Favourite Colour"], [["a@x.com", "1", "Pro", "3", "red"]], known),
    ).toEqual([
      { target: "email" },
      { target: "externalId" },
      { target: "attribute", key: "plan" },
      // The built-in Orders can't take a trait, but an import can state the order count itself.
      { target: "orderCount" },
      { target: "newAttribute", key: "favourite_colour", label: "Favourite Colour", type: "string", dimension: "demographic" },
    ]);
  });
});

describe("CSV writing", () => {
  it("escapes formulas, quotes and separators", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvLine([1, null, "x"])).toBe("1,,x\r\n");
  });

  it.each(["=", "+", "-", "@", "|", "\t", "\r", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"])("neutralises a cell starting with %j", (start) => {
    const cell = csvCell(`${start}SUM(A1)`);
    expect(cell.replace(/^"/, "").startsWith(`'${start}`)).toBe(true);
  });

  it("external ids written as floats lose their .0", () => {
    expect(normalizeExternalId("17850.0")).toBe("17850");
    expect(normalizeExternalId(" A-17.0 ")).toBe("A-17.0");
  });
});

describe("readEventRow", () => {
  const header = ["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"];
  const settings = {
    kind: "events" as const,
    delimiter: "," as const,
    encoding: "utf-8" as const,
    hasHeader: true,
    matchKey: "externalId" as const,
    eventName: "purchase",
    createCustomers: true,
    columns: [
      { target: "eventId" as const },
      { target: "quantity" as const },
      { target: "time" as const },
      { target: "unitPrice" as const },
      { target: "customerKey" as const },
    ],
  };
  it("computes revenue as quantity x unit price, in cents, and reads ids written as floats", () => {
    const r = readEventRow(settings, header, 2, ["C536379", "-3", "2010-12-01 09:41:00", "0.29", "14527.0"]);
    expect(r).toEqual({
      ok: true,
      event: {
        row_no: 2,
        event_key: "id:C536379",
        customer_key: "14527",
        name: "purchase",
        occurred_at: "2010-12-01T09:41:00.000Z",
        revenue: -0.87,
        line: { quantity: -3, unit_price: 0.29 },
      },
    });
  });
  it("gives identical rows without an event id the same key, and different rows different keys", () => {
    const noId = { ...settings, columns: settings.columns.map((c) => (c.target === "eventId" ? { target: "skip" as const } : c)) };
    const row = ["536365", "6", "2010-12-01 08:26:00", "2.55", "17850.0"];
    const a = readEventRow(noId, header, 2, row);
    const b = readEventRow(noId, header, 9, [...row]);
    const c = readEventRow(noId, header, 3, [...row.slice(0, 1), "7", ...row.slice(2)]);
    if (!a.ok || !b.ok || !c.ok) throw new Error("expected rows to read");
    expect(a.event.event_key).toBe(b.event.event_key);
    expect(a.event.event_key).not.toBe(c.event.event_key);
  });
  it("names the column and the reason of a bad row", () => {
    expect(readEventRow(settings, header, 5, ["1", "x", "2010-12-01", "1", "7"])).toEqual({
      ok: false,
      rejection: { rowNumber: 5, column: "Quantity", reason: '"x" is not a number.' },
    });
    expect(readEventRow(settings, header, 6, ["1", "1", "01/12/2010", "1", "7"])).toMatchObject({
      ok: false,
      rejection: { column: "InvoiceDate" },
    });
    expect(readEventRow(settings, header, 7, ["1", "1", "2010-12-01", "1", ""])).toMatchObject({
      ok: false,
      rejection: { column: "CustomerID" },
    });
    expect(readEventRow(settings, header, 8, ["1", "1"])).toMatchObject({
      ok: false,
      rejection: { column: null, reason: "Expected 5 columns, found 2." },
    });
  });
});

describe("detectFormat past the binary check", () => {
  it("leaves rows holding a NUL byte out of the sample (the import rejects them with their line)", () => {
    const rows = Array.from({ length: 48 }, (_, i) => `person${i}@example.com,${"x".repeat(180)}${i === 45 ? "\u0000" : ""}`);
    const sample = bytes(["email,note", ...rows].join("\n"));
    expect(sample.indexOf(0)).toBeGreaterThan(8192);
    const info = detectFormat(sample);
    expect(info.sample).toHaveLength(46);
    expect(info.sample.some((r) => r.join().includes("\u0000"))).toBe(false);
  });
});
