import { describe, expect, it } from "vitest";
import { causeName, customerLabel, describeCause, describeChange, relativeTime } from "./change-words";

describe("describeCause", () => {
  it("names the event by its message id, else its number, and counts the others", () => {
    expect(describeCause("event", { events: [{ name: "purchase", id: 7, messageId: "1234" }] })).toBe("purchase #1234");
    expect(describeCause("event", { events: [{ name: "login", id: 7, messageId: null }] })).toBe("login #7");
    expect(
      describeCause("event", {
        events: [
          { name: "purchase", id: 1 },
          { name: "purchase", id: 2 },
          { name: "x", id: 3 },
        ],
      }),
    ).toBe("purchase #1 and 2 more events");
  });

  it("says what was edited and by whom, which import, which merge", () => {
    expect(describeCause("edit", { keys: ["plan"], by: "ada@example.com" })).toBe("plan edited by ada@example.com");
    expect(describeCause("edit", { keys: ["a", "b", "c", "d", "e"] })).toBe("a, b, c and 2 more edited");
    expect(describeCause("identify", { keys: ["plan", "email"] })).toBe("profile update: plan, email");
    expect(describeCause("import", { importId: "imp_1" })).toBe("import imp_1");
    expect(describeCause("merge", { into: "cus_2" })).toBe("merged into customer cus_2");
    expect(describeCause("merge", { merged: "cus_1" })).toBe("merged with customer cus_1");
    expect(describeCause("erase", {})).toBe("customer erased");
  });

  it("tells a new customer from a segment's first refresh, and names refreshes and time", () => {
    expect(describeCause("created", { events: [{ name: "purchase", messageId: "m-1" }] })).toBe("new customer: purchase #m-1");
    expect(describeCause("created", { by: "ada@example.com" })).toBe("new customer, added by ada@example.com");
    expect(describeCause("created", { keys: [] })).toBe("new customer");
    expect(describeCause("created", {})).toBe("segment created");
    expect(describeCause("edited", {})).toBe("the rule was edited (refresh)");
    expect(describeCause("manual", {})).toBe("refreshed by hand");
    expect(describeCause("schedule", {})).toBe("scheduled refresh");
    expect(describeCause("retyped", {})).toBe("an attribute's type changed (refresh)");
    expect(describeCause("rfm", {})).toBe("new RFM scores (refresh)");
    expect(describeCause("reconcile", {})).toBe("daily reconciliation");
    expect(describeCause("time", {})).toMatch(/^time passing/);
    expect(describeCause("time", { condition: "purchase in the last 30 days", due: "2026-11-26T12:00:00Z" })).toBe(
      "time passing: purchase in the last 30 days",
    );
    expect(describeCause("something new", {})).toBe("something new");
  });

  it("ignores detail of the wrong shape rather than failing", () => {
    expect(describeCause("event", { events: "nope" })).toBe("an event");
    expect(describeCause("edit", { keys: [1, null] })).toBe("profile edited");
  });
});

describe("relativeTime", () => {
  const now = new Date("2026-11-26T12:00:00Z");
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  it("reads in seconds, minutes, hours and days", () => {
    expect(relativeTime(ago(0), now)).toBe("just now");
    expect(relativeTime(ago(-5), now)).toBe("just now");
    expect(relativeTime(ago(2), now)).toBe("2 s ago");
    expect(relativeTime(ago(59), now)).toBe("59 s ago");
    expect(relativeTime(ago(60), now)).toBe("1 min ago");
    expect(relativeTime(ago(3 * 3600 + 5), now)).toBe("3 h ago");
    expect(relativeTime(ago(86_400), now)).toBe("yesterday");
    expect(relativeTime(ago(4 * 86_400), now)).toBe("4 d ago");
  });
});

describe("describeChange", () => {
  it("reads as a sentence", () => {
    const now = new Date("2026-11-26T12:00:00Z");
    const entry = {
      customerId: "cus_1",
      name: "Maya Chen",
      email: "maya@example.com",
      change: "entered" as const,
      at: new Date(now.getTime() - 2000),
      cause: "event",
      detail: { events: [{ name: "purchase", id: 9, messageId: "1234" }] },
    };
    expect(describeChange(entry, now)).toBe("Maya Chen entered, 2 s ago: purchase #1234");
    expect(describeChange({ ...entry, name: null, email: null, exists: false, change: "exited", cause: "erase", detail: {} }, now)).toBe(
      "customer cus_1 (no longer exists) left, 2 s ago: customer erased",
    );
    expect(customerLabel({ customerId: "cus_1", name: null, email: "maya@example.com" })).toBe("maya@example.com");
    expect(customerLabel({ customerId: "cus_1", name: null, email: null, externalId: "u-42", exists: true })).toBe("u-42");
  });
});

describe("causeName", () => {
  it("names what moved a minute or hour", () => {
    expect(causeName("event")).toBe("events");
    expect(causeName("schedule")).toBe("a scheduled refresh");
    expect(causeName("unheard of")).toBe("unheard of");
  });
});
