import { describe, expect, it } from "vitest";
import { inferType, guessDimension } from "./infer";
import { coerceValue, parseDate } from "./values";

describe("coerceValue", () => {
  it("treats blanks as no value, for every type", () => {
    for (const type of ["string", "number", "boolean", "date", "enum", "list"] as const) {
      expect(coerceValue({ type, enumValues: ["A"] }, "  ")).toEqual({ ok: true, value: null });
      expect(coerceValue({ type }, null)).toEqual({ ok: true, value: null });
    }
  });

  it("numbers: plain decimals and exponents; not thousands separators or words", () => {
    expect(coerceValue({ type: "number" }, " 58138 ")).toEqual({ ok: true, value: 58138 });
    expect(coerceValue({ type: "number" }, "-80995")).toEqual({ ok: true, value: -80995 });
    expect(coerceValue({ type: "number" }, "2.55")).toEqual({ ok: true, value: 2.55 });
    expect(coerceValue({ type: "number" }, "1e3")).toEqual({ ok: true, value: 1000 });
    expect(coerceValue({ type: "number" }, "1,234")).toMatchObject({ ok: false, reason: '"1,234" is not a number' });
    expect(coerceValue({ type: "number" }, Number.NaN)).toMatchObject({ ok: false });
  });

  it("booleans, dates, enums and lists", () => {
    expect(coerceValue({ type: "boolean" }, "Yes")).toEqual({ ok: true, value: true });
    expect(coerceValue({ type: "boolean" }, "0")).toEqual({ ok: true, value: false });
    expect(coerceValue({ type: "date" }, "2012-09-04")).toEqual({ ok: true, value: "2012-09-04" });
    expect(coerceValue({ type: "date" }, "2010-12-01 08:26:00")).toEqual({ ok: true, value: "2010-12-01T08:26:00.000Z" });
    expect(coerceValue({ type: "date" }, "2024-06-01T10:00:00+02:00")).toEqual({ ok: true, value: "2024-06-01T08:00:00.000Z" });
    expect(coerceValue({ type: "date" }, "31/12/2024")).toMatchObject({ ok: false });
    expect(coerceValue({ type: "enum", enumValues: ["Single", "Married"] }, "married")).toEqual({ ok: true, value: "Married" });
    expect(coerceValue({ type: "enum", enumValues: ["Single"] }, "YOLO")).toMatchObject({ ok: false });
    expect(coerceValue({ type: "list" }, "fitness| nutrition |fitness")).toEqual({ ok: true, value: ["fitness", "nutrition"] });
    expect(coerceValue({ type: "list" }, ["a", "b"])).toEqual({ ok: true, value: ["a", "b"] });
  });

  it("parseDate rejects impossible dates", () => {
    expect(parseDate("2024-02-30")).toBeNull();
    expect(parseDate("2024-02-29")).toBe("2024-02-29");
  });
});

describe("inferType", () => {
  it("picks the most specific type the samples fit", () => {
    expect(inferType(["1", "2", "", "3.5"]).type).toBe("number");
    expect(inferType(["yes", "no", "Yes"]).type).toBe("boolean");
    expect(inferType(["0", "1", "1"]).type).toBe("number");
    expect(inferType(["2012-09-04", "2013-03-08"]).type).toBe("date");
    const marital = inferType([
      "Single",
      "Married",
      "Together",
      "Married",
      "Single",
      "Divorced",
      "Married",
      "Single",
      "Together",
      "Married",
      "Widow",
      "Married",
      "Single",
      "Married",
      "Single",
      "Together",
    ]);
    expect(marital).toEqual({ type: "enum", enumValues: ["Divorced", "Married", "Single", "Together", "Widow"] });
    expect(inferType(["Ada Lovelace", "Alan Turing"]).type).toBe("string");
  });

  it("guesses the segmentation dimension from the column name", () => {
    expect(guessDimension("annual_income_k")).toBe("demographic");
    expect(guessDimension("country")).toBe("geographic");
    expect(guessDimension("mnt_wines")).toBe("value");
    expect(guessDimension("num_web_purchases")).toBe("behavioral");
    expect(guessDimension("device_type")).toBe("technographic");
    expect(guessDimension("main_pain_point")).toBe("needs");
    expect(guessDimension("lifestyle")).toBe("psychographic");
    expect(guessDimension("lifetime_value")).toBe("value");
  });
});
