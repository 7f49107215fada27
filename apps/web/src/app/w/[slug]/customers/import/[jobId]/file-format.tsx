"use client";
import { Button, Field, Select } from "@facet/ui";

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

/** Saves the settings and checks the whole file; nothing is written. */
export function CheckButton({ checked, disabled, pending, onClick }: { checked: boolean; disabled: boolean; pending: boolean; onClick: () => void }) {
  if (disabled) return null;
  return (
    <Button className="mt-4" variant={checked ? "secondary" : "primary"} pending={pending} onClick={onClick}>
      {checked ? "Check again with these settings" : "Check the file (dry run)"}
    </Button>
  );
}
