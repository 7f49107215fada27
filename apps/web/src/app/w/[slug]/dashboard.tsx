"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card, ErrorMessage, PageHeader, Spinner } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

export function Dashboard() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const counts = useQuery(trpc.workspace.counts.queryOptions({ workspaceId: ws.id }));

  const figures = [
    { label: "Customers", value: counts.data?.customers, href: `/w/${ws.slug}/customers` },
    { label: "Members", value: counts.data?.members, href: `/w/${ws.slug}/settings/members` },
    { label: "Pending invitations", value: counts.data?.pendingInvitations, href: `/w/${ws.slug}/settings/members` },
  ];
  return (
    <>
      <PageHeader title={ws.name} description="An overview of this workspace." />
      {counts.error ? <ErrorMessage>{errorMessage(counts.error)}</ErrorMessage> : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {figures.map((f) => (
          <Card key={f.label}>
            <p className="text-sm text-slate-500">{f.label}</p>
            <p className="mt-1 text-3xl font-semibold" data-testid={`count-${f.label.toLowerCase().replace(/ /g, "-")}`}>
              {counts.isPending ? <Spinner className="h-5 w-5 text-slate-400" /> : (f.value ?? 0).toLocaleString()}
            </p>
            <Link href={f.href} className="mt-2 inline-block text-sm text-indigo-600 hover:underline">
              View
            </Link>
          </Card>
        ))}
      </div>
      <Card className="mt-8">
        <h2 className="text-lg font-semibold">Get started</h2>
        <ol className="mt-3 list-decimal space-y-2 pl-5 text-sm text-slate-700">
          <li>
            <Link className="text-indigo-600 hover:underline" href={`/w/${ws.slug}/settings/members`}>
              Invite your team
            </Link>{" "}
            — product teams, marketers and admins each get the role they need.
          </li>
          <li>
            Bring in your customers with a{" "}
            <Link className="text-indigo-600 hover:underline" href={`/w/${ws.slug}/customers/import`}>
              CSV import
            </Link>{" "}
            or the ingest API (Settings → API keys).
          </li>
          <li>Build segments, then give each one a persona card and a campaign.</li>
        </ol>
      </Card>
    </>
  );
}
