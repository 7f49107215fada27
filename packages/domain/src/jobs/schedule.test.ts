import { describe, expect, it } from "vitest";
import { backoffDelay } from "./attempt";
import { nextCronTime } from "./in-process";
import type { JobDefinition } from "./types";

describe("job schedules and backoff", () => {
  it("finds the next cron time in UTC", () => {
    expect(nextCronTime("* * * * *", new Date("2026-01-01T10:00:30Z")).toISOString()).toBe("2026-01-01T10:01:00.000Z");
    expect(nextCronTime("7 * * * *", new Date("2026-01-01T10:08:00Z")).toISOString()).toBe("2026-01-01T11:07:00.000Z");
    // Seconds first: the time-passing sweep runs every 30 s.
    expect(nextCronTime("*/30 * * * * *", new Date("2026-01-01T10:00:10Z")).toISOString()).toBe("2026-01-01T10:00:30.000Z");
  });

  it("doubles the wait before each further attempt", () => {
    const def = { policy: { attempts: 5, backoffMs: 30_000, timeoutMs: 1, perWorkspace: 1 } } as JobDefinition<never>;
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(def, attempt))).toEqual([30_000, 60_000, 120_000, 240_000]);
  });
});
