"use client";
import type { ReactNode } from "react";
import { Button, ErrorMessage, Field, Select } from "@facet/ui";
import type { CustomerImportSettings, EventImportSettings } from "@facet/validators";
import type { ImportJobView } from "./import-wizard";

export type Delimiter = "," | ";" | "\t" | "|";
export type Encoding = "utf-8" | "windows-1252";
const delimiterLabels: Record<Delimiter, string> = { ",": "Comma", ";": "Semicolon", "\t": "Tab", "|": "Pipe" };

/** Separator and encoding pickers, with what was detected preselected. */
export function FileFormatFields({
  delimiter,
  encoding,
  bom,
  disabled,
  onDelimiter,
  onEncoding,
}: {
  delimiter: Delimiter;
  encoding: Encoding;
  bom: boolean;
  disabled: boolean;
  onDelimiter: (d: Delimiter) => void;
  onEncoding: (e: Encoding) => void;
}) {
  return (
    <>
      <Field label="Separator">
        {(p) => (
          <Select {...p} value={delimiter} disabled={disabled} onChange={(e) => onDelimiter(e.target.value as Delimiter)}>
            {(Object.keys(delimiterLabels) as Delimiter[]).map((d) => (
              <option key={d} value={d}>
                {delimiterLabels[d]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Encoding" hint={bom ? "The file starts with a UTF-8 BOM." : undefined}>
        {(p) => (
          <Select {...p} value={encoding} disabled={disabled} onChange={(e) => onEncoding(e.target.value as Encoding)}>
            <option value="utf-8">UTF-8</option>
            <option value="windows-1252">Windows-1252 (Excel)</option>
          </Select>
        )}
      </Field>
    </>
  );
}

/** Step 2's table: each column of the file with a few sample values, and where it goes (`target`). */
export function ColumnsTable({
  header,
  sample,
  target,
}: {
  header: string[];
  sample: string[][];
  target: (index: number, label: string) => ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Column in the file</th>
            <th className="px-3 py-2 font-medium">Sample values</th>
            <th className="px-3 py-2 font-medium">Goes to</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {header.map((name, i) => {
            const samples = sample
              .map((row) => row[i] ?? "")
              .filter(Boolean)
              .slice(0, 3);
            return (
              <tr key={i} className="align-top">
                <td className="px-3 py-2 font-medium">{name || <span className="text-slate-400">Column {i + 1}</span>}</td>
                <td className="max-w-xs truncate px-3 py-2 text-slate-600">
                  {samples.join(" · ") || <span className="text-slate-400">(blank)</span>}
                </td>
                <td className="space-y-2 px-3 py-2">{target(i, name || `column ${i + 1}`)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What the import wizard gives each kind's settings form. */
export interface SettingsProps {
  job: ImportJobView;
  disabled: boolean;
  pending: boolean;
  error: string | null;
  onCheck: (settings: CustomerImportSettings | EventImportSettings) => void;
}

/** The dry run's error, if any, and the button that saves the settings and checks the whole file (nothing is written). */
export function CheckStep({
  checked,
  disabled,
  pending,
  error,
  onClick,
}: {
  checked: boolean;
  disabled: boolean;
  pending: boolean;
  error: string | null;
  onClick: () => void;
}) {
  return (
    <>
      {error ? (
        <div className="mt-3">
          <ErrorMessage>{error}</ErrorMessage>
        </div>
      ) : null}
      {disabled ? null : (
        <Button className="mt-4" variant={checked ? "secondary" : "primary"} pending={pending} onClick={onClick}>
          {checked ? "Check again with these settings" : "Check the file (dry run)"}
        </Button>
      )}
    </>
  );
}
