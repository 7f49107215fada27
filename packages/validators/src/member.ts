import { z } from "zod";
import { email } from "./account";
import { idOf, pageInput } from "./common";

export const roles = ["owner", "admin", "editor", "viewer"] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

/** Higher number = more rights. Each role can do everything the roles below it can. */
export const roleRank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

export const roleLabels: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  editor: "Editor",
  viewer: "Viewer",
};

export const createInvitationInput = z.object({ workspaceId: idOf("ws"), email, role });
export const invitationIdInput = z.object({ workspaceId: idOf("ws"), invitationId: idOf("inv") });
export const invitationTokenInput = z.object({ token: z.string().min(20).max(100) });

export const updateMemberRoleInput = z.object({ workspaceId: idOf("ws"), userId: idOf("usr"), role });
export const memberIdInput = z.object({ workspaceId: idOf("ws"), userId: idOf("usr") });

export const auditLogListInput = pageInput.extend({ workspaceId: idOf("ws") });
