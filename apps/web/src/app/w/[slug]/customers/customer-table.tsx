"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Columns3, Download, Upload, UserPlus } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { Button, Dialog, EmptyState, ErrorMessage, Input, PageHeader, Spinner } from "@facet/ui";
import { z } from "zod";
import { attributeRule, dimensionLabels, dimensions, type AttributeRule } from "@facet/validators";
import { formatValue, plural } from "~/components/format";
import { describeCondition } from "~/components/condition-editor";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { noMatchMessage } from "./no-match";
import { useAttributes } from "./use-attributes";
import { RecentImports } from "./recent-imports";
import { NewCustomer } from "./new-customer";
import { FilterBar } from "./filter-bar";

const filterList = z.array(attributeRule).max(20);
/** Filters live in the URL (?filters=JSON), so a reload or a shared link keeps them. */
function parseFilters(text: string | null): AttributeRule[] {
  if (!text) return [];
  try {
    const parsed = filterList.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

const defaultColumns = ["email", "external_id", "order_count", "total_spend", "created_at"];
const pageSize = 50;

function useColumnChoice(workspaceId: string) {
  const storageKey = `facet:columns:${workspaceId}`;
  const [columns, setColumns] = useState<string[]>(defaultColumns);
  useEffect(() => {
    const saved = window.localStorage.getItem(storageKey);
    if (saved) setColumns(JSON.parse(saved) as string[]);
  }, [storageKey]);
  const save = (next: string[]) => {
    setColumns(next);
    window.localStorage.setItem(storageKey, JSON.stringify(next));
  };
  return [columns, save] as const;
}

export function CustomerTable() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get("q") ?? "";
  const sortKey = params.get("sort") ?? "created_at";
  const sortDir = params.get("dir") === "asc" ? "asc" : "desc";
  // Filters follow the URL, but change at once on a click: two quick clicks must not read the same stale URL.
  const urlFilters = params.get("filters");
  const [filters, setFilters] = useState(() => parseFilters(urlFilters));
  useEffect(() => setFilters(parseFilters(urlFilters)), [urlFilters]);
  const [search, setSearch] = useState(q);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [chooser, setChooser] = useState(false);
  const [adding, setAdding] = useState(false);
  const [columns, setColumns] = useColumnChoice(ws.id);
  const attrs = useAttributes();
  const byKey = useMemo(() => new Map((attrs.data ?? []).map((a) => [a.key, a])), [attrs.data]);
  const shown = columns.filter((c) => byKey.has(c));

  const setParams = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    router.replace(`${pathname}?${p.toString()}`);
    setCursors([null]);
    setSelected(new Set());
  };
  // Search as you type, a moment after the last key.
  const searchTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(searchTimer.current), []);
  const typeSearch = (value: string) => {
    setSearch(value);
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => {
      if (value !== q) setParams({ q: value || null });
    }, 300);
  };

  const cursor = cursors[cursors.length - 1] ?? null;
  const list = useQuery(
    trpc.customer.list.queryOptions(
      { workspaceId: ws.id, q, filters, sort: { key: sortKey, dir: sortDir }, cursor, limit: pageSize },
      { placeholderData: keepPreviousData },
    ),
  );
  const count = useQuery(trpc.customer.count.queryOptions({ workspaceId: ws.id, q, filters }, { placeholderData: keepPreviousData }));
  const remove = useMutation(
    trpc.customer.delete.mutationOptions({
      onSuccess: ({ deleted }) => {
        toast.success(`${plural(deleted, "customer")} deleted`);
        setSelected(new Set());
        setConfirmDelete(false);
        void queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
      },
    }),
  );

  const sortBy = (key: string) =>
    setParams({
      sort: key,
      dir: key === sortKey && sortDir === "desc" ? "asc" : key === sortKey ? "desc" : byKey.get(key)?.type === "string" ? "asc" : "desc",
    });
  const items = list.data?.items ?? [];
  const allSelected = items.length > 0 && items.every((c) => selected.has(c.id));
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(items.map((c) => c.id)));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const canEdit = ws.can("editor");
  const empty = !q && filters.length === 0 && count.data === 0;
  const exportQuery = new URLSearchParams();
  if (q) exportQuery.set("q", q);
  if (filters.length) exportQuery.set("filters", JSON.stringify(filters));

  return (
    <>
      <PageHeader
        title="Customers"
        description={
          count.data !== undefined
            ? `${plural(count.data, "customer")}${q ? ` matching "${q}"` : ""}${filters.length ? ` (${plural(filters.length, "filter")})` : ""}`
            : "Everyone you segment."
        }
        actions={
          canEdit ? (
            <>
              <Button variant="secondary" onClick={() => setAdding(true)}>
                <UserPlus className="h-4 w-4" aria-hidden /> Add customer
              </Button>
              <Link
                href={`/w/${ws.slug}/customers/import`}
                className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
              >
                <Upload className="h-4 w-4" aria-hidden /> Import CSV
              </Link>
            </>
          ) : null
        }
      />
      <RecentImports />
      {empty ? (
        <EmptyState
          title="No customers yet"
          action={
            canEdit ? (
              <Link className="text-sm font-medium text-indigo-600 hover:underline" href={`/w/${ws.slug}/customers/import`}>
                Import customers from a CSV file
              </Link>
            ) : null
          }
        >
          Bring in your customers from a CSV export (a CRM, a shop, a spreadsheet), or send them from your product with the ingest API.
        </EmptyState>
      ) : (
        <>
          <div className="mb-3 flex flex-wrap items-center gap-2">
            <Input
              type="search"
              aria-label="Search customers"
              placeholder="Search by email, name or external ID"
              className="max-w-sm"
              value={search}
              onChange={(e) => typeSearch(e.target.value)}
            />
            <Button variant="secondary" onClick={() => setChooser(true)}>
              <Columns3 className="h-4 w-4" aria-hidden /> Columns
            </Button>
            <a
              href={`/api/w/${ws.id}/customers/export${exportQuery.size ? `?${exportQuery.toString()}` : ""}`}
              className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
            >
              <Download className="h-4 w-4" aria-hidden /> Export CSV
            </a>
            {canEdit && selected.size > 0 ? (
              <Button variant="danger" onClick={() => setConfirmDelete(true)}>
                Delete {plural(selected.size, "customer")}…
              </Button>
            ) : null}
            {list.isFetching ? <Spinner className="text-slate-400" /> : null}
          </div>
          <FilterBar
            filters={filters}
            attributes={attrs.data ?? []}
            onChange={(next) => {
              setFilters(next);
              setParams({ filters: next.length ? JSON.stringify(next) : null });
            }}
          />
          {list.error ? <ErrorMessage>{errorMessage(list.error)}</ErrorMessage> : null}
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  {canEdit ? (
                    <th className="w-10 px-3 py-2">
                      <input type="checkbox" aria-label="Select all on this page" checked={allSelected} onChange={toggleAll} />
                    </th>
                  ) : null}
                  <th className="px-3 py-2 font-medium">Customer</th>
                  {shown.map((key) => {
                    const a = byKey.get(key)!;
                    const active = key === sortKey;
                    return (
                      <th
                        key={key}
                        className="whitespace-nowrap px-3 py-2 font-medium"
                        aria-sort={active ? (sortDir === "asc" ? "ascending" : "descending") : "none"}
                      >
                        {a.type === "list" ? (
                          a.label
                        ) : (
                          <button type="button" className="inline-flex items-center gap-1 hover:text-slate-900" onClick={() => sortBy(key)}>
                            {a.label}
                            {active ? (
                              sortDir === "asc" ? (
                                <ArrowUp className="h-3 w-3" aria-hidden />
                              ) : (
                                <ArrowDown className="h-3 w-3" aria-hidden />
                              )
                            ) : null}
                          </button>
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {list.isPending ? (
                  <tr>
                    <td colSpan={shown.length + 2} className="px-3 py-8 text-center">
                      <Spinner className="text-slate-400" />
                    </td>
                  </tr>
                ) : items.length === 0 ? (
                  <tr>
                    <td colSpan={shown.length + 2} className="px-3 py-8 text-center text-slate-500" data-testid="no-match">
                      <p>
                        {noMatchMessage(
                          q,
                          filters.map((f) => describeCondition(f, byKey.get(f.attribute))),
                        )}
                      </p>
                      <div className="mt-3 flex justify-center gap-2">
                        {filters.length ? (
                          <Button variant="secondary" size="sm" onClick={() => (setFilters([]), setParams({ filters: null }))}>
                            Clear {filters.length === 1 ? "the filter" : "filters"}
                          </Button>
                        ) : null}
                        {q ? (
                          <Button variant="secondary" size="sm" onClick={() => (setSearch(""), setParams({ q: null }))}>
                            Clear the search
                          </Button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ) : (
                  items.map((c) => (
                    <tr key={c.id} className="hover:bg-slate-50">
                      {canEdit ? (
                        <td className="px-3 py-2">
                          <input
                            type="checkbox"
                            aria-label={`Select ${c.values.email ?? c.values.external_id}`}
                            checked={selected.has(c.id)}
                            onChange={() => toggle(c.id)}
                          />
                        </td>
                      ) : null}
                      <td className="max-w-xs truncate whitespace-nowrap px-3 py-2">
                        <Link href={`/w/${ws.slug}/customers/${c.id}`} className="font-medium text-indigo-700 hover:underline">
                          {String(c.values.name ?? c.values.email ?? c.values.external_id ?? c.id)}
                        </Link>
                      </td>
                      {shown.map((key) => (
                        <td key={key} className="max-w-xs truncate whitespace-nowrap px-3 py-2">
                          {formatValue(c.values[key], byKey.get(key)?.type)}
                        </td>
                      ))}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <div className="mt-3 flex items-center justify-between text-sm text-slate-600">
            <span>Page {cursors.length}</span>
            <div className="flex gap-2">
              <Button variant="secondary" size="sm" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous
              </Button>
              <Button
                variant="secondary"
                size="sm"
                disabled={!list.data?.nextCursor}
                onClick={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}
              >
                Next
              </Button>
            </div>
          </div>
        </>
      )}
      <Dialog open={confirmDelete} onClose={() => setConfirmDelete(false)} title={`Delete ${plural(selected.size, "customer")}?`}>
        <p className="text-sm text-slate-600">
          Their attributes and events are erased for good (as a data-deletion request requires). This can&apos;t be undone.
        </p>
        {remove.error ? <ErrorMessage>{errorMessage(remove.error)}</ErrorMessage> : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            pending={remove.isPending}
            onClick={() => remove.mutate({ workspaceId: ws.id, customerIds: [...selected] })}
          >
            Delete
          </Button>
        </div>
      </Dialog>
      <Dialog open={chooser} onClose={() => setChooser(false)} title="Columns">
        <div className="max-h-96 space-y-4 overflow-y-auto">
          {dimensions.map((d) => {
            const inDimension = (attrs.data ?? []).filter((a) => a.dimension === d);
            if (inDimension.length === 0) return null;
            return (
              <fieldset key={d}>
                <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">{dimensionLabels[d]}</legend>
                {inDimension.map((a) => (
                  <label key={a.key} className="mt-1 flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={columns.includes(a.key)}
                      onChange={(e) => setColumns(e.target.checked ? [...columns, a.key] : columns.filter((c) => c !== a.key))}
                    />
                    {a.label}
                  </label>
                ))}
              </fieldset>
            );
          })}
        </div>
        <div className="mt-5 flex justify-between">
          <Button variant="ghost" onClick={() => setColumns(defaultColumns)}>
            Reset
          </Button>
          <Button onClick={() => setChooser(false)}>Done</Button>
        </div>
      </Dialog>
      <NewCustomer open={adding} onClose={() => setAdding(false)} />
    </>
  );
}
