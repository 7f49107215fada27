"use client";
import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { toast } from "sonner";
import { Button } from "@facet/ui";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

export function RevokeSessions() {
  const trpc = useTRPC();
  const revoke = useMutation(
    trpc.account.revokeSessions.mutationOptions({
      onSuccess: () => signOut({ redirectTo: "/sign-in" }),
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <Button variant="secondary" onClick={() => revoke.mutate()} pending={revoke.isPending}>
      Sign out everywhere
    </Button>
  );
}
