import { describe, expect, it } from "vitest";
import { builtinAttributes, builtinSql } from "../attribute/builtin";
import { metricKeys } from "../rules";
import { attributeTouches, eventTouches } from "./touches";

describe("what a change touches", () => {
  it("the rule core's metrics are exactly the computed built-in attributes (and RFM's)", () => {
    const computed = builtinAttributes.filter((a) => a.computed).map((a) => a.key);
    const rfm = Object.keys(builtinSql).filter((k) => k.startsWith("rfm_"));
    expect([...metricKeys].sort()).toEqual([...computed, ...rfm].sort());
  });

  it("an event moves its own rules and last-seen; purchases and refunds the value metrics too", () => {
    expect(eventTouches("login")).toEqual(["event:login", "metric:last_seen_at"]);
    expect(eventTouches("purchase")).toEqual(expect.arrayContaining(["event:purchase", "metric:order_count", "metric:total_spend"]));
    expect(eventTouches("Order Refunded")).toEqual(expect.arrayContaining(["metric:total_spend"]));
    expect(eventTouches("Order Refunded")).not.toContain("metric:order_count");
  });

  it("attribute keys are attributes, built-in computed ones metrics", () => {
    expect(attributeTouches(["plan", "order_count", "plan", "email"])).toEqual(["attribute:plan", "metric:order_count", "attribute:email"]);
  });
});
