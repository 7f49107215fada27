import { seededRandom } from "../shared/random";
// k-means with k-means++ seeding, restarts and a seeded random generator, plus the silhouette score.
// `clusterJob` is self-contained (no imports, no outer variables) so that it can run in a worker
// thread from its own source text; everything it needs is defined inside it.

export interface ClusterJobInput {
  /** Standardized values, row after row (`dims` per row): a flat typed array moves to a worker without copying. */
  values: Float64Array;
  dims: number;
  /** The k to try (one for a chosen k, several for a range). */
  ks: number[];
  restarts: number;
  seed: number;
  maxIterations: number;
  /** Silhouette is computed on at most this many rows (it is quadratic). */
  silhouetteSample: number;
}

export interface ClusterSolution {
  k: number;
  centroids: number[][];
  labels: number[];
  sizes: number[];
  /** Sum of squared distances to the nearest centroid (the elbow curve). */
  inertia: number;
  silhouette: number;
}

/**
 * `makeRandom` is passed in rather than imported: the worker runs this function from its source text,
 * where no import exists (worker.ts puts the shared generator's source beside it).
 */
export function clusterJob(
  input: ClusterJobInput,
  onProgress?: (done: number, total: number) => void,
  makeRandom: (seed: number) => () => number = seededRandom,
): ClusterSolution[] {
  const { values, dims, maxIterations } = input;
  const n = dims ? values.length / dims : 0;
  /** Squared distance between row i and a centroid (a row of `dims` values). */
  const dist2 = (i: number, c: Float64Array | number[]) => {
    let s = 0;
    const o = i * dims;
    for (let d = 0; d < dims; d++) {
      const x = values[o + d]! - c[d]!;
      s += x * x;
    }
    return s;
  };
  const row = (i: number) => Array.from(values.subarray(i * dims, (i + 1) * dims));
  const rowDist2 = (i: number, j: number) => {
    let s = 0;
    for (let d = 0; d < dims; d++) {
      const x = values[i * dims + d]! - values[j * dims + d]!;
      s += x * x;
    }
    return s;
  };

  /** k-means++: the first centre at random, each next one with probability proportional to D(x)^2. */
  function seedCentroids(k: number, random: () => number): number[][] {
    const centroids = [row(Math.floor(random() * n))];
    const nearest = new Float64Array(n).fill(Infinity);
    while (centroids.length < k) {
      const last = centroids[centroids.length - 1]!;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const d = dist2(i, last);
        if (d < nearest[i]!) nearest[i] = d;
        total += nearest[i]!;
      }
      let pick = random() * total;
      let chosen = n - 1;
      for (let i = 0; i < n; i++) {
        pick -= nearest[i]!;
        if (pick <= 0) {
          chosen = i;
          break;
        }
      }
      centroids.push(row(chosen));
    }
    return centroids;
  }

  /** Lloyd's iterations until no label changes. */
  function lloyd(k: number, random: () => number) {
    const centroids = seedCentroids(k, random);
    const labels = new Int32Array(n).fill(-1);
    let inertia = 0;
    for (let iter = 0; iter < maxIterations; iter++) {
      let changed = 0;
      inertia = 0;
      for (let i = 0; i < n; i++) {
        let best = 0;
        let bestD = Infinity;
        for (let c = 0; c < k; c++) {
          const d = dist2(i, centroids[c]!);
          if (d < bestD) {
            bestD = d;
            best = c;
          }
        }
        if (labels[i] !== best) {
          labels[i] = best;
          changed++;
        }
        inertia += bestD;
      }
      if (changed === 0) break;
      const sums = Array.from({ length: k }, () => new Float64Array(dims));
      const counts = new Int32Array(k);
      for (let i = 0; i < n; i++) {
        const c = labels[i]!;
        counts[c]!++;
        for (let d = 0; d < dims; d++) sums[c]![d]! += values[i * dims + d]!;
      }
      for (let c = 0; c < k; c++) {
        // An empty cluster takes the point farthest from its centre.
        if (counts[c] === 0) {
          let far = 0;
          let farD = -1;
          for (let i = 0; i < n; i++) {
            const d = dist2(i, centroids[labels[i]!]!);
            if (d > farD) {
              farD = d;
              far = i;
            }
          }
          centroids[c] = row(far);
        } else {
          for (let d = 0; d < dims; d++) centroids[c]![d] = sums[c]![d]! / counts[c]!;
        }
      }
    }
    return { centroids, labels: Array.from(labels), inertia };
  }

  /** Mean silhouette over (a deterministic sample of) the rows: (b - a) / max(a, b). */
  function silhouette(labels: number[], k: number): number {
    if (k < 2 || n < 3) return 0;
    const step = Math.max(1, Math.floor(n / input.silhouetteSample));
    const rows: number[] = [];
    for (let i = 0; i < n && rows.length < input.silhouetteSample; i += step) rows.push(i);
    let total = 0;
    for (const i of rows) {
      const sum = new Float64Array(k);
      const count = new Int32Array(k);
      for (const j of rows) {
        if (j === i) continue;
        sum[labels[j]!]! += Math.sqrt(rowDist2(i, j));
        count[labels[j]!]!++;
      }
      const own = labels[i]!;
      if (count[own] === 0) continue; // a singleton scores 0
      const a = sum[own]! / count[own]!;
      let b = Infinity;
      for (let c = 0; c < k; c++) if (c !== own && count[c]! > 0) b = Math.min(b, sum[c]! / count[c]!);
      if (b === Infinity) continue;
      total += (b - a) / Math.max(a, b);
    }
    return total / rows.length;
  }

  const out: ClusterSolution[] = [];
  const steps = input.ks.length * input.restarts;
  let done = 0;
  for (const k of input.ks) {
    const random = makeRandom(input.seed + k);
    let best: { centroids: number[][]; labels: number[]; inertia: number } | null = null;
    for (let r = 0; r < input.restarts; r++) {
      const run = lloyd(Math.min(k, n), random);
      if (!best || run.inertia < best.inertia) best = run;
      onProgress?.(++done, steps);
    }
    const sizes = new Array<number>(k).fill(0);
    for (const l of best!.labels) sizes[l]!++;
    out.push({
      k,
      centroids: best!.centroids,
      labels: best!.labels,
      sizes,
      inertia: best!.inertia,
      silhouette: silhouette(best!.labels, k),
    });
  }
  return out;
}

/** Rows as one flat typed array, the shape `clusterJob` takes. */
export function flatten(rows: number[][]): { values: Float64Array; dims: number } {
  const dims = rows[0]?.length ?? 0;
  const values = new Float64Array(rows.length * dims);
  rows.forEach((r, i) => values.set(r, i * dims));
  return { values, dims };
}

/** Columns scaled to mean 0 and standard deviation 1 (a constant column becomes 0), and how to undo it. */
export function standardize(rows: number[][]): { data: number[][]; means: number[]; sds: number[] } {
  const dims = rows[0]?.length ?? 0;
  const means = Array.from({ length: dims }, (_, d) => rows.reduce((s, r) => s + r[d]!, 0) / (rows.length || 1));
  const sds = means.map((m, d) => Math.sqrt(rows.reduce((s, r) => s + (r[d]! - m) ** 2, 0) / (rows.length || 1)) || 1);
  return { data: rows.map((r) => r.map((x, d) => (x - means[d]!) / sds[d]!)), means, sds };
}
