import { z } from "zod";
import { idOf } from "./common";

export const workspaceSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters")
  .max(40, "Use at most 40 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes");

export const workspaceName = z.string().trim().min(1, "Enter a name").max(80, "Use at most 80 characters");

export const createWorkspaceInput = z.object({ name: workspaceName, slug: workspaceSlug });
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceInput>;

export const updateWorkspaceInput = z.object({
  workspaceId: idOf("ws"),
  name: workspaceName.optional(),
  slug: workspaceSlug.optional(),
});
export type UpdateWorkspaceInput = z.infer<typeof updateWorkspaceInput>;

export const deleteWorkspaceInput = z.object({
  workspaceId: idOf("ws"),
  /** The user types the workspace slug to confirm. */
  confirmSlug: z.string(),
});

/** Suggest a slug from a workspace name ("Acme Corp." -> "acme-corp"). */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

/** The demo workspace from the app: up to 50,000 customers (more with `pnpm seed`). */
export const createDemoInput = z.object({
  customers: z.number().int().min(100, "At least 100 customers").max(50_000, "Up to 50,000 from the app; run pnpm seed for more"),
});

/** The user's demo workspace in the making: a job id, or none for their latest. */
export const demoStatusInput = z.object({ jobId: z.uuid("Not a job id").optional() });
