import { describe, expect, it } from "vitest";
import { noMatchMessage } from "../app/w/[slug]/customers/no-match";
import { describeAuditEntry } from "../app/w/[slug]/settings/audit/describe";
import { safeReturnTo } from "./safe-return";
import { signInErrorMessage } from "./sign-in-errors";

describe("safeReturnTo", () => {
  it("follows same-site paths only", () => {
    expect(safeReturnTo("/w/acme/settings")).toBe("/w/acme/settings");
    expect(safeReturnTo("//evil.example")).toBe("/");
    expect(safeReturnTo("/\\evil.example")).toBe("/");
    expect(safeReturnTo("https://evil.example", "/workspaces")).toBe("/workspaces");
    expect(safeReturnTo(null)).toBe("/");
    expect(safeReturnTo("/w/acme/segments/seg_1?tab=members")).toBe("/w/acme/segments/seg_1?tab=members");
  });

  it("follows an absolute callbackUrl only on our own origin", () => {
    const origin = "http://127.0.0.1:3000";
    expect(safeReturnTo("http://127.0.0.1:3000/w/acme/segments/seg_1", "/", origin)).toBe("/w/acme/segments/seg_1");
    expect(safeReturnTo("https://evil.example/w/acme", "/", origin)).toBe("/");
    expect(safeReturnTo("http://127.0.0.1:3000//evil.example", "/", origin)).toBe("/");
    expect(safeReturnTo("http://127.0.0.1:3000/w/acme", "/")).toBe("/");
  });
});

describe("signInErrorMessage", () => {
  it("tells a locked-out person how long to wait", () => {
    expect(signInErrorMessage("rate_limited_900")).toBe("Too many sign-in attempts. Try again in 15 minutes.");
    expect(signInErrorMessage("rate_limited_40")).toBe("Too many sign-in attempts. Try again in 40 seconds.");
    expect(signInErrorMessage("rate_limited_1")).toBe("Too many sign-in attempts. Try again in 1 second.");
    expect(signInErrorMessage("invalid_credentials")).toBe("Email or password is incorrect.");
    expect(signInErrorMessage(undefined)).toMatch(/couldn't sign you in/);
  });
});

describe("describeAuditEntry", () => {
  it("reads like a sentence", () => {
    expect(describeAuditEntry({ action: "member.role_changed", data: { email: "a@x.com", from: "viewer", to: "editor" } })).toBe(
      "Changed a@x.com from viewer to editor",
    );
    expect(
      describeAuditEntry({ action: "workspace.updated", data: { before: { name: "A", slug: "a" }, after: { name: "B", slug: "a" } } }),
    ).toBe('Changed the workspace name from "A" to "B"');
    expect(describeAuditEntry({ action: "segment.created", data: {} })).toBe("segment.created");
  });
});

describe("noMatchMessage", () => {
  it("names the search and every filter, never an empty pair of quotes", () => {
    expect(noMatchMessage("", ["Age > 30"])).toBe("No customers match the filter Age > 30.");
    expect(noMatchMessage("", ["Age > 30", "Plan is any of Pro", "City is Oslo"])).toBe(
      "No customers match the filters Age > 30, Plan is any of Pro and City is Oslo.",
    );
    expect(noMatchMessage(" ann ", ["Age > 30"])).toBe("No customers match “ann” with the filter Age > 30.");
    expect(noMatchMessage("ann", [])).toBe("No customers match “ann”.");
    expect(noMatchMessage("", [])).not.toContain('""');
  });
});
