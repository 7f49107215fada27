import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("is prefixed, url-safe, unique and sorts by creation time", async () => {
    const a = newId("ws");
    await new Promise((r) => setTimeout(r, 2));
    const b = newId("ws");
    expect(a).toMatch(/^ws_[0-9a-z]{21}$/);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newId("cus"))).size).toBe(1000);
  });
});
