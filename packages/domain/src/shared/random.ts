/**
 * A small seeded random number generator (mulberry32): the same seed gives the same numbers, so a
 * demo workspace, a holdout draw or a clustering run can be made again. Self-contained (no
 * closure over module state), so the clustering worker can run it from its source text.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
