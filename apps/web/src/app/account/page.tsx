import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@facet/ui";
import { api, load } from "~/server/caller";
import { RevokeSessions } from "./revoke-sessions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const caller = await api();
  const me = await load(() => caller.account.me(), "/account");
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <Link href="/workspaces" className="text-sm text-indigo-600 hover:underline">
        ← Workspaces
      </Link>
      <h1 className="mt-4 text-2xl font-semibold">Your account</h1>
      <Card className="mt-6">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-500">Name</dt>
          <dd>{me.name}</dd>
          <dt className="text-slate-500">Email</dt>
          <dd>{me.email}</dd>
        </dl>
      </Card>
      <Card className="mt-6">
        <h2 className="text-lg font-semibold">Sessions</h2>
        <p className="mt-1 text-sm text-slate-600">
          Sessions last up to 7 days. Signing out everywhere ends every session of this account, on every device, including this one.
        </p>
        <div className="mt-4">
          <RevokeSessions />
        </div>
      </Card>
    </main>
  );
}
