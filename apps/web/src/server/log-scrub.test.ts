import { describe, expect, it } from "vitest";
import { logLimits, scrub } from "./log-scrub";

describe("scrub", () => {
  it("takes email addresses out of messages, stacks and fields", () => {
    const error = new Error("duplicate key value violates unique constraint: Key (email)=(ada@example.com) exists");
    const out = scrub({ err: error, who: "Ada <ada.lovelace+x@mail.example.co.uk>" }) as Record<string, Record<string, string>>;
    expect(JSON.stringify(out)).not.toMatch(/@example|@mail/);
    expect(out.err!.message).toContain("Key (email)=([email]) exists");
    expect(out.who).toBe("Ada <[email]>");
  });

  it("drops the bound parameters of a failed query, keeping its SQL", () => {
    const error = new Error('Failed query: insert into "customers" ("email", "name") values ($1, $2)\nparams: bo@example.com,Bo Diddley');
    error.cause = Object.assign(new Error("connection reset"), { code: "ECONNRESET" });
    const out = scrub(error) as { message: string; cause: { code: string } };
    expect(out.message).toBe('Failed query: insert into "customers" ("email", "name") values ($1, $2)\nparams: [left out]');
    expect(out.cause.code).toBe("ECONNRESET");
    expect(JSON.stringify(scrub({ params: ["Bo Diddley", 42] }))).not.toContain("Diddley");
  });

  it("keeps a line short whatever it is given", () => {
    const huge = "x".repeat(5_000_000);
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 1000; i++) at = at.next = {};
    const wide = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    const line = JSON.stringify(scrub({ huge, deep, wide, list: Array(100_000).fill("y"), err: new Error(huge) }));
    expect(line.length).toBeLessThan(20 * logLimits.string);
    expect(line).toContain("more characters");
  });
});
