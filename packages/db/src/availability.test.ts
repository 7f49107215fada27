import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./availability";

const wrapped = (code: string) => Object.assign(new Error("Failed query: select 1"), { cause: Object.assign(new Error("x"), { code }) });

describe("isDatabaseUnavailable", () => {
  it.each([
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "CONNECT_TIMEOUT",
    "CONNECTION_CLOSED",
    "CONNECTION_ENDED",
    "CONNECTION_DESTROYED",
    "57P01",
    "57P02",
    "57P03",
    "53300",
    "08006",
    "08001",
  ])("takes %s, however deep the driver's error is wrapped, for a database out of reach", (code) => {
    expect(isDatabaseUnavailable(wrapped(code))).toBe(true);
    expect(isDatabaseUnavailable({ code })).toBe(true);
  });

  it.each(["23505", "42P01", "57014", "22P02", "ENOENT"])("takes %s for an error of the query or the app, not of reach", (code) => {
    expect(isDatabaseUnavailable(wrapped(code))).toBe(false);
  });

  it("is false for anything without a code, and for a cause chain that loops", () => {
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});
