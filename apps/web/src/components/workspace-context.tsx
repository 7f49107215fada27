"use client";
import { createContext, useContext, type ReactNode } from "react";
import { roleRank, type Role } from "@facet/validators";

export interface CurrentWorkspace {
  id: string;
  name: string;
  slug: string;
  role: Role;
}

const WorkspaceContext = createContext<CurrentWorkspace | null>(null);

export function WorkspaceProvider({ value, children }: { value: CurrentWorkspace; children: ReactNode }) {
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

/** The workspace of the current /w/[slug] page. */
export function useWorkspace(): CurrentWorkspace & { can: (min: Role) => boolean } {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error("useWorkspace must be used inside a /w/[slug] page");
  return { ...ws, can: (min) => roleRank[ws.role] >= roleRank[min] };
}
