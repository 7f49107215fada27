import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@facet/ui";
import { openApiDocument } from "@facet/api";

export const metadata: Metadata = { title: "API reference" };

type Parameter = { name: string; in: string; required: boolean; description?: string };
type Operation = {
  summary: string;
  parameters?: Parameter[];
  requestBody?: { content: { "application/json": { schema: { $ref: string } } } };
  responses: Record<string, { description: string }>;
};

const schemaName = (ref: string) => ref.split("/").pop();

/** A readable page of the generated OpenAPI document: every endpoint, what it takes, what it answers. */
export default function ApiDocsPage() {
  const doc = openApiDocument();
  const paths = Object.entries(doc.paths as Record<string, Record<string, Operation>>);
  return (
    <main className="mx-auto max-w-3xl px-6 py-12">
      <Link href="/" className="text-sm text-indigo-600 hover:underline">
        ← Facet
      </Link>
      <h1 className="mt-4 text-2xl font-semibold">API reference</h1>
      <p className="mt-2 text-sm text-slate-600">
        {doc.info.description} Keys are made in Settings → API keys. Machine-readable (OpenAPI {doc.openapi}, for client generators such as
        openapi-typescript):{" "}
        <a className="text-indigo-600 hover:underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>
        . Segment rules are explained in{" "}
        <Link className="text-indigo-600 hover:underline" href="/docs/segment-definitions">
          segment definitions
        </Link>
        .
      </p>
      <p className="mt-2 text-sm text-slate-600">
        Send a key as <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;key&gt;</code> or as the HTTP Basic username
        with an empty password. Errors answer{" "}
        <code className="rounded bg-slate-100 px-1">{`{ "error": { "message", "code", "field" } }`}</code>. The ingest calls follow
        Segment&apos;s HTTP tracking spec, so its libraries work by changing their host.
      </p>
      {paths.map(([path, operations]) => (
        <Card key={path} className="mt-4">
          {Object.entries(operations).map(([method, op]) => {
            const params = op.parameters ?? [];
            const body = op.requestBody?.content["application/json"].schema.$ref;
            return (
              <div key={method} className="py-1">
                <p className="font-mono text-sm">
                  <span className="mr-2 rounded bg-indigo-50 px-1.5 py-0.5 font-semibold uppercase text-indigo-700">{method}</span>/api/v1
                  {path}
                </p>
                <p className="mt-1 text-sm text-slate-700">{op.summary}</p>
                {params.length > 0 || body ? (
                  <p className="mt-1 text-xs text-slate-600">
                    {[
                      ...params.map((p) => `${p.name} (${p.in}${p.required ? "" : ", optional"})`),
                      ...(body ? [`body: ${schemaName(body)}`] : []),
                    ].join(" · ")}
                  </p>
                ) : null}
                <p className="mt-1 text-xs text-slate-500">
                  {Object.entries(op.responses)
                    .map(([code, r]) => `${code} ${r.description}`)
                    .join(" · ")}
                </p>
              </div>
            );
          })}
        </Card>
      ))}
    </main>
  );
}
