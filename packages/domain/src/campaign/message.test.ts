import { describe, expect, it } from "vitest";
import { placeholdersIn, renderMessage, unknownPlaceholders } from "./message";

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
