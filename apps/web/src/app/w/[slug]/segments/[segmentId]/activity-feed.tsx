"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button, Card, ErrorMessage, Spinner } from "@facet/ui";
import { customerLabel, describeCause, relativeTime } from "~/components/change-words";
import { plural } from "~/components/format";
import { useNow } from "~/components/use-now";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

const pageSize = 20;
const pollMs = 2000;

interface Entry {
  id: number;
  customerId: string;
  name: string | null;
  email: string | null;
  externalId: string | null;
  exists: boolean;
  change: "entered" | "exited";
  at: Date;
  cause: string;
  detail: Record<string, unknown>;
}

interface Feed {
  items: Entry[];
  /** Cursor to page older entries (null: the start of the log). */
  older: string | null;
  /** Cursor at the newest entry shown: the poll asks for what came after it. */
  newest: string;
  /** Entries that arrived since the page opened. */
  arrived: number;
}

/**
 * Who entered and left the segment, newest on top, following the change log as it grows (a poll every 2 s
 * for what came after the newest entry shown) with older entries a page at a time.
 */
export function ActivityFeed({ segmentId }: { segmentId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(1000);
  const input = { workspaceId: ws.id, segmentId };
  const [feed, setFeed] = useState<Feed | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);

  const first = useQuery(trpc.segment.activity.queryOptions({ ...input, limit: pageSize }, { staleTime: Infinity }));
  useEffect(() => {
    if (first.data && !feed) setFeed({ items: first.data.items, older: first.data.older, newest: first.data.newest, arrived: 0 });
  }, [first.data, feed]);

  const after = feed?.newest ?? null;
  const poll = useQuery(
    trpc.segment.activity.queryOptions(
      { ...input, limit: pageSize, after },
      { enabled: after !== null, refetchInterval: pollMs, refetchIntervalInBackground: false },
    ),
  );
  useEffect(() => {
    const d = poll.data;
    // The data of the query at the feed's cursor: once applied, the cursor moves on and this query is left behind.
    if (!d || d.items.length === 0) return;
    setFeed((f) => {
      if (!f || f.newest !== after || d.newest === f.newest) return f;
      return d.gap
        ? { items: d.items, older: d.older, newest: d.newest, arrived: f.arrived + d.items.length }
        : { ...f, items: [...d.items, ...f.items], newest: d.newest, arrived: f.arrived + d.items.length };
    });
    // The rest of the page follows: size, members, size history.
    for (const key of [trpc.segment.byId.queryKey(), trpc.segment.members.queryKey(), trpc.segment.sizeHistory.queryKey()])
      void queryClient.invalidateQueries({ queryKey: key });
  }, [poll.data, after, queryClient, trpc]);

  const loadOlder = async () => {
    if (!feed?.older) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await queryClient.fetchQuery(trpc.segment.activity.queryOptions({ ...input, limit: pageSize, before: feed.older }));
      setFeed((f) => (f ? { ...f, items: [...f.items, ...page.items], older: page.older } : f));
    } catch (error) {
      setOlderError(errorMessage(error));
    } finally {
      setLoadingOlder(false);
    }
  };

  return (
    <section aria-labelledby="activity-heading">
      <Card>
        <div className="flex items-center justify-between gap-2">
          <h2 id="activity-heading" className="text-lg font-semibold">
            Activity
          </h2>
          {feed ? (
            <span className="inline-flex items-center gap-1.5 text-xs text-slate-500">
              <span className="h-2 w-2 animate-pulse rounded-full bg-green-500" aria-hidden />
              Following changes as they happen
            </span>
          ) : null}
        </div>
        {/* Screen readers hear how many arrived, not every entry. */}
        <p className="sr-only" aria-live="polite">
          {feed && feed.arrived > 0 ? `${plural(feed.arrived, "new change")} since the page opened` : ""}
        </p>
        {first.error ? <ErrorMessage>{errorMessage(first.error)}</ErrorMessage> : null}
        {!feed && !first.error ? (
          <p className="mt-3 flex items-center gap-2 text-sm text-slate-500">
            <Spinner className="text-slate-400" /> Loading the latest changes…
          </p>
        ) : null}
        {feed && feed.items.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">
            Nobody has entered or left yet. As customers start or stop matching the rule (an event, an import, an edit), they appear here
            within seconds.
          </p>
        ) : null}
        {feed && feed.items.length > 0 ? (
          <ol aria-label="Who entered and left, newest first" className="mt-3 max-h-96 divide-y divide-slate-100 overflow-y-auto text-sm">
            {feed.items.map((e) => (
              <FeedEntry key={e.id} entry={e} now={now} profileHref={`/w/${ws.slug}/customers/${e.customerId}`} />
            ))}
          </ol>
        ) : null}
        {poll.error ? (
          <p role="status" className="mt-2 text-xs text-amber-700">
            Can&apos;t reach Facet to follow new changes; retrying. ({errorMessage(poll.error)})
          </p>
        ) : null}
        {olderError ? <ErrorMessage>{olderError}</ErrorMessage> : null}
        {feed?.older ? (
          <Button variant="secondary" size="sm" className="mt-3" pending={loadingOlder} onClick={() => void loadOlder()}>
            Load older
          </Button>
        ) : feed && feed.items.length > 0 ? (
          <p className="mt-3 text-xs text-slate-500">That is the start of the log (it keeps changes for a limited period).</p>
        ) : null}
      </Card>
    </section>
  );
}

function FeedEntry({ entry: e, now, profileHref }: { entry: Entry; now: Date; profileHref: string }) {
  const who = customerLabel(e);
  return (
    <li className="flex items-start gap-2 py-2">
      <span
        aria-hidden
        className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${
          e.change === "entered" ? "bg-green-100 text-green-700" : "bg-red-100 text-red-700"
        }`}
      >
        {e.change === "entered" ? "+" : "−"}
      </span>
      <p>
        {e.exists ? (
          <Link href={profileHref} className="font-medium text-indigo-700 hover:underline">
            {who}
          </Link>
        ) : (
          <span className="font-medium text-slate-600">{who}</span>
        )}{" "}
        {e.change === "entered" ? "entered" : "left"},{" "}
        <time dateTime={e.at.toISOString()} title={e.at.toLocaleString()}>
          {relativeTime(e.at, now)}
        </time>
        : <span className="text-slate-600">{describeCause(e.cause, e.detail)}</span>
      </p>
    </li>
  );
}
