"use client";
import { useQuery } from "@tanstack/react-query";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";

/** The workspace's attribute definitions, shared by the table, the profile and the import wizard. */
export function useAttributes(includeArchived = false) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  return useQuery(trpc.attribute.list.queryOptions({ workspaceId: ws.id, includeArchived }, { staleTime: 60_000 }));
}
