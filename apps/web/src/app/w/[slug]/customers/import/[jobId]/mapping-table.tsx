"use client";
import { Input, Select } from "@facet/ui";
import {
  attributeTypeLabels,
  attributeTypes,
  dimensionLabels,
  dimensions,
  toAttributeKey,
  type AttributeType,
  type ColumnMapping,
  type Dimension,
} from "@facet/validators";
import { ColumnsTable } from "./file-format";

interface KnownAttribute {
  key: string;
  label: string;
  computed: boolean;
  column: string | null;
}

const encode = (m: ColumnMapping) => (m.target === "attribute" ? `attribute:${m.key}` : m.target);

/** Step 2: where each column of the file goes. */
export function MappingTable({
  header,
  sample,
  mapping,
  attributes,
  disabled,
  onChange,
}: {
  header: string[];
  sample: string[][];
  mapping: ColumnMapping[];
  attributes: KnownAttribute[];
  disabled: boolean;
  onChange: (next: ColumnMapping[]) => void;
}) {
  const importable = attributes.filter((a) => !a.computed && !a.column);
  const set = (i: number, m: ColumnMapping) => onChange(mapping.map((old, j) => (j === i ? m : old)));
  const choose = (i: number, value: string) => {
    if (value.startsWith("attribute:")) return set(i, { target: "attribute", key: value.slice("attribute:".length) });
    if (value === "newAttribute") {
      const label = header[i] || `Column ${i + 1}`;
      return set(i, { target: "newAttribute", key: toAttributeKey(label), label, type: "string", dimension: "demographic" });
    }
    set(i, { target: value } as ColumnMapping);
  };

  return (
    <ColumnsTable
      header={header}
      sample={sample}
      target={(i, label) => {
        const name = header[i] ?? "";
        const m = mapping[i] ?? { target: "skip" };
        return (
          <>
            <Select aria-label={`Mapping of ${label}`} value={encode(m)} disabled={disabled} onChange={(e) => choose(i, e.target.value)}>
              <option value="skip">Skip this column</option>
              <option value="email">Email</option>
              <option value="externalId">External ID</option>
              <option value="name">Name</option>
              <optgroup label="Value (sets the customer's metrics)">
                <option value="orderCount">Orders (count before the events here)</option>
                <option value="lifetimeValue">Lifetime value (spend before the events here)</option>
              </optgroup>
              <option value="newAttribute">New attribute…</option>
              {importable.length > 0 ? (
                <optgroup label="Existing attributes">
                  {importable.map((a) => (
                    <option key={a.key} value={`attribute:${a.key}`}>
                      {a.label}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </Select>
            {m.target === "newAttribute" ? (
              <div className="grid grid-cols-2 gap-2">
                <Input
                  aria-label={`Label of ${name}`}
                  value={m.label}
                  disabled={disabled}
                  onChange={(e) => set(i, { ...m, label: e.target.value })}
                />
                <Input
                  aria-label={`Key of ${name}`}
                  value={m.key}
                  disabled={disabled}
                  onChange={(e) => set(i, { ...m, key: e.target.value })}
                />
                <Select
                  aria-label={`Type of ${name}`}
                  value={m.type}
                  disabled={disabled}
                  onChange={(e) => set(i, { ...m, type: e.target.value as AttributeType })}
                >
                  {attributeTypes.map((t) => (
                    <option key={t} value={t}>
                      {attributeTypeLabels[t]}
                    </option>
                  ))}
                </Select>
                <Select
                  aria-label={`Dimension of ${name}`}
                  value={m.dimension}
                  disabled={disabled}
                  onChange={(e) => set(i, { ...m, dimension: e.target.value as Dimension })}
                >
                  {dimensions.map((d) => (
                    <option key={d} value={d}>
                      {dimensionLabels[d]}
                    </option>
                  ))}
                </Select>
              </div>
            ) : null}
          </>
        );
      }}
    />
  );
}
