import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@facet/ui";
import { roleLabels } from "@facet/validators";
import { api, ifSignedIn, load } from "~/server/caller";
import { SignOutButton } from "~/components/sign-out-button";
import { AcceptInvitation } from "./accept-invitation";

export const metadata: Metadata = { title: "Invitation" };

const statusText = {
  accepted: "This invitation has already been used.",
  revoked: "This invitation was revoked. Ask an admin of the workspace for a new one.",
  expired: "This invitation has expired. Ask an admin of the workspace for a new one.",
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const caller = await api();
  const invite = await load(() => caller.invitation.byToken({ token }));
  const me = await ifSignedIn(() => caller.account.me());
  const returnTo = `/invite/${token}`;

  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <Card className="w-full max-w-md">
        <p className="text-sm font-semibold text-indigo-600">Invitation</p>
        <h1 className="mt-1 text-xl font-semibold">Join {invite.workspaceName} on Facet</h1>
        <p className="mt-2 text-sm text-slate-600">
          {invite.invitedByEmail ?? "An admin"} invited <strong>{invite.email}</strong> as <strong>{roleLabels[invite.role]}</strong>.
        </p>
        <div className="mt-6">
          {invite.status !== "pending" ? (
            <p role="alert" className="text-sm text-red-700">
              {statusText[invite.status]}
            </p>
          ) : !me ? (
            <div className="flex gap-3">
              <Link
                className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
                href={`/sign-up?returnTo=${encodeURIComponent(returnTo)}&email=${encodeURIComponent(invite.email)}`}
              >
                Create an account
              </Link>
              <Link
                className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50"
                href={`/sign-in?returnTo=${encodeURIComponent(returnTo)}`}
              >
                Sign in
              </Link>
            </div>
          ) : me.email !== invite.email ? (
            <div className="space-y-3 text-sm">
              <p role="alert" className="text-red-700">
                This invitation is for {invite.email}, but you are signed in as {me.email}. Sign out and sign in with the invited email to
                accept it.
              </p>
              <SignOutButton />
            </div>
          ) : (
            <AcceptInvitation token={token} workspaceName={invite.workspaceName} />
          )}
        </div>
      </Card>
    </main>
  );
}
