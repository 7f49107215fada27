import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { hasRole, requireRole } from "./scope";

describe("requireRole", () => {
  it("lets higher roles do what lower roles can", () => {
    expect(hasRole({ role: "owner" }, "viewer")).toBe(true);
    expect(hasRole({ role: "editor" }, "editor")).toBe(true);
    expect(hasRole({ role: "editor" }, "admin")).toBe(false);
  });

  it("fails with FORBIDDEN and says which role is needed", () => {
    expect(() => requireRole({ role: "editor" }, "admin")).toThrow(DomainError);
    expect(() => requireRole({ role: "editor" }, "admin")).toThrow("This needs the Admin role or higher; you are an Editor.");
    expect(() => requireRole({ role: "admin" }, "admin")).not.toThrow();
  });
});
