import { describe, expect, it } from "vitest";
import { placeholdersIn, renderMessage, unknownPlaceholders } from "./message";
import { upliftOf } from "./uplift";

describe("messages", () => {
  it("finds placeholders with fallbacks", () => {
    expect(placeholdersIn("Hi {{first_name|there}}, {{ plan }}!")).toEqual([
      { key: "first_name", fallback: "there" },
      { key: "plan", fallback: null },
    ]);
  });

  it("renders values, derived first names, lists and fallbacks", () => {
    const values = { name: "Ada King Lovelace", plan: "Pro", interests: ["math", "poetry"], city: "" };
    expect(renderMessage("Hi {{first_name}} {{last_name}}: {{plan}} / {{interests}} / {{city|your city}} / {{age|}}.", values)).toBe(
      "Hi Ada King Lovelace: Pro / math, poetry / your city / .",
    );
    expect(renderMessage("Hi {{first_name|there}}", {})).toBe("Hi there");
  });

  it("rejects unknown placeholders and broken braces", () => {
    expect(unknownPlaceholders(["Hi {{first_name}} {{plan}} {{nope}}", "{{also_no|x}} and {{broken"], new Set(["plan"]))).toEqual([
      "nope",
      "also_no",
      "{{broken",
    ]);
    expect(unknownPlaceholders(["Plain text"], new Set())).toEqual([]);
  });
});

describe("uplift", () => {
  it("matches a hand computation of the Wald interval", () => {
    const u = upliftOf({ audience: 9000, converters: 900 }, { audience: 1000, converters: 70 })!;
    const se = Math.sqrt((0.1 * 0.9) / 9000 + (0.07 * 0.93) / 1000);
    expect(u.difference).toBeCloseTo(0.03, 12);
    expect(u.low).toBeCloseTo(0.03 - 1.959964 * se, 12);
    expect(u.high).toBeCloseTo(0.03 + 1.959964 * se, 12);
    expect(u.relative).toBeCloseTo(0.03 / 0.07, 12);
    expect(u.verdict).toMatch(/^The campaign lifted conversion by 3.0 points \(95% CI 1.3 points to 4.7 points\)\.$/);
  });

  it("says there is not enough evidence when the interval spans zero or conversions are few", () => {
    expect(upliftOf({ audience: 1000, converters: 100 }, { audience: 100, converters: 9 })!.verdict).toMatch(
      /^Not enough evidence yet: the difference/,
    );
    expect(upliftOf({ audience: 1000, converters: 3 }, { audience: 100, converters: 0 })!.verdict).toBe(
      "Not enough evidence yet: too few conversions to tell.",
    );
    expect(upliftOf({ audience: 10, converters: 1 }, { audience: 0, converters: 0 })).toBeNull();
  });
});
