"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { Badge, Button, ErrorMessage, Spinner, cn } from "@facet/ui";
import { useWorkspace } from "./workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

/**
 * The bell: the signed-in member's unread count in this workspace, and a panel listing their notifications (newest
 * first, 10 at a time). Escape or a click outside closes it and gives the focus back to the bell.
 */
export function NotificationBell() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const bell = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const unread = useQuery(trpc.notification.unreadCount.queryOptions({ workspaceId: ws.id }, { refetchInterval: 30_000 }));
  const list = useInfiniteQuery(
    trpc.notification.list.infiniteQueryOptions(
      { workspaceId: ws.id, limit: 10 },
      { getNextPageParam: (p) => p.nextCursor, enabled: open },
    ),
  );
  const changed = () => queryClient.invalidateQueries({ queryKey: trpc.notification.pathKey() });
  const markRead = useMutation(trpc.notification.markRead.mutationOptions({ onSuccess: changed }));
  const markAll = useMutation(trpc.notification.markAllRead.mutationOptions({ onSuccess: changed }));

  const close = (focusBell = true) => {
    setOpen(false);
    if (focusBell) bell.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && close();
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !bell.current?.contains(target)) close(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  const count = unread.data?.count ?? 0;
  const countLabel = unread.data?.capped ? "99+" : String(count);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="relative">
      <button
        ref={bell}
        type="button"
        aria-label={count ? `Notifications, ${countLabel} unread` : "Notifications"}
        aria-expanded={open}
        aria-controls={panelId}
        aria-haspopup="dialog"
        onClick={() => (open ? close() : setOpen(true))}
        className="relative rounded-md p-1.5 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <Bell className="h-5 w-5" aria-hidden />
        {count ? (
          <span
            data-testid="unread-count"
            className="absolute -top-1 -right-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs leading-5 font-semibold text-white"
          >
            {countLabel}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          ref={panel}
          id={panelId}
          role="dialog"
          aria-label="Notifications"
          tabIndex={-1}
          className="absolute top-full left-0 z-50 mt-2 w-96 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white shadow-xl focus:outline-none"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2">
            <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
            <Button
              size="sm"
              variant="ghost"
              disabled={!count}
              pending={markAll.isPending}
              onClick={() => markAll.mutate({ workspaceId: ws.id })}
            >
              Mark all read
            </Button>
          </div>
          {list.error ? <ErrorMessage>{errorMessage(list.error)}</ErrorMessage> : null}
          {markRead.error ? <ErrorMessage>{errorMessage(markRead.error)}</ErrorMessage> : null}
          {list.isPending ? (
            <div className="flex justify-center p-6">
              <Spinner className="text-slate-400" />
            </div>
          ) : items.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-500">
              Nothing yet. Facet tells you here when a segment you own fails to refresh, refreshes slowly, had memberships corrected by its
              daily reconciliation, or refers to a segment that was archived.
            </p>
          ) : (
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto" aria-label="Notifications list">
              {items.map((n) => (
                <li key={n.id} className={cn("px-4 py-3 text-sm", n.readAt ? "bg-white" : "bg-indigo-50/60")}>
                  <div className="flex items-start justify-between gap-2">
                    <p className={cn("text-slate-900", n.readAt ? "" : "font-semibold")}>
                      {n.readAt ? null : <span className="sr-only">Unread: </span>}
                      {n.title}
                    </p>
                    {n.resolvedAt ? <Badge tone="green">Resolved</Badge> : null}
                  </div>
                  {n.body ? <p className="mt-1 text-slate-600">{n.body}</p> : null}
                  <div className="mt-2 flex items-center gap-3 text-xs text-slate-500">
                    <time dateTime={n.createdAt.toISOString()}>{n.createdAt.toLocaleString()}</time>
                    {n.link ? (
                      <Link
                        href={`/w/${ws.slug}${n.link}`}
                        className="font-medium text-indigo-700 hover:underline"
                        onClick={() => {
                          if (!n.readAt) markRead.mutate({ workspaceId: ws.id, notificationId: n.id });
                          close(false);
                        }}
                      >
                        Open<span className="sr-only">: {n.title}</span>
                      </Link>
                    ) : null}
                    {n.readAt ? null : (
                      <button
                        type="button"
                        className="font-medium text-indigo-700 hover:underline"
                        onClick={() => markRead.mutate({ workspaceId: ws.id, notificationId: n.id })}
                      >
                        Mark read<span className="sr-only">: {n.title}</span>
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )}
          {list.hasNextPage ? (
            <div className="border-t border-slate-200 px-4 py-2">
              <Button size="sm" variant="ghost" pending={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                Show older
              </Button>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
