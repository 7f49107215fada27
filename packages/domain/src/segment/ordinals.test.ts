import { describe, expect, it } from "vitest";
import { countByCombination, unpackOrdinals } from "./ordinals";

const pack = (ordinals: number[]) => {
  const bytes = new Uint8Array(ordinals.length * 4);
  ordinals.forEach((n, i) => new DataView(bytes.buffer).setUint32(i * 4, n));
  return bytes;
};

describe("member ordinal lists", () => {
  it("unpacks big-endian 4-byte numbers, also from a view into a larger buffer", () => {
    expect([...unpackOrdinals(pack([1, 256, 70_000, 2_147_483_647]))]).toEqual([1, 256, 70_000, 2_147_483_647]);
    const inner = pack([9, 5, 7]).subarray(4);
    expect([...unpackOrdinals(inner)]).toEqual([5, 7]);
    expect(unpackOrdinals(new Uint8Array())).toHaveLength(0);
  });

  it("counts customers by the exact combination of lists they are in", () => {
    const counts = countByCombination([Uint32Array.from([1, 2, 3, 9]), Uint32Array.from([2, 3, 4]), Uint32Array.from([3, 10])]);
    // 1 and 9 only in the first; 4 only in the second; 2 in the first two; 10 only in the third; 3 in all.
    expect([...counts]).toEqual([0, 2, 1, 1, 1, 0, 0, 1]);
    expect([...countByCombination([])]).toEqual([0]);
  });

  it("agrees with counting each customer's lists one by one on random lists", () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 50; round++) {
      const k = 1 + Math.floor(random() * 8);
      const sets = Array.from(
        { length: k },
        () => new Set(Array.from({ length: Math.floor(random() * 200) }, () => 1 + Math.floor(random() * 300))),
      );
      const expected = new Array<number>(1 << k).fill(0);
      for (let c = 1; c <= 300; c++) {
        const mask = sets.reduce((m, s, i) => (s.has(c) ? m | (1 << i) : m), 0);
        if (mask) expected[mask]!++;
      }
      const lists = sets.map((s) => Uint32Array.from([...s].sort((a, b) => a - b)));
      expect([...countByCombination(lists)]).toEqual(expected);
    }
  });
});
