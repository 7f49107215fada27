// How a segment change log entry reads: who, entered or left, when, and why, in words.

interface EventRef {
  name?: unknown;
  id?: unknown;
  messageId?: unknown;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap((x) => (typeof x === "string" ? [x] : [])) : []);
const keysText = (keys: string[]) => (keys.length <= 3 ? keys.join(", ") : `${keys.slice(0, 3).join(", ")} and ${keys.length - 3} more`);

/** "purchase #m-1234" (the message id when the sender gave one, else Facet's event number), "and 2 more events". */
function eventsText(v: unknown): string | null {
  const events = Array.isArray(v) ? (v as EventRef[]) : [];
  const first = events[0];
  if (!first) return null;
  const name = str(first.name) ?? "event";
  const ref = str(first.messageId) ?? str(first.id);
  const more = events.length - 1;
  return `${name}${ref ? ` #${ref}` : ""}${more > 0 ? ` and ${more} more event${more === 1 ? "" : "s"}` : ""}`;
}

/**
 * Why a customer entered or left, from the entry's cause and detail (as the live evaluator, refreshes,
 * merges and erasures write them).
 */
export function describeCause(cause: string, detail: Record<string, unknown>): string {
  const by = str(detail.by);
  const keys = list(detail.keys);
  const events = eventsText(detail.events);
  const importId = str(detail.importId);
  switch (cause) {
    case "event":
      return events ?? "an event";
    case "identify":
      return keys.length ? `profile update: ${keysText(keys)}` : "profile update";
    case "edit":
      return `${keys.length ? `${keysText(keys)} edited` : "profile edited"}${by ? ` by ${by}` : ""}`;
    case "import":
      return importId ? `import ${importId}` : "an import";
    case "merge": {
      const into = str(detail.into);
      const merged = str(detail.merged);
      return into ? `merged into customer ${into}` : merged ? `merged with customer ${merged}` : "profiles merged";
    }
    case "erase":
      return "customer erased";
    case "time": {
      // The when-next-flip schedule names the condition whose moment came ("purchase in the last 30 days").
      const condition = str(detail.condition);
      return condition ? `time passing: ${condition}` : "time passing (a date or window in the rule moved on)";
    }
    case "created":
      // A new customer (from an event, an identify, the app) or, with nothing said, the segment's first refresh.
      if (events) return `new customer: ${events}`;
      if (by) return `new customer, added by ${by}`;
      if (importId) return `new customer from import ${importId}`;
      if ("keys" in detail) return keys.length ? `new customer: ${keysText(keys)}` : "new customer";
      return "segment created";
    case "edited":
      return "the rule was edited (refresh)";
    case "manual":
      return "refreshed by hand";
    case "schedule":
      return "scheduled refresh";
    case "reconcile":
      return "daily reconciliation";
    case "retyped":
      return "an attribute's type changed (refresh)";
    case "rfm":
      return "new RFM scores (refresh)";
    default:
      return cause;
  }
}

/** Who the entry is about: their name, email, external id or id; an erased or merged-away one by their id. */
export function customerLabel(c: {
  customerId: string;
  name: string | null;
  email: string | null;
  externalId?: string | null;
  exists?: boolean;
}): string {
  if (c.exists === false) return `customer ${c.customerId} (no longer exists)`;
  return c.name ?? c.email ?? c.externalId ?? c.customerId;
}

/** "2 s ago", "5 min ago", "3 h ago", "4 d ago"; a moment ahead of now (clock skew) is "just now". */
export function relativeTime(at: Date, now: Date): string {
  const s = Math.floor((now.getTime() - at.getTime()) / 1000);
  if (s < 1) return "just now";
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.floor(h / 24);
  return d === 1 ? "yesterday" : `${d} d ago`;
}

/** "Maya Chen entered, 2 s ago: purchase #1234". */
export function describeChange(
  c: Parameters<typeof customerLabel>[0] & { change: "entered" | "exited"; at: Date; cause: string; detail: Record<string, unknown> },
  now: Date,
): string {
  return `${customerLabel(c)} ${c.change === "entered" ? "entered" : "left"}, ${relativeTime(c.at, now)}: ${describeCause(c.cause, c.detail)}`;
}

const causeNames: Record<string, string> = {
  event: "events",
  identify: "profile updates",
  edit: "edits",
  import: "an import",
  merge: "merges",
  erase: "erasures",
  time: "time passing",
  created: "new customers (or the segment's creation)",
  edited: "a rule edit",
  manual: "a refresh by hand",
  schedule: "a scheduled refresh",
  reconcile: "the daily reconciliation",
  retyped: "an attribute's new type",
  rfm: "an RFM run",
};

/** What mostly moved a minute or hour of the size history, in a few words. */
export const causeName = (cause: string) => causeNames[cause] ?? cause;
