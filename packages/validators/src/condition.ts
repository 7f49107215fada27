import { z } from "zod";
import type { AttributeType } from "./attribute";
import { parseRuleDate } from "./dates";

// The segment definition: a public, versioned JSON format. Version 1:
// { version: 1, root: { type: "group", combinator: "and" | "or", negate, children: [rule | group, ...] } }
// where a rule is about an attribute, an event, or another segment. Customer-table filters are
// attribute rules too, so both speak one language.

/** What can be asked of an attribute, by its type (plus is_set / is_not_set for every type). */
export const attributeOperators = {
  string: ["eq", "neq", "in", "not_in", "contains", "not_contains", "starts_with", "ends_with", "is_set", "is_not_set"],
  number: ["eq", "neq", "gt", "gte", "lt", "lte", "between", "is_set", "is_not_set"],
  date: ["before", "after", "between", "within_last_days", "not_within_last_days", "is_set", "is_not_set"],
  boolean: ["is_true", "is_false", "is_set", "is_not_set"],
  enum: ["in", "not_in", "is_set", "is_not_set"],
  list: ["includes_any", "includes_all", "excludes", "is_set", "is_not_set"],
} as const satisfies Record<AttributeType, readonly string[]>;
export type AttributeOperator = (typeof attributeOperators)[AttributeType][number];

export const operatorLabels: Record<string, string> = {
  eq: "is",
  neq: "is not",
  in: "is any of",
  not_in: "is none of",
  contains: "contains",
  not_contains: "doesn't contain",
  starts_with: "starts with",
  ends_with: "ends with",
  is_set: "has a value",
  is_not_set: "has no value",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  between: "between",
  before: "before",
  after: "after",
  within_last_days: "in the last … days",
  not_within_last_days: "not in the last … days",
  is_true: "is yes",
  is_false: "is no",
  includes_any: "includes any of",
  includes_all: "includes all of",
  excludes: "includes none of",
};

/** Operators that take no value. */
export const valuelessOperators = new Set(["is_set", "is_not_set", "is_true", "is_false"]);
/** Operators whose value is a list of strings. */
export const listOperators = new Set(["in", "not_in", "includes_any", "includes_all", "excludes"]);
/** Operators whose value is a number of days. */
export const dayOperators = new Set(["within_last_days", "not_within_last_days"]);

/**
 * How big a definition may be. Checked by the schema (one definition) and by the domain (a definition
 * with every segment it refers to, each counted once), so a request can't make a query or an
 * evaluation without bound. A definition over a limit is refused with a message naming it.
 */
export const definitionLimits = {
  /** Conditions (rules and groups) in one definition. */
  conditions: 200,
  /** Groups inside groups, counting the root as 1. */
  depth: 10,
  /** Values in one list (`in`, `not_in`, `includes_any`, ...). */
  listValues: 500,
  /** Segment conditions in one definition. */
  references: 20,
  /** Segments referring to segments: the longest chain below a definition. */
  referenceDepth: 8,
  /** Conditions in a definition and every segment it reaches, each segment counted once. */
  reachableConditions: 2_000,
} as const;

const noNul = (s: string) => !s.includes("\u0000");
/** Text in a definition: bounded, and without NUL characters (PostgreSQL can't store them). */
const text = (max: number) => z.string().max(max).refine(noNul, "Must not contain a NUL character");

const scalar = z.union([text(2000), z.number().finite()]);
const valueList = z.array(text(200)).max(definitionLimits.listValues, `Use at most ${definitionLimits.listValues} values in a list`);

/** Operators grouped by the shape of their value. */
export const operatorShapes = {
  /** No value. */
  none: ["is_set", "is_not_set", "is_true", "is_false"],
  /** A list of values. */
  list: ["in", "not_in", "includes_any", "includes_all", "excludes"],
  /** A whole number of days. */
  days: ["within_last_days", "not_within_last_days"],
  /** Two values, from and to. */
  range: ["between"],
  /** One value: text, a number or a date, as the attribute's type says. */
  one: ["eq", "neq", "contains", "not_contains", "starts_with", "ends_with", "gt", "gte", "lt", "lte", "before", "after"],
} as const satisfies Record<string, readonly AttributeOperator[]>;

const ruleOf = <const O extends readonly [AttributeOperator, ...AttributeOperator[]], V extends z.ZodType>(operators: O, value: V) =>
  z.object({ type: z.literal("attribute"), attribute: text(60).min(1), operator: z.enum(operators), value });

/**
 * "the customer's <attribute> <operator> <value>", each operator with the shape of its value. The
 * domain checks both against the attribute's type (and that a value is there: the builder sends
 * conditions still being written). A customer without a value matches only is_not_set.
 */
export const attributeRule = z.discriminatedUnion("operator", [
  // A value sent with these is ignored.
  ruleOf(operatorShapes.none, z.unknown().optional()),
  ruleOf(operatorShapes.list, valueList.optional()),
  ruleOf(operatorShapes.days, z.union([z.number().int(), text(20)]).optional()),
  ruleOf(operatorShapes.range, z.tuple([scalar, scalar]).optional()),
  ruleOf(operatorShapes.one, scalar.optional()),
]);
export type AttributeRule = z.infer<typeof attributeRule>;

type Shaped<K extends keyof typeof operatorShapes> = (typeof operatorShapes)[K][number];
const shapeIs =
  <K extends keyof typeof operatorShapes>(shape: K) =>
  (operator: AttributeOperator): operator is Shaped<K> =>
    (operatorShapes[shape] as readonly AttributeOperator[]).includes(operator);
export const isListOperator = shapeIs("list");
export const isDayOperator = shapeIs("days");
export const isRangeOperator = shapeIs("range");
export const isValuelessOperator = shapeIs("none");

const asScalar = (v: unknown) => (typeof v === "number" || typeof v === "string" ? v : "");
/**
 * An attribute condition from its parts as a form holds them: the value shaped for the operator (a
 * list, two ends, one value), blank where the given value doesn't fit the shape.
 */
export function attributeCondition(attribute: string, operator: AttributeOperator, value?: unknown): AttributeRule {
  if (isValuelessOperator(operator)) return { type: "attribute", attribute, operator };
  if (isListOperator(operator))
    return { type: "attribute", attribute, operator, value: Array.isArray(value) ? value.map((v) => String(v)) : [] };
  if (isRangeOperator(operator)) {
    const pair = Array.isArray(value) ? value : [];
    return { type: "attribute", attribute, operator, value: [asScalar(pair[0]), asScalar(pair[1])] };
  }
  const one = typeof value === "number" || typeof value === "string" ? value : undefined;
  return { type: "attribute", attribute, operator, value: one };
}

export const propertyOperators = ["eq", "neq", "gt", "gte", "lt", "lte", "contains", "in", "is_set", "is_not_set"] as const;
export const propertyOperatorLabels: Record<(typeof propertyOperators)[number], string> = {
  eq: "is",
  neq: "is not",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  contains: "contains",
  in: "is any of",
  is_set: "is set",
  is_not_set: "is not set",
};
/** Property operators grouped by the shape of their value. */
export const propertyOperatorShapes = {
  /** No value. */
  none: ["is_set", "is_not_set"],
  /** A list of values. */
  list: ["in"],
  /** A number (a numeric text is read as one). */
  number: ["gt", "gte", "lt", "lte"],
  /** One value: a number compares as a number, text as text. */
  one: ["eq", "neq", "contains"],
} as const satisfies Record<string, readonly (typeof propertyOperators)[number][]>;

type PropertyOperator = (typeof propertyOperators)[number];
const filterOf = <const O extends readonly [PropertyOperator, ...PropertyOperator[]], V extends z.ZodType>(operators: O, value: V) =>
  z.object({ property: text(100).min(1), operator: z.enum(operators), value });

/**
 * A condition on an event's property ("revenue" is the event's revenue), each operator with the shape of
 * its value. As for attribute rules, the value may be missing while the condition is being written; the
 * compiler refuses it then, naming the property.
 */
export const propertyFilter = z.discriminatedUnion("operator", [
  // A value sent with these is ignored.
  filterOf(propertyOperatorShapes.none, z.unknown().optional()),
  filterOf(propertyOperatorShapes.list, valueList.optional()),
  filterOf(propertyOperatorShapes.number, z.union([z.number().finite(), text(40)]).optional()),
  filterOf(propertyOperatorShapes.one, scalar.optional()),
]);
export type PropertyFilter = z.infer<typeof propertyFilter>;

const isPropertyShape =
  <K extends keyof typeof propertyOperatorShapes>(shape: K) =>
  (operator: PropertyOperator): operator is (typeof propertyOperatorShapes)[K][number] =>
    (propertyOperatorShapes[shape] as readonly PropertyOperator[]).includes(operator);

/**
 * A property condition from its parts as a form holds them: the value shaped for the operator (a list
 * for "any of", a number where it compares, none for "is set"), blank where the given value doesn't fit.
 */
export function propertyCondition(property: string, operator: PropertyOperator, value?: unknown): PropertyFilter {
  if (isPropertyShape("none")(operator)) return { property, operator };
  if (isPropertyShape("list")(operator)) return { property, operator, value: Array.isArray(value) ? value.map((v) => String(v)) : [] };
  const one = typeof value === "number" || typeof value === "string" ? value : undefined;
  return { property, operator, value: one };
}

/** A date (2024-05-31, the whole day in UTC) or an ISO time with its zone, in years 1 to 9999. */
export const ruleDate = z
  .string()
  .max(40)
  .refine((s) => parseRuleDate(s) !== null, "Enter a date like 2024-05-31 (or a time like 2024-05-31T14:00:00Z)");

export const eventWindow = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ever") }),
  z.object({ kind: z.literal("last_days"), days: z.number().int().min(1).max(36_500) }),
  z
    .object({ kind: z.literal("between"), from: ruleDate, to: ruleDate })
    .refine((w) => (parseRuleDate(w.from)?.start ?? 0) <= (parseRuleDate(w.to)?.end ?? Infinity), {
      message: "The window starts after it ends",
      path: ["to"],
    }),
]);
export type EventWindow = z.infer<typeof eventWindow>;

export const eventOperators = ["did", "did_not", "at_least", "at_most", "exactly"] as const;
/** "did <event> [at least n times] [in a window] [where ...] [with sum/avg of a property > x]". */
export const eventRule = z.object({
  type: z.literal("event"),
  event: text(100).trim().min(1),
  operator: z.enum(eventOperators),
  count: z.number().int().min(0).max(1_000_000).optional(),
  window: eventWindow.default({ kind: "ever" }),
  where: z.array(propertyFilter).max(10).default([]),
  aggregate: z
    .object({
      fn: z.enum(["sum", "avg"]),
      property: text(100).min(1),
      operator: z.enum(["gt", "gte", "lt", "lte", "eq"]),
      value: z.number().finite(),
    })
    .optional(),
});
export type EventRule = z.infer<typeof eventRule>;

export const segmentRule = z.object({
  type: z.literal("segment"),
  segmentId: z.string().regex(/^seg_[0-9a-z]{10,40}$/, "Not a valid segment id"),
  operator: z.enum(["in", "not_in"]),
});
export type SegmentRule = z.infer<typeof segmentRule>;

export interface RuleGroup {
  type: "group";
  combinator: "and" | "or";
  negate: boolean;
  children: Rule[];
}
export type Rule = AttributeRule | EventRule | SegmentRule | RuleGroup;

type RuleSchema = z.ZodDiscriminatedUnion<[typeof attributeRule, typeof eventRule, typeof segmentRule, typeof groupObject]>;
const groupObject = z.object({
  type: z.literal("group"),
  combinator: z.enum(["and", "or"]),
  negate: z.boolean().default(false),
  // A getter: the group holds groups. Each child is told apart by its type, so an error names its field.
  get children(): z.ZodArray<RuleSchema> {
    return z
      .array(z.discriminatedUnion("type", [attributeRule, eventRule, segmentRule, groupObject]))
      .max(50, "Use at most 50 conditions in a group");
  },
});
export const ruleGroup: z.ZodType<RuleGroup, unknown> = groupObject;

/**
 * Measures a definition as sent, before the recursive schema reads it: a tree nested thousands deep
 * would overflow the stack of any recursive check, so this walk keeps its own stack.
 */
function checkSize(raw: unknown, ctx: z.RefinementCtx) {
  let conditions = 0;
  let references = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: raw, depth: 1 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    const { type, children } = node as { type?: unknown; children?: unknown };
    if (type === "segment") references++;
    if (type !== "group" || !Array.isArray(children)) continue;
    if (depth > definitionLimits.depth) {
      ctx.addIssue({ code: "custom", message: `Nest groups at most ${definitionLimits.depth} deep`, fatal: true });
      return;
    }
    conditions += children.length;
    for (const child of children as unknown[]) stack.push({ node: child, depth: depth + 1 });
  }
  if (conditions > definitionLimits.conditions)
    ctx.addIssue({ code: "custom", message: `Use at most ${definitionLimits.conditions} conditions in a segment`, fatal: true });
  if (references > definitionLimits.references)
    ctx.addIssue({ code: "custom", message: `Refer to other segments at most ${definitionLimits.references} times`, fatal: true });
}

export const segmentDefinition = z.object({
  version: z.literal(1),
  // Sized first, then parsed: an oversized tree is a 400 naming the limit, never a stack overflow.
  root: z.preprocess((raw, ctx) => {
    checkSize(raw, ctx);
    return raw;
  }, ruleGroup),
});
export type SegmentDefinition = z.infer<typeof segmentDefinition>;

export const emptyDefinition = (): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children: [] },
});
