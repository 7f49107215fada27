"use client";
import { useQuery } from "@tanstack/react-query";
import { Input, Select } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import {
  attributeCondition,
  attributeOperators,
  dayOperators,
  listOperators,
  operatorLabels,
  valuelessOperators,
  type AttributeOperator,
  type AttributeRule,
  type AttributeType,
} from "@facet/validators";

export interface PickableAttribute {
  key: string;
  label: string;
  type: AttributeType;
  enumValues: string[];
  dimension: string;
}

/** A sensible starting condition for an attribute: its type's first operator, no value yet. */
export function startCondition(attr: PickableAttribute): AttributeRule {
  return attributeCondition(attr.key, attributeOperators[attr.type][0]);
}

/** Reads a condition as a sentence: "Age > 30", "Plan is any of Pro, Team". */
export function describeCondition(c: AttributeRule, attr: PickableAttribute | undefined): string {
  const label = attr?.label ?? c.attribute;
  const op = operatorLabels[c.operator] ?? c.operator;
  if (valuelessOperators.has(c.operator)) return `${label} ${op}`;
  if (dayOperators.has(c.operator)) return `${label} ${op.replace("…", String(c.value ?? "…"))}`;
  if (Array.isArray(c.value))
    return c.operator === "between" ? `${label} between ${c.value[0]} and ${c.value[1]}` : `${label} ${op} ${c.value.join(", ")}`;
  return `${label} ${op} ${c.value ?? "…"}`;
}

/** What the data holds for an attribute: common values with counts, or its range. Cached a minute. */
function useValueSummary(attr: PickableAttribute | undefined, wanted: boolean) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  return useQuery(
    trpc.attribute.values.queryOptions(
      { workspaceId: ws.id, key: attr?.key ?? "email" },
      { enabled: Boolean(attr) && wanted, staleTime: 60_000 },
    ),
  );
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number) => isoDay(new Date(Date.now() - n * 86_400_000));
/** Quick picks for a date input; each fills in the date it means today. */
const relativeDays: [string, number][] = [
  ["Today", 0],
  ["7 days ago", 7],
  ["30 days ago", 30],
  ["90 days ago", 90],
  ["1 year ago", 365],
];

function RelativeDates({ onPick }: { onPick: (iso: string) => void }) {
  return (
    <span className="flex flex-wrap gap-1" aria-label="Relative dates">
      {relativeDays.map(([label, n]) => (
        <button
          key={label}
          type="button"
          className="rounded border border-slate-200 px-1.5 py-0.5 text-xs text-slate-600 hover:bg-slate-50"
          onClick={() => onPick(daysAgo(n))}
        >
          {label}
        </button>
      ))}
    </span>
  );
}

const fmtHint = (v: string | number | null) => (v === null ? "" : typeof v === "number" ? v.toLocaleString() : v.slice(0, 10));

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
  const needsValue = !valuelessOperators.has(condition.operator) && !dayOperators.has(condition.operator);
  const summary = useValueSummary(attr, needsValue && attr?.type !== "boolean");
  const top = summary.data?.top ?? [];
  const counts = new Map(top.map((t) => [t.value, t.customers]));
  const inputType = attr?.type === "number" || dayOperators.has(condition.operator) ? "number" : attr?.type === "date" ? "date" : "text";
  const set = (patch: { value: unknown }) => onChange(attributeCondition(condition.attribute, condition.operator, patch.value));
  const pair = Array.isArray(condition.value) && condition.operator === "between" ? condition.value : ["", ""];
  const chosen = Array.isArray(condition.value) ? (condition.value as string[]) : [];
  const listId = `${idPrefix}-values`;
  const range = summary.data && (attr?.type === "number" || attr?.type === "date") && summary.data.min !== null ? summary.data : null;
  const hint = range
    ? `Data: ${fmtHint(range.min)} to ${fmtHint(range.max)}${range.quartiles ? `, middle half ${range.quartiles[0].toLocaleString()}–${range.quartiles[2].toLocaleString()}` : ""}`
    : null;

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
          onChange(attributeCondition(condition.attribute, operator));
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
          {attr.enumValues.map((v) => (
            <label key={v} className="inline-flex items-center gap-1">
              <input
                type="checkbox"
                checked={chosen.includes(v)}
                onChange={(e) => set({ value: e.target.checked ? [...chosen, v] : chosen.filter((x) => x !== v) })}
              />
              {v}
              {counts.has(v) ? <span className="text-xs text-slate-400">({counts.get(v)!.toLocaleString()})</span> : null}
            </label>
          ))}
        </fieldset>
      ) : listOperators.has(condition.operator) ? (
        <div className="space-y-1">
          <Input
            aria-label="Values, separated by commas"
            placeholder={
              top.length
                ? top
                    .slice(0, 2)
                    .map((t) => t.value)
                    .join(", ")
                : "ios, android"
            }
            className="w-56"
            value={chosen.join(", ")}
            onChange={(e) =>
              set({
                value: e.target.value
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean),
              })
            }
          />
          {top.length ? (
            <div className="flex max-w-md flex-wrap gap-1" aria-label="Common values">
              {top.slice(0, 10).map((t) => (
                <button
                  key={t.value}
                  type="button"
                  aria-pressed={chosen.includes(t.value)}
                  className={`rounded-full border px-2 py-0.5 text-xs ${chosen.includes(t.value) ? "border-indigo-400 bg-indigo-50 text-indigo-800" : "border-slate-200 text-slate-600 hover:bg-slate-50"}`}
                  onClick={() => set({ value: chosen.includes(t.value) ? chosen.filter((x) => x !== t.value) : [...chosen, t.value] })}
                >
                  {t.value} <span className="text-slate-400">{t.customers.toLocaleString()}</span>
                </button>
              ))}
            </div>
          ) : null}
        </div>
      ) : condition.operator === "between" ? (
        <div className="space-y-1">
          <div className="flex gap-2">
            <Input
              id={`${idPrefix}-from`}
              aria-label="From"
              type={inputType}
              className="w-36"
              placeholder={fmtHint(range?.min ?? null)}
              value={String(pair[0])}
              onChange={(e) => set({ value: [e.target.value, pair[1]] })}
            />
            <span className="py-2 text-sm text-slate-500">and</span>
            <Input
              id={`${idPrefix}-to`}
              aria-label="To"
              type={inputType}
              className="w-36"
              placeholder={fmtHint(range?.max ?? null)}
              value={String(pair[1])}
              onChange={(e) => set({ value: [pair[0], e.target.value] })}
            />
          </div>
          {attr?.type === "date" ? (
            <div className="flex flex-wrap items-center gap-1 text-xs text-slate-500">
              From <RelativeDates onPick={(d) => set({ value: [d, pair[1]] })} />
            </div>
          ) : null}
          {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
        </div>
      ) : (
        <div className="space-y-1">
          <Input
            aria-label="Value"
            type={inputType}
            className="w-48"
            list={attr?.type === "string" && top.length ? listId : undefined}
            placeholder={range ? `${fmtHint(range.min)} – ${fmtHint(range.max)}` : undefined}
            value={condition.value === undefined ? "" : String(condition.value)}
            onChange={(e) => set({ value: e.target.value })}
          />
          {attr?.type === "string" && top.length ? (
            <datalist id={listId}>
              {top.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.customers.toLocaleString()} customers
                </option>
              ))}
            </datalist>
          ) : null}
          {attr?.type === "date" && !dayOperators.has(condition.operator) ? <RelativeDates onPick={(d) => set({ value: d })} /> : null}
          {hint && !dayOperators.has(condition.operator) ? <p className="text-xs text-slate-500">{hint}</p> : null}
        </div>
      )}
    </div>
  );
}
