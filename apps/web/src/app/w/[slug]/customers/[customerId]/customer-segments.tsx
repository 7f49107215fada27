"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card, ErrorMessage, Spinner } from "@facet/ui";
import type { Rule } from "@facet/validators";
import { describeCondition, type PickableAttribute } from "~/components/condition-editor";
import { formatValue } from "~/components/format";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

interface Trace {
  rule: Rule;
  matched: boolean;
  seen?: unknown;
  children?: Trace[];
}

function WhyLine({ trace, attributes }: { trace: Trace; attributes: PickableAttribute[] }) {
  const r = trace.rule;
  const text =
    r.type === "attribute"
      ? `${describeCondition(
          r,
          attributes.find((a) => a.key === r.attribute),
        )} (has ${formatValue(trace.seen)})`
      : r.type === "event"
        ? `${r.operator.replace("_", " ")} ${r.event} (${String(trace.seen)} matching events)`
        : r.type === "segment"
          ? `${r.operator === "in" ? "in" : "not in"} another segment`
          : `${r.negate ? "none" : r.combinator === "and" ? "all" : "any"} of:`;
  return (
    <li>
      <span className={trace.matched ? "text-green-700" : "text-slate-500"}>{trace.matched ? "✓" : "✗"}</span> {text}
      {trace.children && r.type === "group" ? (
        <ul className="ml-4">
          {trace.children.map((t, i) => (
            <WhyLine key={i} trace={t} attributes={attributes} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

type Explained = { id: string; name: string; member: boolean; why: Trace };

function SegmentList({ title, items, attributes }: { title: string; items: Explained[]; attributes: PickableAttribute[] }) {
  const ws = useWorkspace();
  if (items.length === 0) return null;
  return (
    <section className="mt-3" aria-label={title}>
      <h3 className="text-sm font-medium text-slate-700">{title}</h3>
      <ul className="mt-1 space-y-3 text-sm">
        {items.map((s) => (
          <li key={s.id}>
            <Link href={`/w/${ws.slug}/segments/${s.id}`} className="font-medium text-indigo-700 hover:underline">
              {s.name}
            </Link>
            <details className="mt-1 text-slate-700">
              <summary className="cursor-pointer text-xs text-slate-500">{s.member ? "Why" : "Why not"}</summary>
              <ul className="mt-1 text-xs">
                <WhyLine trace={s.why} attributes={attributes} />
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The segments a customer is in and those they are not in (as of their last refresh), each with why,
 * condition by condition, from all of the customer's data.
 */
export function CustomerSegments({ customerId, attributes }: { customerId: string; attributes: PickableAttribute[] }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const list = useQuery(trpc.segment.ofCustomer.queryOptions({ workspaceId: ws.id, customerId }));
  const member = list.data?.filter((s) => s.member) ?? [];
  const notMember = list.data?.filter((s) => !s.member) ?? [];
  return (
    <Card>
      <h2 className="text-lg font-semibold">Segments</h2>
      {list.isPending ? <Spinner className="mt-2 text-slate-400" /> : null}
      {list.error ? <ErrorMessage>{errorMessage(list.error)}</ErrorMessage> : null}
      {list.data && member.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">Not in any segment (as of their last refresh).</p>
      ) : null}
      <SegmentList title="In" items={member} attributes={attributes} />
      <SegmentList title="Not in" items={notMember} attributes={attributes} />
    </Card>
  );
}
