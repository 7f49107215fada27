// Messages with placeholders: "Hi {{first_name|there}}, your {{plan}} plan…". Pure.

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*(?:\|([^}]*))?\}\}/g;

/** Placeholders every customer has besides the workspace's attributes. */
export const derivedPlaceholders = ["first_name", "last_name"] as const;

export interface Placeholder {
  key: string;
  fallback: string | null;
}

/** The placeholders in a text, in order. */
export function placeholdersIn(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ key: m[1]!, fallback: m[2] === undefined ? null : m[2].trim() }));
}

/** Unknown placeholder keys in any of the texts, each once. A `{{` that isn't a placeholder is reported as is. */
export function unknownPlaceholders(texts: string[], known: ReadonlySet<string>): string[] {
  const bad = new Set<string>();
  for (const t of texts) {
    for (const p of placeholdersIn(t)) if (!known.has(p.key) && !(derivedPlaceholders as readonly string[]).includes(p.key)) bad.add(p.key);
    const stray = t.replace(PLACEHOLDER, "").match(/\{\{[^}]*\}?\}?/g);
    for (const s of stray ?? []) bad.add(s);
  }
  return [...bad];
}

const show = (v: unknown): string | null => {
  if (v === null || v === undefined || v === "") return null;
  if (Array.isArray(v)) return v.length ? v.join(", ") : null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
};

/** Fills the placeholders from a customer's values; a missing value takes its fallback, or nothing. */
export function renderMessage(text: string, values: Record<string, unknown>): string {
  const [first, ...rest] = String(values.name ?? "")
    .trim()
    .split(/\s+/);
  const derived: Record<string, unknown> = { first_name: first || null, last_name: rest.length ? rest.join(" ") : null };
  return text.replace(
    PLACEHOLDER,
    (_, key: string, fallback: string | undefined) => show(key in derived ? derived[key] : values[key]) ?? fallback?.trim() ?? "",
  );
}
