import { member } from "@facet/domain";
import { memberIdInput, updateMemberRoleInput } from "@facet/validators";
import { requireRole, router, workspaceProcedure } from "../trpc";

export const memberRouter = router({
  list: workspaceProcedure.query(({ ctx }) => member.listMembers(ctx.scope)),
  updateRole: requireRole("admin")
    .input(updateMemberRoleInput)
    .mutation(({ ctx, input }) => member.updateMemberRole(ctx.scope, input.userId, input.role)),
  /** Removes a member; any member may remove themselves (leave). */
  delete: workspaceProcedure.input(memberIdInput).mutation(({ ctx, input }) => member.removeMember(ctx.scope, input.userId)),
});
