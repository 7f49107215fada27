import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isTransactionConflict } from "./availability";

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

describe("isTransactionConflict", () => {
  it("takes a deadlock and a serialization failure, wrapped or not; nothing else", () => {
    for (const code of ["40P01", "40001"]) {
      expect(isTransactionConflict(wrapped(code))).toBe(true);
      expect(isTransactionConflict({ code })).toBe(true);
    }
    for (const code of ["23505", "57P01", "40P02"]) expect(isTransactionConflict(wrapped(code))).toBe(false);
    expect(isTransactionConflict(new Error("deadlock"))).toBe(false);
  });
});
