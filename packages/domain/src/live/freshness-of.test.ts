import { describe, expect, it } from "vitest";
import { freshnessOf, liveLagLimitMs } from "./freshness-of";

const now = new Date("2026-11-26T12:00:00Z");
const refreshedAt = new Date("2026-11-26T11:00:00Z");
const seg = { archived: false, refreshedAt, movesWithTime: false };
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("freshnessOf", () => {
  it("is live when followed, moved by data only, and nothing waits past the limit", () => {
    expect(freshnessOf(seg, null, now)).toEqual({ live: true, asOf: null, why: null });
    expect(freshnessOf(seg, ago(liveLagLimitMs - 1), now).live).toBe(true);
  });

  it("is as of the oldest waiting change when the evaluator is behind", () => {
    const waiting = ago(liveLagLimitMs + 1);
    expect(freshnessOf(seg, waiting, now)).toEqual({ live: false, asOf: waiting, why: "behind" });
  });

  it("is as of the last refresh when time alone moves it and time isn't followed; live when it is", () => {
    const timed = { ...seg, movesWithTime: true };
    expect(freshnessOf(timed, null, now, false)).toEqual({ live: false, asOf: refreshedAt, why: "time" });
    expect(freshnessOf(timed, null, now, true).live).toBe(true);
  });

  it("takes the earlier of the two when both hold", () => {
    const timed = { ...seg, movesWithTime: true };
    const longAgo = new Date(refreshedAt.getTime() - 60_000);
    expect(freshnessOf(timed, longAgo, now, false)).toEqual({ live: false, asOf: longAgo, why: "behind" });
    expect(freshnessOf(timed, ago(liveLagLimitMs + 1), now, false)).toEqual({ live: false, asOf: refreshedAt, why: "time" });
  });

  it("an archived segment is not followed; one never refreshed has no time", () => {
    expect(freshnessOf({ ...seg, archived: true }, null, now)).toEqual({ live: false, asOf: refreshedAt, why: "archived" });
    expect(freshnessOf({ ...seg, refreshedAt: null }, null, now)).toEqual({ live: false, asOf: null, why: "never_refreshed" });
  });
});
