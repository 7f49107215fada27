"use client";
import { Input, Select } from "@facet/ui";
import { attributeOperators, dayOperators, listOperators, operatorLabels, valuelessOperators, type AttributeOperator, type AttributeRule, type AttributeType } from "@facet/validators";

export interface PickableAttribute {
  key: string;
  label: string;
  type: AttributeType;
  enumValues: string[];
  dimension: string;
}


/** A sensible starting condition for an attribute: its type's first operator, no value yet. */
export function startCondition(attr: PickableAttribute): AttributeRule {
  const operator: AttributeOperator = attributeOperators[attr.type][0];
  return { type: "attribute", attribute: attr.key, operator, value: listOperators.has(operator) ? [] : undefined };
}

/** Reads a condition as a sentence: "Age > 30", "Plan is any of Pro, Team". */
export function describeCondition(c: AttributeRule, attr: PickableAttribute | undefined): string {
  const label = attr?.label ?? c.attribute;
  const op = operatorLabels[c.operator] ?? c.operator;
  if (valuelessOperators.has(c.operator)) return `${label} ${op}`;
  if (dayOperators.has(c.operator)) return `${label} ${op.replace("…", String(c.value ?? "…"))}`;
  if (Array.isArray(c.value)) return c.operator === "between" ? `${label} between ${c.value[0]} and ${c.value[1]}` : `${label} ${op} ${c.value.join(", ")}`;
  return `${label} ${op} ${c.value ?? "…"}`;
}

/** Edits one attribute condition: attribute, operator, and a value input that fits both. */
export function ConditionEditor({
  condition,
  attributes,
  onChange,
  idPrefix,
}: {
  condition: AttributeRule;
  attributes: PickableAttribute[];
  onChange: (c: AttributeRule) => void;
  idPrefix: string;
}) {
  const attr = attributes.find((a) => a.key === condition.attribute);
  const ops = attr ? attributeOperators[attr.type] : [];
  const inputType = attr?.type === "number" || dayOperators.has(condition.operator) ? "number" : attr?.type === "date" ? "date" : "text";
  const set = (patch: Partial<AttributeRule>) => onChange({ ...condition, ...patch });
  const pair = Array.isArray(condition.value) && condition.operator === "between" ? (condition.value as [string | number, string | number]) : ["", ""];

  return (
    <div className="flex flex-wrap items-start gap-2">
      <Select
        aria-label="Attribute"
        className="w-48"
        value={condition.attribute}
        onChange={(e) => {
          const next = attributes.find((a) => a.key === e.target.value);
          if (next) onChange(startCondition(next));
        }}
      >
        {attributes.map((a) => (
          <option key={a.key} value={a.key}>
            {a.label}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Operator"
        className="w-48"
        value={condition.operator}
        onChange={(e) => {
          const operator = e.target.value as AttributeOperator;
          set({ operator, value: listOperators.has(operator) ? [] : operator === "between" ? ["", ""] : undefined });
        }}
      >
        {ops.map((operator) => (
          <option key={operator} value={operator}>
            {operatorLabels[operator]}
          </option>
        ))}
      </Select>
      {valuelessOperators.has(condition.operator) ? null : listOperators.has(condition.operator) && attr?.type === "enum" ? (
        <fieldset className="flex flex-wrap gap-3 rounded-md border border-slate-200 px-3 py-2 text-sm">
          <legend className="sr-only">Values</legend>
          {attr.enumValues.map((v) => {
            const chosen = Array.isArray(condition.value) ? (condition.value as string[]) : [];
            return (
              <label key={v} className="inline-flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={chosen.includes(v)}
                  onChange={(e) => set({ value: e.target.checked ? [...chosen, v] : chosen.filter((x) => x !== v) })}
                />
                {v}
              </label>
            );
          })}
        </fieldset>
      ) : listOperators.has(condition.operator) ? (
        <Input
          aria-label="Values, separated by commas"
          placeholder="ios, android"
          className="w-56"
          value={Array.isArray(condition.value) ? condition.value.join(", ") : ""}
          onChange={(e) => set({ value: e.target.value.split(",").map((s) => s.trim()).filter(Boolean) })}
        />
      ) : condition.operator === "between" ? (
        <>
          <Input id={`${idPrefix}-from`} aria-label="From" type={inputType} className="w-36" value={String(pair[0])} onChange={(e) => set({ value: [e.target.value, pair[1]] })} />
          <span className="py-2 text-sm text-slate-500">and</span>
          <Input id={`${idPrefix}-to`} aria-label="To" type={inputType} className="w-36" value={String(pair[1])} onChange={(e) => set({ value: [pair[0], e.target.value] })} />
        </>
      ) : (
        <Input
          aria-label="Value"
          type={inputType}
          className="w-48"
          value={condition.value === undefined ? "" : String(condition.value)}
          onChange={(e) => set({ value: e.target.value })}
        />
      )}
    </div>
  );
}
