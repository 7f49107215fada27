"use client";
import type { ReactNode } from "react";
import { cn } from "@facet/ui";
import { useWorkspace } from "./workspace-context";

/** Whether the person looking may change things in this workspace (editors, admins and owners). */
export function useCanEdit(): boolean {
  return useWorkspace().can("editor");
}

/**
 * An editor that viewers see read-only: a disabled fieldset disables every input, select, textarea and button
 * inside it, however deeply nested, so a control added later can't forget the check.
 */
export function ViewerLock({ children, className, label }: { children: ReactNode; className?: string; label?: string }) {
  const canEdit = useCanEdit();
  return (
    <fieldset disabled={!canEdit} aria-label={label} className={cn("m-0 min-w-0 border-0 p-0", className)}>
      {canEdit ? null : (
        <p className="mb-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600" data-testid="read-only">
          You are a viewer in this workspace, so this is read-only. An admin can make you an editor.
        </p>
      )}
      {children}
    </fieldset>
  );
}
