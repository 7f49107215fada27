import { accountRouter } from "./routers/account";
import { apiKeyRouter } from "./routers/api-key";
import { attributeRouter } from "./routers/attribute";
import { campaignRouter, destinationRouter } from "./routers/campaign";
import { customerRouter } from "./routers/customer";
import { discoveryRouter } from "./routers/discovery";
import { importJobRouter } from "./routers/import-job";
import { healthRouter } from "./routers/health";
import { ingestLogRouter } from "./routers/ingest-log";
import { auditLogRouter } from "./routers/audit-log";
import { invitationRouter } from "./routers/invitation";
import { memberRouter } from "./routers/member";
import { notificationRouter } from "./routers/notification";
import { personaRouter } from "./routers/persona";
import { segmentRouter } from "./routers/segment";
import { segmentCheckRouter } from "./routers/segment-check";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  account: accountRouter,
  workspace: workspaceRouter,
  member: memberRouter,
  invitation: invitationRouter,
  auditLog: auditLogRouter,
  attribute: attributeRouter,
  customer: customerRouter,
  importJob: importJobRouter,
  apiKey: apiKeyRouter,
  ingestLog: ingestLogRouter,
  segment: segmentRouter,
  segmentCheck: segmentCheckRouter,
  persona: personaRouter,
  campaign: campaignRouter,
  destination: destinationRouter,
  discovery: discoveryRouter,
  notification: notificationRouter,
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
