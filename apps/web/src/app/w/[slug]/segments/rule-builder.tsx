"use client";
import { ArrowDown, ArrowUp, GripVertical, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button, Select } from "@facet/ui";
import type { EventRule, Rule, RuleGroup } from "@facet/validators";
import { ConditionEditor, startCondition, type PickableAttribute } from "~/components/condition-editor";
import { EventEditor } from "./event-editor";

export interface BuilderOptions {
  attributes: PickableAttribute[];
  segments: { id: string; name: string }[];
  /** Counts per top-level condition, from the live preview. */
  counts?: number[];
  /** For viewers: no handles to add, move or remove conditions (the surrounding fieldset disables the rest). */
  readOnly?: boolean;
}

const newEvent = (): EventRule => ({
  type: "event",
  event: "purchase",
  operator: "at_least",
  count: 1,
  window: { kind: "last_days", days: 90 },
  where: [],
});
const newGroup = (): RuleGroup => ({ type: "group", combinator: "or", negate: false, children: [] });

/** A group of conditions: all or any of them, optionally negated; conditions and nested groups can be added, moved and removed. */
export function GroupEditor({
  group,
  onChange,
  options,
  depth = 0,
  label = "Rule",
}: {
  group: RuleGroup;
  onChange: (g: RuleGroup) => void;
  options: BuilderOptions;
  depth?: number;
  label?: string;
}) {
  const set = (children: Rule[]) => onChange({ ...group, children });
  const replace = (i: number, r: Rule) => set(group.children.map((c, j) => (j === i ? r : c)));
  const moveTo = (from: number, to: number) => {
    if (from === to) return;
    const next = [...group.children];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    set(next);
  };
  const move = (i: number, by: number) => moveTo(i, i + by);
  // Drag a condition by its handle onto another one to put it there (the arrows do the same from the keyboard).
  const [dragging, setDragging] = useState<number | null>(null);
  const first = options.attributes[0];
  return (
    <fieldset
      className={`space-y-3 rounded-lg border p-3 ${depth ? "border-indigo-200 bg-indigo-50/40" : "border-slate-200 bg-white"}`}
      aria-label={label}
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>Customers who match</span>
        <Select
          aria-label={`${label}: match`}
          className="w-28"
          value={group.combinator}
          onChange={(e) => onChange({ ...group, combinator: e.target.value as "and" | "or" })}
        >
          <option value="and">all of</option>
          <option value="or">any of</option>
        </Select>
        <span>these conditions</span>
        <label className="ml-4 inline-flex items-center gap-1">
          <input type="checkbox" checked={group.negate} onChange={(e) => onChange({ ...group, negate: e.target.checked })} /> exclude them
          instead
        </label>
      </div>
      {group.children.length === 0 ? <p className="text-sm text-slate-500">No conditions: everyone matches.</p> : null}
      <ol className="space-y-2">
        {group.children.map((child, i) => (
          <li
            key={i}
            className={`flex items-start gap-2 ${dragging === i ? "opacity-50" : ""}`}
            onDragOver={(e) => dragging !== null && e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              e.stopPropagation();
              if (dragging !== null) moveTo(dragging, i);
              setDragging(null);
            }}
          >
            {options.readOnly ? null : (
              <span
                draggable
                onDragStart={(e) => {
                  e.stopPropagation();
                  e.dataTransfer.effectAllowed = "move";
                  setDragging(i);
                }}
                onDragEnd={() => setDragging(null)}
                className="cursor-grab py-2 text-slate-400"
                title="Drag to reorder"
                aria-hidden
              >
                <GripVertical className="h-4 w-4" />
              </span>
            )}
            <div className="flex-1">
              <RuleEditor
                rule={child}
                onChange={(r) => replace(i, r)}
                options={options}
                depth={depth}
                label={`${label}, condition ${i + 1}`}
              />
            </div>
            {depth === 0 && options.counts?.[i] !== undefined ? (
              <span className="whitespace-nowrap py-2 text-xs text-slate-500" data-testid={`condition-count-${i}`}>
                {options.counts[i].toLocaleString()} alone
              </span>
            ) : null}
            {options.readOnly ? null : (
              <div className="flex gap-1 py-1">
                <Button variant="ghost" size="sm" aria-label={`Move condition ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                  <ArrowUp className="h-4 w-4" aria-hidden />
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Move condition ${i + 1} down`}
                  disabled={i === group.children.length - 1}
                  onClick={() => move(i, 1)}
                >
                  <ArrowDown className="h-4 w-4" aria-hidden />
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove condition ${i + 1}`}
                  onClick={() => set(group.children.filter((_, j) => j !== i))}
                >
                  <Trash2 className="h-4 w-4" aria-hidden />
                </Button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {options.readOnly ? null : (
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
            <Button
              variant="secondary"
              size="sm"
              onClick={() => set([...group.children, { type: "segment", segmentId: options.segments[0]!.id, operator: "in" }])}
            >
              + In a segment
            </Button>
          ) : null}
          {depth < 2 ? (
            <Button variant="secondary" size="sm" onClick={() => set([...group.children, newGroup()])}>
              + Group
            </Button>
          ) : null}
        </div>
      )}
    </fieldset>
  );
}

function RuleEditor({
  rule,
  onChange,
  options,
  depth,
  label,
}: {
  rule: Rule;
  onChange: (r: Rule) => void;
  options: BuilderOptions;
  depth: number;
  label: string;
}) {
  switch (rule.type) {
    case "attribute":
      return <ConditionEditor condition={rule} attributes={options.attributes} onChange={onChange} idPrefix={label.replace(/\W+/g, "-")} />;
    case "group":
      return (
        <GroupEditor
          group={rule}
          onChange={onChange}
          options={{ ...options, counts: undefined }}
          depth={depth + 1}
          label={`${label} (group)`}
        />
      );
    case "segment":
      return (
        <div className="flex flex-wrap gap-2">
          <Select
            aria-label="In or not in"
            className="w-32"
            value={rule.operator}
            onChange={(e) => onChange({ ...rule, operator: e.target.value as "in" | "not_in" })}
          >
            <option value="in">is in</option>
            <option value="not_in">is not in</option>
          </Select>
          <Select
            aria-label="Segment"
            className="w-64"
            value={rule.segmentId}
            onChange={(e) => onChange({ ...rule, segmentId: e.target.value })}
          >
            {options.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </div>
      );
    case "event":
      return <EventEditor rule={rule} onChange={onChange} idPrefix={label.replace(/\W+/g, "-")} />;
  }
}
