import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@facet/ui";
import {
  definitionLimits,
  eventOperators,
  operatorBoundaries,
  operatorExample,
  operatorLabels,
  operatorsByType,
  propertyOperators,
  shapeOf,
} from "@facet/validators";

export const metadata: Metadata = { title: "Segment definitions" };

const shapes = { none: "no value", list: "a list of text", days: "a whole number of days", range: "[from, to]", one: "one value" };

/** The segment definition format, generated from the validators the API and the builder use. */
export default function SegmentDefinitionsPage() {
  return (
    <main className="mx-auto max-w-4xl px-6 py-12">
      <Link href="/docs/api" className="text-sm text-indigo-600 hover:underline">
        ← API reference
      </Link>
      <h1 className="mt-4 text-2xl font-semibold">Segment definitions</h1>
      <p className="mt-2 text-sm text-slate-600">
        A definition is JSON: <code className="rounded bg-slate-100 px-1">{`{ "version": 1, "root": group }`}</code>, where a group is{" "}
        <code className="rounded bg-slate-100 px-1">{`{ "type": "group", "combinator": "and" | "or", "negate": false, "children": [...] }`}</code>{" "}
        and each child is an attribute rule, an event rule, a segment rule or another group. A group with no conditions matches everyone.
        The exact schema is in the{" "}
        <a className="text-indigo-600 hover:underline" href="/api/v1/openapi.json">
          OpenAPI document
        </a>
        .
      </p>
      <Card className="mt-4">
        <h2 className="text-lg font-semibold">Missing values</h2>
        <p className="mt-1 text-sm text-slate-700">
          A customer without a value matches only <code>is_not_set</code>, even under <code>neq</code> and <code>not_in</code>. A negated
          group is a plain NOT of what it holds.
        </p>
      </Card>
      <Card className="mt-4">
        <h2 className="text-lg font-semibold">Attribute rules</h2>
        <table className="mt-2 w-full text-left text-xs">
          <thead>
            <tr className="text-slate-500">
              <th className="py-1 pr-2">type</th>
              <th className="pr-2">operator</th>
              <th className="pr-2">value</th>
              <th className="pr-2">boundaries</th>
              <th>example</th>
            </tr>
          </thead>
          <tbody>
            {operatorsByType.flatMap(([type, operators]) =>
              operators.map((operator) => (
                <tr key={`${type}-${operator}`} className="border-t border-slate-100 align-top">
                  <td className="py-1 pr-2">{type}</td>
                  <td className="pr-2">
                    <code>{operator}</code> <span className="text-slate-500">({operatorLabels[operator]})</span>
                  </td>
                  <td className="pr-2">{shapes[shapeOf(operator)]}</td>
                  <td className="pr-2">{operatorBoundaries[operator]}</td>
                  <td>
                    <code className="break-all">{JSON.stringify(operatorExample(type, operator))}</code>
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </Card>
      <Card className="mt-4">
        <h2 className="text-lg font-semibold">Event rules</h2>
        <p className="mt-1 text-sm text-slate-700">
          <code>{`{ "type": "event", "event": "purchase", "operator": "at_least", "count": 3, "window": { "kind": "last_days", "days": 90 }, "where": [{ "property": "category", "operator": "eq", "value": "books" }], "aggregate": { "fn": "sum", "property": "revenue", "operator": "gte", "value": 100 } }`}</code>
        </p>
        <ul className="mt-2 list-disc pl-5 text-sm text-slate-700">
          <li>
            Operators: {eventOperators.join(", ")}. Property filters: {propertyOperators.join(", ")}; text compares without regard to case.
          </li>
          <li>
            Windows: <code>ever</code>; <code>last_days</code> (from now minus n days up to now: an event dated ahead of now is not in it);{" "}
            <code>between</code> two dates (whole days in UTC, both included) or times.
          </li>
          <li>A sum over no events is 0; an average over no events has no value and matches no comparison.</li>
        </ul>
      </Card>
      <Card className="mt-4">
        <h2 className="text-lg font-semibold">Segment rules and limits</h2>
        <p className="mt-1 text-sm text-slate-700">
          <code>{`{ "type": "segment", "segmentId": "seg_…", "operator": "in" | "not_in" }`}</code>: the referenced segment&apos;s
          definition, evaluated now. Limits (a request over one is a 400 naming it): {definitionLimits.conditions} conditions per
          definition, groups nested {definitionLimits.depth} deep, {definitionLimits.listValues} values per list,{" "}
          {definitionLimits.references} segment conditions per definition, references {definitionLimits.referenceDepth} levels deep, and{" "}
          {definitionLimits.reachableConditions.toLocaleString("en")} conditions reached through references. Text holds no NUL characters;
          dates are real dates in years 1 to 9999.
        </p>
      </Card>
    </main>
  );
}
