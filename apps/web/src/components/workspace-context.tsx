"use client";
import { createContext, useContext, type ReactNode } from "react";
import { roleRank, type Role } from "@facet/validators";

export interface CurrentWorkspace {
  id: string;
  name: string;
  slug: string;
  role: Role;
}

/** The workspace of the page, and who is looking at it. */
export interface WorkspaceView extends CurrentWorkspace {
  userId: string;
}

const WorkspaceContext = createContext<WorkspaceView | null>(null);

export function WorkspaceProvider({ value, children }: { value: WorkspaceView; children: ReactNode }) {
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

/** The workspace of the current /w/[slug] page. */
export function useWorkspace(): WorkspaceView & { can: (min: Role) => boolean } {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error("useWorkspace must be used inside a /w/[slug] page");
  return { ...ws, can: (min) => roleRank[ws.role] >= roleRank[min] };
}
