import { describe, expect, it } from "vitest";
import { dimensions } from "@facet/validators";
import { coerceValue } from "../attribute/values";
import { generateCustomer, seededRandom } from "./generate";
import { demoAttributes, demoPersonas } from "./personas";

const now = new Date("2026-06-01T12:00:00Z");
const sample = (n: number, seed = 7) => {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => generateCustomer(i + 1, rng, now));
};

describe("demo generator", () => {
  it("is deterministic for a seed", () => {
    expect(sample(20)).toEqual(sample(20));
    expect(sample(20, 8)).not.toEqual(sample(20));
  });

  it("has attributes in all seven dimensions, and every value fits its attribute's type", () => {
    expect(new Set(demoAttributes.map((a) => a.dimension))).toEqual(new Set(dimensions));
    for (const c of sample(300)) {
      for (const a of demoAttributes) {
        const r = coerceValue({ type: a.type, enumValues: a.enumValues }, c.traits[a.key]);
        expect(r, `${a.key} = ${JSON.stringify(c.traits[a.key])}`).toMatchObject({ ok: true });
      }
    }
  });

  it("draws every persona in about its share, and only paying customers purchase, never in the future", () => {
    const people = sample(4000);
    for (const p of demoPersonas) {
      const share = people.filter((c) => c.persona === p.name).length / people.length;
      expect(Math.abs(share - p.share), p.name).toBeLessThan(0.03);
    }
    for (const c of people) {
      const purchases = c.events.filter((e) => e.name === "purchase");
      if (c.traits.plan === "Free") expect(purchases).toEqual([]);
      for (const e of c.events) {
        expect(e.occurredAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(e.occurredAt.getTime()).toBeGreaterThanOrEqual(c.createdAt.getTime());
      }
    }
    expect(people.some((c) => c.events.some((e) => e.name === "purchase"))).toBe(true);
  });
});
