import { audit } from "@facet/domain";
import { auditLogListInput } from "@facet/validators";
import { requireRole, router } from "../trpc";

export const auditLogRouter = router({
  list: requireRole("admin")
    .input(auditLogListInput)
    .query(({ ctx, input }) => audit.listAuditLog(ctx.scope, input)),
});
