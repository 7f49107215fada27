import { campaign } from "@facet/domain";
import {
  allowPrivateDestinationsInput,
  audienceSizeInput,
  campaignAudienceInput,
  campaignIdInput,
  campaignResultsInput,
  campaignStatusInput,
  createCampaignInput,
  createDestinationInput,
  deliverCampaignInput,
  destinationIdInput,
  launchCampaignInput,
  listCampaignsInput,
  previewMessageInput,
  updateCampaignInput,
} from "@facet/validators";
import { requireRole, router, workspaceProcedure } from "../trpc";

export const campaignRouter = router({
  list: workspaceProcedure.input(listCampaignsInput).query(({ ctx, input }) => campaign.listCampaigns(ctx.scope, input)),
  byId: workspaceProcedure.input(campaignIdInput).query(({ ctx, input }) => campaign.campaignById(ctx.scope, input.campaignId)),
  create: requireRole("editor")
    .input(createCampaignInput)
    .mutation(({ ctx, input }) => campaign.createCampaign(ctx.scope, input)),
  update: requireRole("editor")
    .input(updateCampaignInput)
    .mutation(({ ctx, input }) => campaign.updateCampaign(ctx.scope, input)),
  setStatus: requireRole("editor")
    .input(campaignStatusInput)
    .mutation(({ ctx, input }) => campaign.setCampaignStatus(ctx.scope, input.campaignId, input.status)),
  /** The de-duplicated audience of targets minus exclusions, live while editing. */
  audienceSize: workspaceProcedure
    .input(audienceSizeInput)
    .query(({ ctx, input }) => campaign.audienceSize(ctx.scope, input.include, input.exclude)),
  /** A variant rendered for a sample member (or the customer asked for). */
  previewMessage: workspaceProcedure
    .input(previewMessageInput)
    .query(({ ctx, input }) => campaign.previewMessage(ctx.scope, input.variant, input.customerId)),
  launch: requireRole("editor")
    .input(launchCampaignInput)
    .mutation(({ ctx, input }) => campaign.launchCampaign(ctx.scope, input.campaignId, input.audienceSize, { early: input.early })),
  audience: workspaceProcedure
    .input(campaignAudienceInput)
    .query(({ ctx, input }) => campaign.audiencePage(ctx.scope, input.campaignId, input)),
  results: workspaceProcedure
    .input(campaignResultsInput)
    .query(({ ctx, input }) => campaign.campaignResults(ctx.scope, input.campaignId, input)),
  deliver: requireRole("editor")
    .input(deliverCampaignInput)
    .mutation(({ ctx, input }) => campaign.deliverCampaign(ctx.scope, input.campaignId, input.destinationId)),
  deliveries: workspaceProcedure.input(campaignIdInput).query(({ ctx, input }) => campaign.listDeliveries(ctx.scope, input.campaignId)),
});

export const destinationRouter = router({
  list: workspaceProcedure.query(({ ctx }) => campaign.listDestinations(ctx.scope)),
  create: requireRole("admin")
    .input(createDestinationInput)
    .mutation(({ ctx, input }) => campaign.createDestination(ctx.scope, input)),
  archive: requireRole("admin")
    .input(destinationIdInput)
    .mutation(({ ctx, input }) => campaign.archiveDestination(ctx.scope, input.destinationId)),
  settings: workspaceProcedure.query(({ ctx }) => campaign.workspaceDeliverySettings(ctx.scope)),
  setAllowPrivate: requireRole("admin")
    .input(allowPrivateDestinationsInput)
    .mutation(({ ctx, input }) => campaign.setAllowPrivateDestinations(ctx.scope, input.allow)),
});
