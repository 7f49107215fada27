import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card } from "@facet/ui";
import { roleLabels } from "@facet/validators";
import { api, load } from "~/server/caller";
import { CreateDemo } from "./create-demo";
import { CreateWorkspaceForm } from "./create-workspace-form";
import { SignOutButton } from "~/components/sign-out-button";

export const metadata: Metadata = { title: "Workspaces" };

export default async function WorkspacesPage() {
  const caller = await api();
  const [me, workspaces] = await load(() => Promise.all([caller.account.me(), caller.workspace.list()]), "/workspaces");
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <div className="mb-8 flex items-center justify-between">
        <p className="text-2xl font-bold tracking-tight text-indigo-700">Facet</p>
        <div className="flex items-center gap-3 text-sm text-slate-600">
          <Link href="/account" className="hover:underline">
            {me.email}
          </Link>
          <SignOutButton />
        </div>
      </div>
      <h1 className="text-2xl font-semibold">Your workspaces</h1>
      {workspaces.length === 0 ? (
        <p className="mt-2 text-slate-600">
          You&apos;re not in a workspace yet. Create one below, or open the invitation link a colleague sent you.
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {workspaces.map((ws) => (
            <li key={ws.id}>
              <Link href={`/w/${ws.slug}`} className="flex items-center justify-between px-4 py-3 hover:bg-slate-50">
                <span>
                  <span className="font-medium">{ws.name}</span>
                  <span className="ml-2 text-sm text-slate-500">/{ws.slug}</span>
                </span>
                <Badge>{roleLabels[ws.role]}</Badge>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Card className="mt-8">
        <h2 className="mb-4 text-lg font-semibold">Create a workspace</h2>
        <CreateWorkspaceForm />
      </Card>
      <Card className="mt-6">
        <h2 className="mb-2 text-lg font-semibold">Try a demo workspace</h2>
        <CreateDemo />
      </Card>
    </main>
  );
}
