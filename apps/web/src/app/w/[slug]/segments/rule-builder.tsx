"use client";
import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { Button, Input, Select } from "@facet/ui";
import { eventOperators, type EventRule, type Rule, type RuleGroup } from "@facet/validators";
import { ConditionEditor, startCondition, type PickableAttribute } from "~/components/condition-editor";

export interface BuilderOptions {
  attributes: PickableAttribute[];
  segments: { id: string; name: string }[];
  /** Counts per top-level condition, from the live preview. */
  counts?: number[];
}

const eventOperatorLabels: Record<(typeof eventOperators)[number], string> = {
  did: "did",
  did_not: "never did",
  at_least: "did at least",
  at_most: "did at most",
  exactly: "did exactly",
};

const newEvent = (): EventRule => ({ type: "event", event: "purchase", operator: "at_least", count: 1, window: { kind: "last_days", days: 90 }, where: [] });
const newGroup = (): RuleGroup => ({ type: "group", combinator: "or", negate: false, children: [] });

/** A group of conditions: all or any of them, optionally negated; conditions and nested groups can be added, moved and removed. */
export function GroupEditor({ group, onChange, options, depth = 0, label = "Rule" }: { group: RuleGroup; onChange: (g: RuleGroup) => void; options: BuilderOptions; depth?: number; label?: string }) {
  const set = (children: Rule[]) => onChange({ ...group, children });
  const replace = (i: number, r: Rule) => set(group.children.map((c, j) => (j === i ? r : c)));
  const move = (i: number, by: number) => {
    const next = [...group.children];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    set(next);
  };
  const first = options.attributes[0];
  return (
    <fieldset className={`space-y-3 rounded-lg border p-3 ${depth ? "border-indigo-200 bg-indigo-50/40" : "border-slate-200 bg-white"}`} aria-label={label}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>Customers who match</span>
        <Select aria-label={`${label}: match`} className="w-28" value={group.combinator} onChange={(e) => onChange({ ...group, combinator: e.target.value as "and" | "or" })}>
          <option value="and">all of</option>
          <option value="or">any of</option>
        </Select>
        <span>these conditions</span>
        <label className="ml-4 inline-flex items-center gap-1">
          <input type="checkbox" checked={group.negate} onChange={(e) => onChange({ ...group, negate: e.target.checked })} /> exclude them instead
        </label>
      </div>
      {group.children.length === 0 ? <p className="text-sm text-slate-500">No conditions: everyone matches.</p> : null}
      <ol className="space-y-2">
        {group.children.map((child, i) => (
          <li key={i} className="flex items-start gap-2">
            <div className="flex-1">
              <RuleEditor rule={child} onChange={(r) => replace(i, r)} options={options} depth={depth} label={`${label}, condition ${i + 1}`} />
            </div>
            {depth === 0 && options.counts?.[i] !== undefined ? (
              <span className="whitespace-nowrap py-2 text-xs text-slate-500" data-testid={`condition-count-${i}`}>
                {options.counts[i]!.toLocaleString()} alone
              </span>
            ) : null}
            <div className="flex gap-1 py-1">
              <Button variant="ghost" size="sm" aria-label={`Move condition ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                <ArrowUp className="h-4 w-4" aria-hidden />
              </Button>
              <Button variant="ghost" size="sm" aria-label={`Move condition ${i + 1} down`} disabled={i === group.children.length - 1} onClick={() => move(i, 1)}>
                <ArrowDown className="h-4 w-4" aria-hidden />
              </Button>
              <Button variant="ghost" size="sm" aria-label={`Remove condition ${i + 1}`} onClick={() => set(group.children.filter((_, j) => j !== i))}>
                <Trash2 className="h-4 w-4" aria-hidden />
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        {first ? (
          <Button variant="secondary" size="sm" onClick={() => set([...group.children, startCondition(first)])}>
            + Attribute condition
          </Button>
        ) : null}
        <Button variant="secondary" size="sm" onClick={() => set([...group.children, newEvent()])}>
          + Event condition
        </Button>
        {options.segments.length ? (
          <Button variant="secondary" size="sm" onClick={() => set([...group.children, { type: "segment", segmentId: options.segments[0]!.id, operator: "in" }])}>
            + In a segment
          </Button>
        ) : null}
        {depth < 2 ? (
          <Button variant="secondary" size="sm" onClick={() => set([...group.children, newGroup()])}>
            + Group
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}

function RuleEditor({ rule, onChange, options, depth, label }: { rule: Rule; onChange: (r: Rule) => void; options: BuilderOptions; depth: number; label: string }) {
  switch (rule.type) {
    case "attribute":
      return <ConditionEditor condition={rule} attributes={options.attributes} onChange={onChange} idPrefix={label.replace(/\W+/g, "-")} />;
    case "group":
      return <GroupEditor group={rule} onChange={onChange} options={{ ...options, counts: undefined }} depth={depth + 1} label={`${label} (group)`} />;
    case "segment":
      return (
        <div className="flex flex-wrap gap-2">
          <Select aria-label="In or not in" className="w-32" value={rule.operator} onChange={(e) => onChange({ ...rule, operator: e.target.value as "in" | "not_in" })}>
            <option value="in">is in</option>
            <option value="not_in">is not in</option>
          </Select>
          <Select aria-label="Segment" className="w-64" value={rule.segmentId} onChange={(e) => onChange({ ...rule, segmentId: e.target.value })}>
            {options.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </div>
      );
    case "event":
      return <EventEditor rule={rule} onChange={onChange} />;
  }
}

function EventEditor({ rule, onChange }: { rule: EventRule; onChange: (r: Rule) => void }) {
  const needsCount = rule.operator === "at_least" || rule.operator === "at_most" || rule.operator === "exactly";
  const w = rule.window;
  return (
    <div className="flex flex-wrap items-start gap-2">
      <Select aria-label="Event operator" className="w-36" value={rule.operator} onChange={(e) => onChange({ ...rule, operator: e.target.value as EventRule["operator"] })}>
        {eventOperators.map((o) => (
          <option key={o} value={o}>
            {eventOperatorLabels[o]}
          </option>
        ))}
      </Select>
      <Input aria-label="Event name" className="w-40" value={rule.event} onChange={(e) => onChange({ ...rule, event: e.target.value })} />
      {needsCount ? (
        <>
          <Input aria-label="Times" type="number" min={0} className="w-20" value={rule.count ?? 0} onChange={(e) => onChange({ ...rule, count: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} />
          <span className="py-2 text-sm text-slate-500">times</span>
        </>
      ) : null}
      <Select
        aria-label="When"
        className="w-40"
        value={w.kind}
        onChange={(e) => {
          const kind = e.target.value;
          onChange({ ...rule, window: kind === "ever" ? { kind: "ever" } : kind === "last_days" ? { kind: "last_days", days: 30 } : { kind: "between", from: "", to: "" } });
        }}
      >
        <option value="ever">ever</option>
        <option value="last_days">in the last…</option>
        <option value="between">between dates</option>
      </Select>
      {w.kind === "last_days" ? (
        <>
          <Input aria-label="Days" type="number" min={1} className="w-20" value={w.days} onChange={(e) => onChange({ ...rule, window: { kind: "last_days", days: Math.max(1, Math.floor(Number(e.target.value) || 1)) } })} />
          <span className="py-2 text-sm text-slate-500">days</span>
        </>
      ) : null}
      {w.kind === "between" ? (
        <>
          <Input aria-label="From date" type="date" className="w-40" value={w.from} onChange={(e) => onChange({ ...rule, window: { ...w, from: e.target.value } })} />
          <Input aria-label="To date" type="date" className="w-40" value={w.to} onChange={(e) => onChange({ ...rule, window: { ...w, to: e.target.value } })} />
        </>
      ) : null}
      <label className="inline-flex items-center gap-1 py-2 text-sm">
        <input
          type="checkbox"
          checked={Boolean(rule.aggregate)}
          onChange={(e) => onChange({ ...rule, aggregate: e.target.checked ? { fn: "sum", property: "revenue", operator: "gt", value: 100 } : undefined })}
        />
        and spent more than
      </label>
      {rule.aggregate ? (
        <Input
          aria-label="Total revenue over"
          type="number"
          className="w-28"
          value={rule.aggregate.value}
          onChange={(e) => onChange({ ...rule, aggregate: { ...rule.aggregate!, value: Number(e.target.value) || 0 } })}
        />
      ) : null}
    </div>
  );
}
