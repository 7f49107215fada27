"use client";
import { useState } from "react";
import { Checkbox, Field, Input, Select } from "@facet/ui";
import { toAttributeKey, type EventColumnMapping } from "@facet/validators";
import { CheckStep, ColumnsTable, FileFormatFields, type Delimiter, type Encoding, type SettingsProps } from "./file-format";

type MatchKey = "email" | "externalId";
const targetLabels: Record<Exclude<EventColumnMapping["target"], "property">, string> = {
  skip: "Skip this column",
  customerKey: "Customer (email or ID)",
  eventName: "Event name",
  time: "Time",
  eventId: "Event ID (rows sharing it form one event)",
  quantity: "Quantity",
  unitPrice: "Unit price",
  revenue: "Revenue",
};

/** Step 2 of an event import: whose events, what they are called, and where each column goes. */
export function EventSettings({ job, disabled, pending, error, onCheck }: SettingsProps) {
  const saved = job.settings?.kind === "events" ? job.settings : null;
  const header = job.fileInfo.header;
  const [mapping, setMapping] = useState<EventColumnMapping[]>(saved?.columns ?? job.eventProposal ?? []);
  const [matchKey, setMatchKey] = useState<MatchKey>(saved?.matchKey ?? "externalId");
  const [eventName, setEventName] = useState(saved?.eventName ?? "purchase");
  const [createCustomers, setCreateCustomers] = useState(saved?.createCustomers ?? true);
  const [delimiter, setDelimiter] = useState<Delimiter>((saved?.delimiter ?? job.fileInfo.delimiter) as Delimiter);
  const [encoding, setEncoding] = useState<Encoding>(saved?.encoding ?? job.fileInfo.encoding);
  const hasNameColumn = mapping.some((m) => m.target === "eventName");
  const set = (i: number, value: string) =>
    setMapping(
      mapping.map((old, j) =>
        j !== i
          ? old
          : value === "property"
            ? { target: "property", key: toAttributeKey(header[i] || `column_${i + 1}`) }
            : ({ target: value } as EventColumnMapping),
      ),
    );

  return (
    <>
      <div className="mb-4 grid max-w-4xl gap-4 sm:grid-cols-4">
        <Field label="Customers are identified by">
          {(p) => (
            <Select {...p} value={matchKey} disabled={disabled} onChange={(e) => setMatchKey(e.target.value as MatchKey)}>
              <option value="externalId">External ID</option>
              <option value="email">Email</option>
            </Select>
          )}
        </Field>
        <Field label="Event name" hint={hasNameColumn ? "Taken from the Event name column." : "Every row is this event."}>
          {(p) => <Input {...p} value={eventName} disabled={disabled || hasNameColumn} onChange={(e) => setEventName(e.target.value)} />}
        </Field>
        <FileFormatFields
          delimiter={delimiter}
          encoding={encoding}
          bom={job.fileInfo.bom}
          disabled={disabled}
          onDelimiter={setDelimiter}
          onEncoding={setEncoding}
        />
      </div>
      <div className="mb-4">
        <Checkbox
          label="Create customers the workspace doesn't have yet"
          checked={createCustomers}
          disabled={disabled}
          onChange={(e) => setCreateCustomers(e.target.checked)}
        />
      </div>
      <ColumnsTable
        header={header}
        sample={job.fileInfo.sample}
        target={(i, label) => {
          const m = mapping[i] ?? { target: "skip" };
          return (
            <>
              <Select aria-label={`Mapping of ${label}`} value={m.target} disabled={disabled} onChange={(e) => set(i, e.target.value)}>
                {Object.entries(targetLabels).map(([t, text]) => (
                  <option key={t} value={t}>
                    {text}
                  </option>
                ))}
                <option value="property">Event property…</option>
              </Select>
              {m.target === "property" ? (
                <Input
                  aria-label={`Property key of ${label}`}
                  value={m.key}
                  disabled={disabled}
                  onChange={(e) => setMapping(mapping.map((old, j) => (j === i ? { target: "property", key: e.target.value } : old)))}
                />
              ) : null}
            </>
          );
        }}
      />
      <p className="mt-2 text-sm text-slate-500">
        Times like 2011-12-09 12:50 are read as UTC unless they carry an offset. With Quantity and Unit price mapped and no Revenue column,
        revenue is quantity × unit price. Rows sharing an Event ID (an invoice or order number) become one event with its items; a purchase
        whose revenue is negative (a cancellation) is stored as a refund. Importing the same events twice stores them once.
      </p>
      <CheckStep
        checked={job.status === "checked"}
        disabled={disabled}
        pending={pending}
        error={error}
        onClick={() =>
          onCheck({ kind: "events", delimiter, encoding, hasHeader: true, columns: mapping, matchKey, eventName, createCustomers })
        }
      />
    </>
  );
}
