"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button, ErrorMessage } from "@facet/ui";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

export function AcceptInvitation({ token, workspaceName }: { token: string; workspaceName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.invitation.accept.mutationOptions({
      onSuccess: ({ workspaceSlug }) => {
        toast.success(`You joined ${workspaceName}`);
        router.push(`/w/${workspaceSlug}`);
      },
    }),
  );
  return (
    <div className="space-y-3">
      {accept.error ? <ErrorMessage>{errorMessage(accept.error)}</ErrorMessage> : null}
      <Button onClick={() => accept.mutate({ token })} pending={accept.isPending}>
        Accept and join
      </Button>
    </div>
  );
}
