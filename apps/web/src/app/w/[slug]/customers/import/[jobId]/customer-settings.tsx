"use client";
import { useState } from "react";
import { Field, Select } from "@facet/ui";
import type { ColumnMapping } from "@facet/validators";
import { useAttributes } from "../../use-attributes";
import { CheckStep, FileFormatFields, type Delimiter, type Encoding, type SettingsProps } from "./file-format";
import { MappingTable } from "./mapping-table";

type MatchKey = "email" | "externalId";
type Mode = "create" | "update" | "upsert";
const modeLabels: Record<Mode, string> = {
  upsert: "Add new customers and update existing ones",
  create: "Only add new customers",
  update: "Only update existing customers",
};

/** Step 2 of a customer import: match key, mode, file format and where each column goes. */
export function CustomerSettings({ job, disabled, pending, error, onCheck }: SettingsProps) {
  const attrs = useAttributes();
  const saved = job.settings?.kind === "events" ? null : job.settings;
  const [mapping, setMapping] = useState<ColumnMapping[]>(saved?.columns ?? job.proposal ?? []);
  const [matchKey, setMatchKey] = useState<MatchKey>(
    saved?.matchKey ?? (mapping.some((c) => c.target === "email") ? "email" : "externalId"),
  );
  const [mode, setMode] = useState<Mode>(saved?.mode ?? "upsert");
  const [delimiter, setDelimiter] = useState<Delimiter>((saved?.delimiter ?? job.fileInfo.delimiter) as Delimiter);
  const [encoding, setEncoding] = useState<Encoding>(saved?.encoding ?? job.fileInfo.encoding);

  return (
    <>
      <div className="mb-4 grid max-w-4xl gap-4 sm:grid-cols-4">
        <Field label="Match customers by">
          {(p) => (
            <Select {...p} value={matchKey} disabled={disabled} onChange={(e) => setMatchKey(e.target.value as MatchKey)}>
              <option value="email">Email</option>
              <option value="externalId">External ID</option>
            </Select>
          )}
        </Field>
        <Field label="Mode">
          {(p) => (
            <Select {...p} value={mode} disabled={disabled} onChange={(e) => setMode(e.target.value as Mode)}>
              {(Object.keys(modeLabels) as Mode[]).map((m) => (
                <option key={m} value={m}>
                  {modeLabels[m]}
                </option>
              ))}
            </Select>
          )}
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
      <MappingTable
        header={job.fileInfo.header}
        sample={job.fileInfo.sample}
        mapping={mapping}
        attributes={attrs.data ?? []}
        disabled={disabled}
        onChange={setMapping}
      />
      <p className="mt-2 text-sm text-slate-500">
        Blank cells leave existing values as they are. IDs written as numbers like 17850.0 are read as 17850. New attributes of type
        &ldquo;One of a list&rdquo; take the values found in the file.
      </p>
      <CheckStep
        checked={job.status === "checked"}
        disabled={disabled}
        pending={pending}
        error={error}
        onClick={() => onCheck({ kind: "customers", delimiter, encoding, hasHeader: true, columns: mapping, matchKey, mode })}
      />
    </>
  );
}
