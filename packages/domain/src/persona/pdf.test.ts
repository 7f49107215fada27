import { describe, expect, it } from "vitest";
import { personaPdf } from "./pdf";

describe("personaPdf", () => {
  it("writes a PDF whose cross-reference table points at every object, with the card's words in it", () => {
    const headline = {
      size: 500,
      total: 5000,
      share: 0.1,
      lifetimeValue: { segment: 120, base: 100, known: 500, segmentMedian: 90, baseMedian: 80 },
      orders: { segment: 3, base: 2, known: 500 },
      daysSinceLastPurchase: null,
    };
    const computed = {
      headline,
      profiles: [],
      standouts: [],
      description: { facts: [], text: "Buy 1.5x as often (3 vs 2 orders)." },
      sample: { members: 500, customers: 5000, exact: true },
      computedAt: "2026-11-23T10:00:00.000Z",
    };
    const written = {
      name: "Healthy Hannah (HH)",
      avatar: "",
      summary: "Tracks – everything",
      goals: Array.from({ length: 120 }, (_, i) => `Goal ${i}`),
      needs: [],
      painPoints: [],
      objections: [],
      channels: [],
      quote: "",
      dos: [],
      donts: [],
      notes: "",
    };
    const bytes = personaPdf({ written, computed, segmentName: "Young" });
    const text = Buffer.from(bytes).toString("latin1");
    expect(text.startsWith("%PDF-1.4")).toBe(true);
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
    expect(text).toContain("(Healthy Hannah \\(HH\\)) Tj");
    expect(text).toContain("(Tracks - everything) Tj");
    // 120 goals don't fit one page.
    expect(Number(/\/Count (\d+)/.exec(text)![1])).toBeGreaterThan(1);
    const xref = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(xref, xref + 4)).toBe("xref");
    const offsets = [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((o, i) => expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
  });
});
