import { Worker } from "node:worker_threads";
import { seededRandom } from "../shared/random";
import { clusterJob, type ClusterJobInput, type ClusterSolution } from "./kmeans";

/**
 * Runs `clusterJob` in a worker thread, so a long clustering never blocks the server's event loop.
 * The worker is started from the function's own source text (it is self-contained), which works the
 * same under Next's bundler, tsx and Vitest without a separate worker file to ship.
 */
export function clusterInWorker(
  input: ClusterJobInput,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<ClusterSolution[]> {
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    const __name = (f) => f; // a helper some transpilers add to named functions
    const seededRandom = ${seededRandom.toString()};
    const clusterJob = ${clusterJob.toString()};
    const result = clusterJob(workerData, (done, total) => parentPort.postMessage({ progress: [done, total] }), seededRandom);
    parentPort.postMessage({ result });`;
  return new Promise((resolve, reject) => {
    // The values move to the worker (transferred, not copied); the caller's array is emptied.
    const worker = new Worker(source, { eval: true, workerData: input, transferList: [input.values.buffer as ArrayBuffer] });
    worker.on("message", (m: { progress?: [number, number]; result?: ClusterSolution[] }) => {
      if (m.progress) onProgress?.(...m.progress);
      if (m.result) {
        resolve(m.result);
        void worker.terminate();
      }
    });
    worker.on("error", reject);
    // A cancelled or timed-out job ends its thread.
    signal?.addEventListener("abort", () => void worker.terminate(), { once: true });
    worker.on("exit", (code) => {
      if (code !== 0) reject(new Error(`The clustering worker stopped (code ${code}).`));
    });
  });
}
