import { describe, expect, it } from "vitest";
import { demoInProgress, demoProgress } from "./demo-progress";

describe("demo workspace progress", () => {
  it("counts customers, then the segments and cards, and never reaches 100% before the job is done", () => {
    expect(demoProgress({ status: "queued", progress: null })).toEqual({ percent: 0, text: "Starting…" });
    expect(demoProgress({ status: "running", progress: { phase: "customers", done: 4_000, total: 10_000 } })).toEqual({
      percent: 36,
      text: "Generating 4,000 of 10,000 customers…",
    });
    const lastBatch = demoProgress({ status: "running", progress: { phase: "customers", done: 10_000, total: 10_000 } });
    const cards = demoProgress({ status: "running", progress: { phase: "personas", done: 10_000, total: 10_000 } });
    expect(lastBatch.percent).toBe(90);
    expect(cards).toEqual({ percent: 90, text: "Creating segments and persona cards…" });
    expect(demoProgress({ status: "succeeded", progress: { phase: "personas", done: 10_000, total: 10_000 } }).percent).toBe(100);
  });

  it("keeps asking only while the job can still move", () => {
    expect(["queued", "running", "retrying"].every((s) => demoInProgress(s as never))).toBe(true);
    expect(["succeeded", "failed", "cancelled"].some((s) => demoInProgress(s as never))).toBe(false);
  });
});
