import { describe, expect, it } from "vitest";
import {
  attributeKey,
  attributeKeyProblem,
  createWorkspaceInput,
  password,
  roleRank,
  signUpInput,
  slugify,
  toAttributeKey,
  workspaceSlug,
} from "./index";

describe("slugify", () => {
  it("turns a name into a URL name", () => {
    expect(slugify("Acme Corp.")).toBe("acme-corp");
    expect(slugify("  Café  Déjà Vu!! ")).toBe("cafe-deja-vu");
    expect(slugify("a".repeat(39) + " b")).toBe("a".repeat(39));
    expect(workspaceSlug.safeParse(slugify("Growth Team 2026")).success).toBe(true);
  });
});

describe("workspace slugs", () => {
  it("accept lowercase words with single dashes only", () => {
    expect(workspaceSlug.parse(" Acme-2 ")).toBe("acme-2");
    for (const bad of ["ab", "-acme", "acme-", "ac--me", "ac me", "acmé", "a".repeat(41)]) {
      expect(workspaceSlug.safeParse(bad).success, bad).toBe(false);
    }
    expect(createWorkspaceInput.safeParse({ name: " ", slug: "fine" }).success).toBe(false);
  });
});

describe("passwords", () => {
  it("need length, not composition, and not one repeated character", () => {
    expect(password.safeParse("correct horse").success).toBe(true);
    expect(password.safeParse("short1!").error?.issues[0]?.message).toBe("Use at least 10 characters");
    expect(password.safeParse("abababababab").error?.issues[0]?.message).toBe("Use a less repetitive password");
    expect(password.safeParse("x".repeat(201)).success).toBe(false);
  });

  it("sign-up trims the name and lower-cases the email", () => {
    expect(signUpInput.parse({ name: " Ada ", email: " Ada@Example.COM ", password: "correct horse" })).toMatchObject({
      name: "Ada",
      email: "ada@example.com",
    });
  });
});

describe("roles", () => {
  it("rank owner > admin > editor > viewer", () => {
    expect(roleRank.owner).toBeGreaterThan(roleRank.admin);
    expect(roleRank.admin).toBeGreaterThan(roleRank.editor);
    expect(roleRank.editor).toBeGreaterThan(roleRank.viewer);
  });
});

describe("attribute keys", () => {
  it("are lowercase identifiers that JavaScript objects don't reserve", () => {
    expect(attributeKey.parse(" plan_2 ")).toBe("plan_2");
    expect(attributeKeyProblem("constructor")).toBe('"constructor" is reserved; choose another key');
    expect(attributeKeyProblem("prototype")).toMatch(/reserved/);
    expect(attributeKeyProblem("__proto__")).toMatch(/^Start with a letter/);
    for (const bad of ["", "Plan", "1st", "a-b", "a".repeat(61), "toString", "hasOwnProperty"]) {
      expect(attributeKey.safeParse(bad).success, bad).toBe(false);
    }
    // Header-to-key conversion can land on a reserved word; whoever uses it checks the result.
    expect(toAttributeKey("Constructor")).toBe("constructor");
  });
});
