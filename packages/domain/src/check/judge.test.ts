import { describe, expect, it } from "vitest";
import { segmentCheckRule, type SegmentCheckRuleInput } from "@facet/validators";
import { describeRule, judge, startsFailing, summariseChanges, type ChangeGroup } from "./judge";

const rule = (r: SegmentCheckRuleInput) => segmentCheckRule.parse(r);
const at = (hhmm: string) => new Date(`2026-11-26T${hhmm}:00Z`);

describe("check rules in words", () => {
  it("say each kind as a person would write it", () => {
    expect(describeRule(rule({ kind: "size", unit: "percent", min: 3, max: 7 }))).toBe("Size between 3% and 7% of customers");
    expect(describeRule(rule({ kind: "size", unit: "count", min: 1000 }))).toBe("Size at least 1,000 members");
    expect(describeRule(rule({ kind: "size", unit: "percent", max: 7.25 }))).toBe("Size at most 7.3% of customers");
    expect(describeRule(rule({ kind: "overlap", segmentId: "seg_0000000000abc", maxPercent: 1 }), { segment: "Churned" })).toBe(
      "Overlaps Churned by at most 1% of members",
    );
    expect(describeRule(rule({ kind: "known", attribute: "age", minPercent: 80 }), { attribute: "Age" })).toBe(
      "Age known for at least 80% of members",
    );
    expect(describeRule(rule({ kind: "change", maxPercent: 20 }))).toBe("Grows or shrinks by at most 20% in a day");
    expect(describeRule(rule({ kind: "change", maxPercent: 5, periodHours: 6 }))).toBe("Grows or shrinks by at most 5% in 6 hours");
  });
});

describe("judging a measure", () => {
  const share = rule({ kind: "size", unit: "percent", min: 3, max: 7 });
  it("a share of customers passes inside its bounds, both ends included, and fails outside", () => {
    expect(judge(share, { kind: "size", members: 5, customers: 100 })).toEqual({
      status: "passing",
      value: 5,
      measured: "5% of customers (5 of 100)",
    });
    expect(judge(share, { kind: "size", members: 3, customers: 100 }).status).toBe("passing");
    expect(judge(share, { kind: "size", members: 7, customers: 100 }).status).toBe("passing");
    expect(judge(share, { kind: "size", members: 8, customers: 100 })).toMatchObject({ status: "failing", value: 8 });
    expect(judge(share, { kind: "size", members: 2, customers: 100 }).status).toBe("failing");
    // No customers at all: 0%, below a lowest bound.
    expect(judge(share, { kind: "size", members: 0, customers: 0 })).toMatchObject({ status: "failing", value: 0 });
    expect(judge(share, { kind: "size", members: 2460, customers: 30000 }).measured).toBe("8.2% of customers (2,460 of 30,000)");
  });

  it("a size in members compares the count", () => {
    const r = rule({ kind: "size", unit: "count", max: 100 });
    expect(judge(r, { kind: "size", members: 100, customers: 0 })).toMatchObject({ status: "passing", value: 100 });
    expect(judge(r, { kind: "size", members: 101, customers: 0 })).toMatchObject({ status: "failing", measured: "101 members" });
  });

  it("an overlap is a share of this segment's members; a gone segment can't be measured", () => {
    const r = rule({ kind: "overlap", segmentId: "seg_0000000000abc", maxPercent: 1 });
    expect(judge(r, { kind: "overlap", members: 200, shared: 2, other: { name: "Churned" } })).toMatchObject({
      status: "passing",
      value: 1,
    });
    expect(judge(r, { kind: "overlap", members: 200, shared: 3, other: { name: "Churned" } })).toEqual({
      status: "failing",
      value: 1.5,
      measured: "1.5% of members are in Churned (3 of 200)",
    });
    expect(judge(r, { kind: "overlap", members: 0, shared: 0, other: { name: "Churned" } })).toMatchObject({ status: "passing", value: 0 });
    expect(judge(r, { kind: "overlap", members: 200, shared: 3, other: null })).toMatchObject({ status: "unknown", value: null });
  });

  it("known is the share of members with a value; an empty segment passes; a gone attribute can't be measured", () => {
    const r = rule({ kind: "known", attribute: "age", minPercent: 80 });
    expect(judge(r, { kind: "known", members: 10, known: 8, attribute: { label: "Age" } })).toEqual({
      status: "passing",
      value: 80,
      measured: "Age known for 80% of members (8 of 10)",
    });
    expect(judge(r, { kind: "known", members: 10, known: 7, attribute: { label: "Age" } }).status).toBe("failing");
    expect(judge(r, { kind: "known", members: 0, known: 0, attribute: { label: "Age" } })).toMatchObject({
      status: "passing",
      value: null,
    });
    expect(judge(r, { kind: "known", members: 10, known: 7, attribute: null }).status).toBe("unknown");
  });

  it("a change in size counts growth and shrinkage alike; growth from nothing fails", () => {
    const r = rule({ kind: "change", maxPercent: 20 });
    expect(judge(r, { kind: "change", members: 120, before: 100 })).toEqual({
      status: "passing",
      value: 20,
      measured: "Grew by 20% in a day (from 100 to 120 members)",
    });
    expect(judge(r, { kind: "change", members: 79, before: 100 })).toMatchObject({
      status: "failing",
      value: 21,
      measured: "Shrank by 21% in a day (from 100 to 79 members)",
    });
    expect(judge(r, { kind: "change", members: 100, before: 100 }).measured).toBe("Unchanged in a day (from 100 to 100 members)");
    expect(judge(r, { kind: "change", members: 0, before: 0 })).toMatchObject({ status: "passing", value: 0 });
    expect(judge(r, { kind: "change", members: 5, before: 0 })).toMatchObject({ status: "failing", value: null });
  });

  it("refuses a measure of another kind (a bug, not a user's mistake)", () => {
    expect(() => judge(share, { kind: "change", members: 1, before: 1 })).toThrow();
  });
});

describe("the cause of a failure", () => {
  const group = (g: Partial<ChangeGroup>): ChangeGroup => ({
    change: "entered",
    cause: "event",
    ref: null,
    count: 1,
    firstAt: at("14:02"),
    lastAt: at("14:02"),
    ...g,
  });

  it("names the largest groups first, with when and what", () => {
    const text = summariseChanges([
      group({ change: "exited", cause: "event", ref: "purchase", count: 40, firstAt: at("13:10"), lastAt: at("14:01") }),
      group({ cause: "import", ref: "imp_0abc", count: 2300 }),
    ]);
    expect(text).toBe("+2,300 entered at 14:02 UTC: import imp_0abc; −40 left 13:10–14:01 UTC: event purchase");
  });

  it("counts what it doesn't name, and says when nothing moved", () => {
    const text = summariseChanges([
      group({ cause: "import", ref: "imp_1", count: 50 }),
      group({ cause: "identify", count: 30 }),
      group({ cause: "edit", count: 20 }),
      group({ cause: "merge", count: 7 }),
      group({ change: "exited", cause: "erase", count: 5 }),
    ]);
    expect(text).toBe(
      "+50 entered at 14:02 UTC: import imp_1; +30 entered at 14:02 UTC: identify calls; +20 entered at 14:02 UTC: edits in the app or API; and 12 more changes",
    );
    expect(summariseChanges([])).toBe("No members entered or left in that time");
  });

  it("tells a new customer from the segment's own creation, and names refreshes", () => {
    expect(summariseChanges([group({ cause: "created", ref: "segment", count: 3 })])).toContain("the segment was created");
    expect(summariseChanges([group({ cause: "created", count: 3 })])).toContain("new customers");
    expect(summariseChanges([group({ cause: "schedule", count: 3 })])).toContain("a scheduled refresh");
    expect(summariseChanges([group({ cause: "edited", count: 3 })])).toContain("the definition was edited");
    // An overlap's other segment says whose members moved.
    expect(summariseChanges([group({ cause: "identify", count: 1, segment: "Churned" })])).toBe(
      "+1 entered Churned at 14:02 UTC: identify calls",
    );
  });

  it("alerts only when a check starts failing", () => {
    expect(startsFailing("passing", "failing")).toBe(true);
    expect(startsFailing("pending", "failing")).toBe(true);
    expect(startsFailing("unknown", "failing")).toBe(true);
    expect(startsFailing("failing", "failing")).toBe(false);
    expect(startsFailing("failing", "passing")).toBe(false);
  });
});

describe("check rule validation", () => {
  const issue = (r: unknown) => {
    const parsed = segmentCheckRule.safeParse(r);
    return parsed.success ? null : { path: parsed.error.issues[0]!.path.join("."), message: parsed.error.issues[0]!.message };
  };
  it("names the field at fault", () => {
    expect(issue({ kind: "size", unit: "percent" })).toEqual({ path: "min", message: "Give a lowest size, a highest, or both" });
    expect(issue({ kind: "size", unit: "percent", min: 8, max: 7 })).toEqual({
      path: "max",
      message: "The highest size must be at least the lowest",
    });
    expect(issue({ kind: "size", unit: "percent", max: 120 })).toEqual({ path: "max", message: "Use 100 or less (a percentage)" });
    expect(issue({ kind: "size", unit: "count", min: 2.5 })).toEqual({ path: "min", message: "Enter a whole number" });
    expect(issue({ kind: "overlap", segmentId: "nope", maxPercent: 1 })?.path).toBe("segmentId");
    expect(issue({ kind: "known", attribute: "", minPercent: 80 })?.path).toBe("attribute");
    expect(issue({ kind: "change", maxPercent: -1 })?.path).toBe("maxPercent");
    expect(issue({ kind: "change", maxPercent: 5, periodHours: 500 })?.path).toBe("periodHours");
    expect(issue({ kind: "shape", maxPercent: 5 })?.path).toBe("kind");
    expect(issue({ kind: "change", maxPercent: 5, extra: 1 })?.message).toBe("Unknown field: extra");
  });
});
