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

/** The segments a customer is in, each with why (conditions met, values seen). */
export function CustomerSegments({ customerId, attributes }: { customerId: string; attributes: PickableAttribute[] }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const list = useQuery(trpc.segment.ofCustomer.queryOptions({ workspaceId: ws.id, customerId }));
  return (
    <Card>
      <h2 className="text-lg font-semibold">Segments</h2>
      {list.isPending ? <Spinner className="mt-2 text-slate-400" /> : null}
      {list.error ? <ErrorMessage>{errorMessage(list.error)}</ErrorMessage> : null}
      {list.data?.length === 0 ? <p className="mt-2 text-sm text-slate-500">Not in any segment (as of their last refresh).</p> : null}
      <ul className="mt-2 space-y-3 text-sm">
        {list.data?.map((s) => (
          <li key={s.id}>
            <Link href={`/w/${ws.slug}/segments/${s.id}`} className="font-medium text-indigo-700 hover:underline">
              {s.name}
            </Link>
            <details className="mt-1 text-slate-700">
              <summary className="cursor-pointer text-xs text-slate-500">Why</summary>
              <ul className="mt-1 text-xs">
                <WhyLine trace={s.why} attributes={attributes} />
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </Card>
  );
}
