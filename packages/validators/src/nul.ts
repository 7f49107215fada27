/**
 * Where a value holds a NUL character (U+0000), as a dotted path ("filters.0.value"; "" for the value
 * itself), or null. PostgreSQL can store NUL in neither text nor JSON, so every input is checked once,
 * before any validator or query, and refused on the field that holds it. Walks iteratively: input as
 * deep as a request may be can't overflow the stack.
 */
export function nulCharacterAt(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v !== null && typeof v === "object" && !(v instanceof Date)) {
      for (const [k, inner] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        if (k.includes("\u0000")) return at;
        stack.push([inner, at]);
      }
    }
  }
  return null;
}

export const nulMessage = (path: string) =>
  `${path ? `${path}: ` : ""}contains a NUL character (\\u0000), which can't be stored. Remove it and try again.`;
