"use client";
import { Filter, X } from "lucide-react";
import { useState } from "react";
import { Button } from "@facet/ui";
import type { AttributeRule } from "@facet/validators";
import { ConditionEditor, describeCondition, startCondition, type PickableAttribute } from "~/components/condition-editor";

/** The table's filters as removable chips, and a form to add one. All filters apply together. */
export function FilterBar({
  filters,
  attributes,
  onChange,
}: {
  filters: AttributeRule[];
  attributes: PickableAttribute[];
  onChange: (f: AttributeRule[]) => void;
}) {
  const [draft, setDraft] = useState<AttributeRule | null>(null);
  const byKey = new Map(attributes.map((a) => [a.key, a]));
  const first = attributes[0];

  return (
    <div className="mb-3 space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {filters.map((f, i) => (
          <span key={i} className="inline-flex items-center gap-1 rounded-full bg-indigo-50 px-3 py-1 text-sm text-indigo-800">
            {describeCondition(f, byKey.get(f.attribute))}
            <button
              type="button"
              aria-label={`Remove filter ${describeCondition(f, byKey.get(f.attribute))}`}
              className="rounded-full p-0.5 hover:bg-indigo-100"
              onClick={() => onChange(filters.filter((_, j) => j !== i))}
            >
              <X className="h-3 w-3" aria-hidden />
            </button>
          </span>
        ))}
        {!draft && first ? (
          <Button variant="ghost" size="sm" onClick={() => setDraft(startCondition(first))}>
            <Filter className="h-4 w-4" aria-hidden /> Add filter
          </Button>
        ) : null}
        {filters.length > 1 ? (
          <Button variant="ghost" size="sm" onClick={() => onChange([])}>
            Clear filters
          </Button>
        ) : null}
      </div>
      {draft ? (
        <form
          aria-label="New filter"
          className="flex flex-wrap items-start gap-2 rounded-lg border border-slate-200 bg-white p-3"
          onSubmit={(e) => {
            e.preventDefault();
            onChange([...filters, draft]);
            setDraft(null);
          }}
        >
          <ConditionEditor condition={draft} attributes={attributes} onChange={setDraft} idPrefix="new-filter" />
          <Button type="submit" size="sm">
            Apply filter
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setDraft(null)}>
            Cancel
          </Button>
        </form>
      ) : null}
    </div>
  );
}
