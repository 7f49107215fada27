export { campaignById, campaignRow, createCampaign, listCampaigns, setCampaignStatus, updateCampaign, variantFor } from "./campaigns";
export { audienceCsv, audiencePage, audienceSize, launchCampaign, messageFor, previewMessage, type AudienceLayout } from "./launch";
export { campaignResults } from "./results";
export { placeholdersIn, renderMessage, unknownPlaceholders } from "./message";
export { resultsVerdict, upliftOf, wilsonInterval, type Evidence, type Uplift } from "./uplift";
export * from "./delivery";
export { runCampaignSchedule } from "./schedule";
