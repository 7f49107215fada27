"use client";
import { useQuery } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { Button, Input, Select } from "@facet/ui";
import {
  eventOperators,
  propertyOperatorLabels,
  propertyCondition,
  propertyOperators,
  propertyOperatorShapes,
  type EventRule,
  type PropertyFilter,
  type Rule,
} from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";

const eventOperatorLabels: Record<(typeof eventOperators)[number], string> = {
  did: "did",
  did_not: "never did",
  at_least: "did at least",
  at_most: "did at most",
  exactly: "did exactly",
};

const numericOps = new Set<string>(propertyOperatorShapes.number);
const aggregateOps = ["gt", "gte", "lt", "lte", "eq"] as const;

/** A property condition from what the form holds: numbers where the operator compares, lists for "any of". */
function propertyFilterOf(property: string, op: PropertyFilter["operator"], raw: string): PropertyFilter {
  if (op === "in")
    return propertyCondition(
      property,
      op,
      raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
  const n = Number(raw);
  return propertyCondition(property, op, raw.trim() !== "" && Number.isFinite(n) ? n : raw);
}

function PropertyEditor({
  filter,
  onChange,
  onRemove,
  label,
}: {
  filter: PropertyFilter;
  onChange: (f: PropertyFilter) => void;
  onRemove: () => void;
  label: string;
}) {
  const shown = Array.isArray(filter.value) ? filter.value.join(", ") : filter.value === undefined ? "" : String(filter.value);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-sm text-slate-500">where</span>
      <Input
        aria-label={`${label}: property`}
        className="w-32"
        list="event-properties"
        value={filter.property}
        onChange={(e) => onChange({ ...filter, property: e.target.value })}
      />
      <Select
        aria-label={`${label}: comparison`}
        className="w-28"
        value={filter.operator}
        onChange={(e) => {
          const operator = e.target.value as PropertyFilter["operator"];
          onChange(propertyFilterOf(filter.property, operator, shown));
        }}
      >
        {propertyOperators.map((o) => (
          <option key={o} value={o}>
            {propertyOperatorLabels[o]}
          </option>
        ))}
      </Select>
      {filter.operator === "is_set" || filter.operator === "is_not_set" ? null : (
        <Input
          aria-label={`${label}: value`}
          className="w-32"
          type={numericOps.has(filter.operator) ? "number" : "text"}
          placeholder={filter.operator === "in" ? "a, b, c" : ""}
          value={shown}
          onChange={(e) => onChange(propertyFilterOf(filter.property, filter.operator, e.target.value))}
        />
      )}
      <Button variant="ghost" size="sm" aria-label={`Remove ${label}`} onClick={onRemove}>
        <Trash2 className="h-4 w-4" aria-hidden />
      </Button>
    </div>
  );
}

/** An event condition: how often an event happened in a window, with property filters and an optional total or average. */
export function EventEditor({ rule, onChange, idPrefix }: { rule: EventRule; onChange: (r: Rule) => void; idPrefix: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const names = useQuery(trpc.customer.eventNames.queryOptions({ workspaceId: ws.id }, { staleTime: 60_000 }));
  const needsCount = rule.operator === "at_least" || rule.operator === "at_most" || rule.operator === "exactly";
  const w = rule.window;
  const where = rule.where ?? [];
  const listId = `${idPrefix}-events`;
  const setWhere = (next: PropertyFilter[]) => onChange({ ...rule, where: next });
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start gap-2">
        <Select
          aria-label="Event operator"
          className="w-36"
          value={rule.operator}
          onChange={(e) => onChange({ ...rule, operator: e.target.value as EventRule["operator"] })}
        >
          {eventOperators.map((o) => (
            <option key={o} value={o}>
              {eventOperatorLabels[o]}
            </option>
          ))}
        </Select>
        <Input
          aria-label="Event name"
          className="w-40"
          list={listId}
          value={rule.event}
          onChange={(e) => onChange({ ...rule, event: e.target.value })}
        />
        <datalist id={listId}>
          {names.data?.map((n) => (
            <option key={n.name} value={n.name}>
              {`${n.recent.toLocaleString()} in the last 30 days`}
            </option>
          ))}
        </datalist>
        {needsCount ? (
          <>
            <Input
              aria-label="Times"
              type="number"
              min={0}
              className="w-20"
              value={rule.count ?? 0}
              onChange={(e) => onChange({ ...rule, count: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
            />
            <span className="py-2 text-sm text-slate-500">times</span>
          </>
        ) : null}
        <Select
          aria-label="When"
          className="w-40"
          value={w.kind}
          onChange={(e) => {
            const kind = e.target.value;
            onChange({
              ...rule,
              window:
                kind === "ever"
                  ? { kind: "ever" }
                  : kind === "last_days"
                    ? { kind: "last_days", days: 30 }
                    : { kind: "between", from: "", to: "" },
            });
          }}
        >
          <option value="ever">ever</option>
          <option value="last_days">in the last…</option>
          <option value="between">between dates</option>
        </Select>
        {w.kind === "last_days" ? (
          <>
            <Input
              aria-label="Days"
              type="number"
              min={1}
              className="w-20"
              value={w.days}
              onChange={(e) =>
                onChange({ ...rule, window: { kind: "last_days", days: Math.max(1, Math.floor(Number(e.target.value) || 1)) } })
              }
            />
            <span className="py-2 text-sm text-slate-500">days</span>
          </>
        ) : null}
        {w.kind === "between" ? (
          <>
            <Input
              aria-label="From date"
              type="date"
              className="w-40"
              value={w.from}
              onChange={(e) => onChange({ ...rule, window: { ...w, from: e.target.value } })}
            />
            <Input
              aria-label="To date"
              type="date"
              className="w-40"
              value={w.to}
              onChange={(e) => onChange({ ...rule, window: { ...w, to: e.target.value } })}
            />
          </>
        ) : null}
      </div>
      {where.map((f, i) => (
        <PropertyEditor
          key={i}
          filter={f}
          label={`Property condition ${i + 1}`}
          onChange={(next) => setWhere(where.map((x, j) => (j === i ? next : x)))}
          onRemove={() => setWhere(where.filter((_, j) => j !== i))}
        />
      ))}
      <datalist id="event-properties">
        <option value="revenue" />
      </datalist>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {where.length < 10 ? (
          <Button variant="ghost" size="sm" onClick={() => setWhere([...where, { property: "revenue", operator: "gt", value: 0 }])}>
            + Property condition
          </Button>
        ) : null}
        <label className="inline-flex items-center gap-1">
          <input
            type="checkbox"
            checked={Boolean(rule.aggregate)}
            onChange={(e) =>
              onChange({
                ...rule,
                aggregate: e.target.checked ? { fn: "sum", property: "revenue", operator: "gt", value: 100 } : undefined,
              })
            }
          />
          with a total or average
        </label>
        {rule.aggregate ? (
          <>
            <Select
              aria-label="Total or average"
              className="w-28"
              value={rule.aggregate.fn}
              onChange={(e) => onChange({ ...rule, aggregate: { ...rule.aggregate!, fn: e.target.value as "sum" | "avg" } })}
            >
              <option value="sum">total</option>
              <option value="avg">average</option>
            </Select>
            <span className="text-slate-500">of</span>
            <Input
              aria-label="Aggregated property"
              className="w-28"
              list="event-properties"
              value={rule.aggregate.property}
              onChange={(e) => onChange({ ...rule, aggregate: { ...rule.aggregate!, property: e.target.value } })}
            />
            <Select
              aria-label="Aggregate comparison"
              className="w-20"
              value={rule.aggregate.operator}
              onChange={(e) =>
                onChange({ ...rule, aggregate: { ...rule.aggregate!, operator: e.target.value as (typeof aggregateOps)[number] } })
              }
            >
              {aggregateOps.map((o) => (
                <option key={o} value={o}>
                  {propertyOperatorLabels[o]}
                </option>
              ))}
            </Select>
            <Input
              aria-label="Aggregate value"
              type="number"
              className="w-28"
              value={rule.aggregate.value}
              onChange={(e) => onChange({ ...rule, aggregate: { ...rule.aggregate!, value: Number(e.target.value) || 0 } })}
            />
          </>
        ) : null}
      </div>
    </div>
  );
}
