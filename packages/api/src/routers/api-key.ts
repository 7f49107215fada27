import { apiKey } from "@facet/domain";
import { apiKeyIdInput, createApiKeyInput } from "@facet/validators";
import { requireRole, router } from "../trpc";

export const apiKeyRouter = router({
  list: requireRole("admin").query(({ ctx }) => apiKey.listApiKeys(ctx.scope)),
  create: requireRole("admin")
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => apiKey.createApiKey(ctx.scope, input)),
  revoke: requireRole("admin")
    .input(apiKeyIdInput)
    .mutation(({ ctx, input }) => apiKey.revokeApiKey(ctx.scope, input.apiKeyId)),
});
