import { accountRouter } from "./routers/account";
import { auditLogRouter } from "./routers/audit-log";
import { invitationRouter } from "./routers/invitation";
import { memberRouter } from "./routers/member";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  account: accountRouter,
  workspace: workspaceRouter,
  member: memberRouter,
  invitation: invitationRouter,
  auditLog: auditLogRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
