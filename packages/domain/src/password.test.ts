import { describe, expect, it } from "vitest";
import { isGuessablePassword } from "./password";

describe("isGuessablePassword", () => {
  it("refuses common passwords and simple variations of them", () => {
    for (const p of ["password123", "qwertyuiop", "1234567890", "Password1!", "iloveyou12", "letmein2024", "sunshine!!"]) {
      expect(isGuessablePassword(p), p).toBe(true);
    }
  });

  it("refuses the person's own email or name as a password", () => {
    const personal = ["ada.lovelace@example.com", "Ada Lovelace"];
    expect(isGuessablePassword("ada.lovelace@example.com", personal)).toBe(true);
    expect(isGuessablePassword("Ada Lovelace", personal)).toBe(true);
    expect(isGuessablePassword("ada.lovelace@example.com", [])).toBe(false);
  });

  it("accepts passwords that are long or unrelated words", () => {
    for (const p of ["correct horse battery", "Tr0ub4dor&3x", "maple ferry quantum", "x".repeat(5) + "9f#Lq2!zT"]) {
      expect(isGuessablePassword(p), p).toBe(false);
    }
  });
});
