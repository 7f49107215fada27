import { describe, expect, it } from "vitest";
import { clusterJob, flatten } from "./kmeans";
import { clusterInWorker } from "./worker";

describe("clustering in a worker thread", () => {
  it("gives the same answer as in-process, reports progress, and leaves the event loop free", async () => {
    const data = Array.from({ length: 20_000 }, (_, i) => [
      Math.sin(i) * 3 + (i % 3) * 10,
      Math.cos(i * 0.7) * 3 + (i % 3) * 5,
      ((i * 7919) % 100) / 10,
    ]);
    const input = () => ({ ...flatten(data), ks: [3, 4], restarts: 3, seed: 1, maxIterations: 100, silhouetteSample: 500 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const progress: number[] = [];
    const inWorker = await clusterInWorker(input(), (done) => progress.push(done));
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    const inProcess = clusterJob(input());
    expect(inWorker.map((s) => s.labels)).toEqual(inProcess.map((s) => s.labels));
    expect(inWorker.map((s) => s.inertia)).toEqual(inProcess.map((s) => s.inertia));
  });
});
