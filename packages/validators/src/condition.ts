import { z } from "zod";
import type { AttributeType } from "./attribute";

/** What can be asked of an attribute, by its type. */
export const attributeOperators = {
  string: ["is", "is_not", "contains", "starts_with", "is_set", "is_not_set"],
  number: ["eq", "neq", "gt", "gte", "lt", "lte", "between", "is_set", "is_not_set"],
  date: ["before", "after", "between", "in_last_days", "more_than_days_ago", "is_set", "is_not_set"],
  boolean: ["is_true", "is_false", "is_set", "is_not_set"],
  enum: ["in", "not_in", "is_set", "is_not_set"],
  list: ["includes_any", "includes_all", "excludes", "is_set", "is_not_set"],
} as const satisfies Record<AttributeType, readonly string[]>;

export const operatorLabels: Record<string, string> = {
  is: "is",
  is_not: "is not",
  contains: "contains",
  starts_with: "starts with",
  is_set: "has a value",
  is_not_set: "has no value",
  eq: "=",
  neq: "≠",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  between: "between",
  before: "before",
  after: "after",
  in_last_days: "in the last … days",
  more_than_days_ago: "more than … days ago",
  is_true: "is yes",
  is_false: "is no",
  in: "is any of",
  not_in: "is none of",
  includes_any: "includes any of",
  includes_all: "includes all of",
  excludes: "includes none of",
};

/** Operators that take no value. */
export const valuelessOperators = new Set(["is_set", "is_not_set", "is_true", "is_false"]);
/** Operators whose value is a list of strings. */
export const listOperators = new Set(["in", "not_in", "includes_any", "includes_all", "excludes"]);

const operator = z.enum([...new Set(Object.values(attributeOperators).flat())] as [string, ...string[]]);

/** "the customer's <attribute> <operator> <value>". The value's shape depends on the operator; the domain checks it against the attribute. */
export const attributeCondition = z.object({
  type: z.literal("attribute"),
  key: z.string().min(1).max(60),
  op: operator,
  value: z
    .union([z.string().max(2000), z.number(), z.array(z.string().max(200)).max(500), z.tuple([z.union([z.string(), z.number()]), z.union([z.string(), z.number()])])])
    .optional(),
});
export type AttributeCondition = z.infer<typeof attributeCondition>;
