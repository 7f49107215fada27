import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createCampaignInput, createSegmentInput, eventRule, listCustomersInput } from "./index";

const messages = (schema: z.ZodType, value: unknown) =>
  (schema.safeParse(value).error?.issues ?? []).map((i) => ({ path: i.path.join("."), message: i.message }));

describe("messages people read when a value doesn't fit", () => {
  it("are words, never zod's defaults", () => {
    expect(messages(z.string().min(1), "")).toEqual([{ path: "", message: "This can't be empty" }]);
    expect(messages(z.string().max(40), "x".repeat(41))).toEqual([{ path: "", message: "Use at most 40 characters" }]);
    expect(messages(z.number().int().min(1).max(365), 400)).toEqual([{ path: "", message: "Use 365 or less" }]);
    expect(messages(z.number().int().min(1), 0)).toEqual([{ path: "", message: "Use 1 or more" }]);
    expect(messages(z.number().int(), 2.5)).toEqual([{ path: "", message: "Enter a whole number" }]);
    expect(messages(z.number(), "ten")).toEqual([{ path: "", message: "Enter a number" }]);
    expect(messages(z.object({ a: z.string() }), {})).toEqual([{ path: "a", message: "This is required" }]);
    expect(messages(z.enum(["asc", "desc"]), "up")).toEqual([{ path: "", message: 'Choose one of: "asc", "desc"' }]);
    expect(messages(z.array(z.string()).min(1), [])).toEqual([{ path: "", message: "Add at least one" }]);
    expect(messages(z.email(), "nope")).toEqual([{ path: "", message: "Enter an email address, like name@example.com" }]);
  });

  it("name what is wrong in the app's own inputs", () => {
    const everyone = { version: 1, root: { type: "group", combinator: "and", negate: false, children: [] } };
    expect(messages(createSegmentInput, { workspaceId: "ws_0123456789", name: "A", tags: ["t".repeat(41)], definition: everyone })).toEqual(
      [{ path: "tags.0", message: "Use at most 40 characters" }],
    );
    expect(messages(eventRule, { type: "event", event: " ", operator: "did" })).toEqual([
      { path: "event", message: "This can't be empty" },
    ]);
    expect(messages(listCustomersInput, { workspaceId: "ws_0123456789", limit: 5000 })).toEqual([
      { path: "limit", message: "Use 1,000 or less" },
    ]);
  });

  it("refuse a holdout over 50% on its field instead of clamping it", () => {
    expect(messages(createCampaignInput, { workspaceId: "ws_0123456789", name: "Spring", holdoutPercent: 120 })).toEqual([
      { path: "holdoutPercent", message: "Hold out at most 50%" },
    ]);
  });

  it("never leak zod's wording for any check in the app's inputs", () => {
    const raw = /Too (small|big)|Invalid (input|option)|expected (string|number)/;
    const bad = [
      messages(createCampaignInput, { workspaceId: 1, name: "", holdoutPercent: -1, conversionWindowDays: 0, variants: [{}] }),
      messages(createSegmentInput, { workspaceId: "ws_0123456789", name: "", tags: [""], definition: { version: 2 } }),
    ].flat();
    expect(bad.length).toBeGreaterThan(4);
    for (const m of bad) expect(m.message, m.path).not.toMatch(raw);
  });
});
