import { describe, expect, it } from "vitest";
import { normalizeExternalId } from "./customers";
import { detectFormat } from "./detect";
import { proposeMapping } from "./propose";
import { csvCell, csvLine } from "./write-csv";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("detectFormat", () => {
  it("finds the delimiter, BOM and encoding", () => {
    expect(detectFormat(bytes("\ufeffID;Name;Income\r\n1;A;10\r\n2;B;\r\n"))).toMatchObject({
      delimiter: ";",
      bom: true,
      encoding: "utf-8",
      header: ["ID", "Name", "Income"],
      sample: [["1", "A", "10"], ["2", "B", ""]],
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
  it("maps identity columns and existing attributes, and proposes new ones for the rest", () => {
    const known = [{ key: "plan", label: "Plan", computed: false, column: null }, { key: "order_count", label: "Orders", computed: true, column: "order_count" }];
    expect(proposeMapping(["E-mail", "Customer ID", "Plan", "Orders", "Favourite Colour"], [["a@x.com", "1", "Pro", "3", "red"]], known)).toEqual([
      { target: "email" },
      { target: "externalId" },
      { target: "attribute", key: "plan" },
      { target: "newAttribute", key: "orders_4", label: "Orders", type: "number", dimension: "behavioral" },
      { target: "newAttribute", key: "favourite_colour", label: "Favourite Colour", type: "string", dimension: "demographic" },
    ]);
  });
});

describe("CSV writing", () => {
  it("escapes formulas, quotes and separators", () => {
    expect(csvCell("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvLine([1, null, "x"])).toBe("1,,x\r\n");
  });

  it("external ids written as floats lose their .0", () => {
    expect(normalizeExternalId("17850.0")).toBe("17850");
    expect(normalizeExternalId(" A-17.0 ")).toBe("A-17.0");
  });
});
