import { describe, expect, it } from "vitest";
import { ingestCall, jsonProblem, parseIngestBody, writeKeyIn } from "./parse";

describe("jsonProblem", () => {
  it("names the first field that can't be stored, and passes what can", () => {
    expect(jsonProblem({ a: [1, "two", { three: true }], emoji: "🙂", n: Number.MAX_SAFE_INTEGER }, "", 0)).toBeNull();
    expect(jsonProblem({ a: { b: "x\u0000" } }, "batch[3]", 0)).toBe("batch[3].a.b: contains a NUL character (\\u0000)");
    expect(jsonProblem({ list: ["ok", "\udc00"] }, "", 0)).toBe("list[1]: contains an unpaired UTF-16 surrogate (not valid Unicode)");
    expect(jsonProblem({ n: -(2 ** 53) }, "", 0)).toMatch(/^n: the number is beyond the range stored exactly/);
    expect(jsonProblem({ n: Infinity }, "", 0)).toMatch(/^n: the number is beyond/);
    expect(jsonProblem(JSON.parse('{"x": {"__proto__": 1}}'), "", 0)).toBe('x.__proto__: "__proto__" is a reserved name; rename it');
    expect(jsonProblem({ ["k\u0000"]: 1 }, "", 0)).toBe("k\\u0000: the key contains a NUL character (\\u0000)");
  });

  it("stops at 32 levels without recursion, however deep the value", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonProblem({ p: deep }, "", 0)).toBe("p[0][0][0][0][0].…: nested more than 32 levels deep");
    let ok: unknown = 1;
    for (let i = 0; i < 31; i++) ok = { a: ok };
    expect(jsonProblem(ok, "", 0)).toBeNull();
  });
});

describe("calls", () => {
  it("knows Segment's paths and analytics.js's one-letter ones, nothing inherited", () => {
    expect(ingestCall("batch")).toBe("batch");
    expect(ingestCall("t")).toBe("track");
    expect(ingestCall("toString")).toBeNull();
    expect(ingestCall("__proto__")).toBeNull();
    expect(writeKeyIn({ writeKey: "k" })).toBe("k");
    expect(writeKeyIn([])).toBeNull();
  });

  it("splits a batch into stored and refused messages, keeping their places", () => {
    const parsed = parseIngestBody(
      "batch",
      JSON.stringify({
        batch: [{ type: "track", userId: "1", event: "a" }, null, { type: "page", anonymousId: "x" }],
        context: { ip: "1" },
      }),
    );
    expect(parsed.messages.map((m) => [m.index, m.message.type, m.message.context])).toEqual([
      [0, "track", { ip: "1" }],
      [2, "page", { ip: "1" }],
    ]);
    expect(parsed.rejected).toEqual([{ index: 1, type: null, messageId: null, reason: "batch[1]: expected a message (a JSON object)" }]);
  });
});
