/**
 * What the customer table says when nothing matches: the search and every filter in words, so the
 * person sees what narrowed the list (it used to read `No customers match ""` whenever only filters were set).
 */
export function noMatchMessage(q: string, filters: string[]): string {
  const search = q.trim() ? `“${q.trim()}”` : "";
  const narrowed = filters.length ? `${filters.length === 1 ? "the filter" : "the filters"} ${joinWords(filters)}` : "";
  if (search && narrowed) return `No customers match ${search} with ${narrowed}.`;
  if (search) return `No customers match ${search}.`;
  if (narrowed) return `No customers match ${narrowed}.`;
  return "No customers yet.";
}

const joinWords = (parts: string[]) =>
  parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
