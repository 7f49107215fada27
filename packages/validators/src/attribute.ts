import { z } from "zod";
import { idOf } from "./common";

export const attributeTypes = ["string", "number", "boolean", "date", "enum", "list"] as const;
export const attributeType = z.enum(attributeTypes);
export type AttributeType = z.infer<typeof attributeType>;

export const dimensions = ["demographic", "geographic", "psychographic", "behavioral", "technographic", "needs", "value"] as const;
export const dimension = z.enum(dimensions);
export type Dimension = z.infer<typeof dimension>;

export const dimensionLabels: Record<Dimension, string> = {
  demographic: "Demographic",
  geographic: "Geographic",
  psychographic: "Psychographic",
  behavioral: "Behavioral",
  technographic: "Technographic",
  needs: "Needs-based",
  value: "Value-based",
};

export const attributeTypeLabels: Record<AttributeType, string> = {
  string: "Text",
  number: "Number",
  boolean: "Yes / no",
  date: "Date",
  enum: "One of a list",
  list: "List of values",
};

/**
 * Words that can't be attribute keys: values are read by key from plain objects, and these name JavaScript's
 * own object machinery (a trait called `constructor` once made every customer page fail).
 */
export const reservedAttributeKeys: ReadonlySet<string> = new Set(["constructor", "prototype", "__proto__"]);
export const maxAttributeKeyLength = 60;

/**
 * Why `key` can't name an attribute, or null when it can: a lowercase identifier (a letter, then letters,
 * digits and underscores, at most 60) that isn't reserved. The one rule for every way attributes are made:
 * the form, imports, ingest traits and the API.
 */
export function attributeKeyProblem(key: string): string | null {
  if (key.length === 0) return "Enter a key";
  if (key.length > maxAttributeKeyLength) return `Use at most ${maxAttributeKeyLength} characters`;
  if (!/^[a-z][a-z0-9_]*$/.test(key)) return "Start with a letter; use lowercase letters, digits and underscores";
  if (reservedAttributeKeys.has(key)) return `"${key}" is reserved; choose another key`;
  return null;
}

export const isAttributeKey = (key: string): boolean => attributeKeyProblem(key) === null;

export const attributeKey = z
  .string()
  .trim()
  .superRefine((key, ctx) => {
    const problem = attributeKeyProblem(key);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const enumValues = z.array(z.string().trim().min(1).max(200)).max(500, "Use at most 500 values");

export const createAttributeInput = z
  .object({
    workspaceId: idOf("ws"),
    key: attributeKey,
    label: z.string().trim().min(1, "Enter a label").max(100),
    type: attributeType,
    dimension,
    description: z.string().trim().max(500).default(""),
    enumValues: enumValues.default([]),
  })
  .refine((a) => a.type !== "enum" || a.enumValues.length > 0, { message: "List the allowed values", path: ["enumValues"] });
export type CreateAttributeInput = z.input<typeof createAttributeInput>;

export const updateAttributeInput = z.object({
  workspaceId: idOf("ws"),
  attributeId: idOf("attr"),
  label: z.string().trim().min(1, "Enter a label").max(100).optional(),
  dimension: dimension.optional(),
  description: z.string().trim().max(500).optional(),
  enumValues: enumValues.optional(),
});

export const retypeAttributeInput = z.object({
  workspaceId: idOf("ws"),
  attributeId: idOf("attr"),
  type: attributeType,
  enumValues: enumValues.optional(),
});

export const attributeIdInput = z.object({ workspaceId: idOf("ws"), attributeId: idOf("attr") });

/** "Annual Income (k$)" -> "annual_income_k" */
export function toAttributeKey(header: string): string {
  const key = header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60);
  return /^[a-z]/.test(key) ? key : `a_${key}`.slice(0, 60);
}

export const attributeKeyInput = z.object({ workspaceId: idOf("ws"), key: attributeKey });
