import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@facet/ui";
import { openApiDocument } from "~/components/openapi";

export const metadata: Metadata = { title: "API reference" };

type Operation = { summary: string; tags: string[]; responses: Record<string, { description: string }> };

/** A readable page of the OpenAPI document: every endpoint, what it does, what it answers. */
export default function ApiDocsPage() {
  const paths = Object.entries(openApiDocument.paths as Record<string, Record<string, Operation>>);
  return (
    <main className="mx-auto max-w-3xl px-6 py-12">
      <Link href="/" className="text-sm text-indigo-600 hover:underline">
        ← Facet
      </Link>
      <h1 className="mt-4 text-2xl font-semibold">API reference</h1>
      <p className="mt-2 text-sm text-slate-600">
        {openApiDocument.info.description} Keys are made in Settings → API keys. Machine-readable:{" "}
        <a className="text-indigo-600 hover:underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>
        .
      </p>
      <p className="mt-2 text-sm text-slate-600">
        Send a key as <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;key&gt;</code> or as the HTTP Basic username
        with an empty password. The ingest calls follow Segment&apos;s HTTP tracking spec, so its libraries work by changing their host.
      </p>
      {paths.map(([path, operations]) => (
        <Card key={path} className="mt-4">
          {Object.entries(operations).map(([method, op]) => (
            <div key={method} className="py-1">
              <p className="font-mono text-sm">
                <span className="mr-2 rounded bg-indigo-50 px-1.5 py-0.5 font-semibold uppercase text-indigo-700">{method}</span>/api/v1
                {path}
              </p>
              <p className="mt-1 text-sm text-slate-700">{op.summary}</p>
              <p className="mt-1 text-xs text-slate-500">
                {Object.entries(op.responses)
                  .map(([code, r]) => `${code} ${r.description}`)
                  .join(" · ")}
              </p>
            </div>
          ))}
        </Card>
      ))}
    </main>
  );
}
