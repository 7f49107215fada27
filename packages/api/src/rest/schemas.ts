import { z } from "zod";
import {
  campaignChannels,
  campaignStatuses,
  campaignVariant,
  definitionLimits,
  ruleGroup,
  segmentCheckRule,
  segmentCheckStatuses,
  segmentDefinition,
  segmentSchedules,
} from "@facet/validators";

/** What REST API v1 answers, as zod schemas: the presenters are typed by them and the OpenAPI document is generated from them. */
export const components = z.registry<{ id: string; description?: string; externalDocs?: { description: string; url: string } }>();

const named = <T extends z.ZodType>(id: string, schema: T, description?: string): T => {
  components.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
};

/** Where the app explains segment definitions to people (the schema below is the exact contract). */
export const segmentDefinitionDocs = "/docs/segment-definitions";

components.add(segmentDefinition, {
  id: "SegmentDefinition",
  description:
    "A segment's rules, version 1: a root group of attribute, event and segment conditions combined with and/or, " +
    `groups nested at most ${definitionLimits.depth} deep, at most ${definitionLimits.conditions} conditions and ${definitionLimits.references} segment conditions. ` +
    "A customer without a value matches only is_not_set.",
  externalDocs: { description: "Segment definitions explained, with examples", url: segmentDefinitionDocs },
});
// The group is recursive (a group holds groups): one named schema that refers to itself.
components.add(ruleGroup, { id: "RuleGroup" });

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]+$`));
const time = z.iso.datetime();

export const errorBody = named(
  "Error",
  z.strictObject({
    error: z.strictObject({
      message: z.string().describe("What went wrong, in words to show a person"),
      code: z.string().describe("UNAUTHORIZED, FORBIDDEN, NOT_FOUND, BAD_REQUEST, CONFLICT, PAYLOAD_TOO_LARGE, … "),
      field: z.string().nullable().optional().describe("The input field the message is about, when there is one"),
      requestId: z.string().optional().describe("Quote it to support (unexpected errors only)"),
    }),
  }),
);

const page = <T extends z.ZodType>(name: string, item: T) =>
  named(
    `${name}Page`,
    z.strictObject({
      data: z.array(item),
      nextCursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last"),
    }),
  );

const attributes = z.record(z.string(), z.unknown()).describe("Every attribute value by key, built-in ones included");

export const customerSummary = named("CustomerSummary", z.strictObject({ id: id("cus"), attributes }));
export const customerPage = page("Customer", customerSummary);
export const customer = named(
  "Customer",
  z.strictObject({
    id: id("cus"),
    email: z.string().nullable(),
    name: z.string().nullable(),
    externalId: z.string().nullable(),
    createdAt: time,
    attributes,
  }),
);

const segmentFields = {
  id: id("seg"),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  schedule: z.enum(segmentSchedules),
  version: z.number().int().describe("Version of the definition"),
  members: z.number().int().describe("Members as of the last refresh"),
  refreshedAt: time.nullable(),
};
export const segmentSummary = named("SegmentSummary", z.strictObject(segmentFields));
export const segmentPage = page("Segment", segmentSummary);
export const segment = named("Segment", z.strictObject({ ...segmentFields, definition: segmentDefinition }));

const person = { id: id("cus"), email: z.string().nullable(), name: z.string().nullable(), externalId: z.string().nullable() };
export const segmentMember = named("SegmentMember", z.strictObject({ ...person, since: time.describe("In the segment since") }));
export const segmentMemberPage = page("SegmentMember", segmentMember);

export const segmentChange = named(
  "SegmentChange",
  z.strictObject({
    customerId: id("cus"),
    email: z.string().nullable().describe("Null once the customer is erased"),
    name: z.string().nullable(),
    change: z.enum(["entered", "exited"]),
    at: time,
    cause: z
      .string()
      .describe(
        "Why: event, identify, import, edit, merge, erase, created (a new customer), or a refresh's reason (created, edited, manual, schedule)",
      ),
    detail: z.record(z.string(), z.unknown()).describe("The events, attribute keys or import behind the change"),
  }),
);
export const segmentChangePage = named(
  "SegmentChangePage",
  z.strictObject({
    data: z.array(segmentChange),
    nextCursor: z.string().describe("Pass as since for the changes after these; returned even when there are none yet"),
  }),
);

components.add(segmentCheckRule, {
  id: "SegmentCheckRule",
  description:
    "What a check asserts, by kind: size (a share of all customers in percent, or a number of members, between min and max), " +
    "overlap (at most maxPercent of members also in segmentId), known (attribute has a value for at least minPercent of members), " +
    "change (the size moved by at most maxPercent over periodHours).",
});
export const segmentCheck = named(
  "SegmentCheck",
  z.strictObject({
    id: id("chk"),
    segmentId: id("seg"),
    rule: segmentCheckRule,
    description: z.string().describe("The rule in words"),
    status: z.enum(segmentCheckStatuses).describe("pending until first measured; unknown when the other segment or attribute is gone"),
    value: z.number().nullable().describe("The measure in the rule's unit (a percentage, or members for a size in members)"),
    measured: z.string().describe("The measure in words"),
    cause: z.string().describe("While failing: the changes that moved the segment, from its change log"),
    checkedAt: time.nullable(),
    statusSince: time.nullable(),
  }),
);
export const segmentCheckList = named("SegmentCheckList", z.strictObject({ data: z.array(segmentCheck) }));
export const customerSegmentChange = named(
  "CustomerSegmentChange",
  z.strictObject({
    segmentId: id("seg"),
    segmentName: z.string(),
    change: z.enum(["entered", "exited"]),
    at: time,
    cause: segmentChange.shape.cause,
    detail: segmentChange.shape.detail,
  }),
);
export const customerSegmentChangePage = named(
  "CustomerSegmentChangePage",
  z.strictObject({
    data: z.array(customerSegmentChange),
    nextCursor: z.string().nullable().describe("Pass as cursor for older changes; null at the start of the log"),
  }),
);

export const segmentPreview = named(
  "SegmentPreview",
  z.strictObject({
    count: z.number().int().describe("Customers the definition selects"),
    total: z.number().int().describe("Customers in the workspace"),
    share: z.number().min(0).max(1),
    conditions: z.array(z.number().int()).describe("Customers each top-level condition selects on its own"),
    sample: z.array(
      z.strictObject({ ...person, values: z.record(z.string(), z.unknown()).describe("The values of the attributes the definition uses") }),
    ),
  }),
);

const day = z.iso.date();
const campaignFields = {
  id: id("cmp"),
  name: z.string(),
  channel: z.enum(campaignChannels),
  status: z.enum(campaignStatuses),
  startsOn: day.nullable(),
  endsOn: day.nullable(),
  owner: z.string().nullable(),
  launchedAt: time.nullable(),
  audience: z.number().int().nullable().describe("Customers in the frozen audience (holdout included); null before launch"),
};
export const campaignSummary = named(
  "CampaignSummary",
  z.strictObject({ ...campaignFields, segments: z.array(z.string()).describe("Names of the targeted segments, in order") }),
);
export const campaignPage = page("Campaign", campaignSummary);
const segmentRef = z.strictObject({ id: id("seg"), name: z.string() });
export const campaign = named(
  "Campaign",
  z.strictObject({
    ...campaignFields,
    goal: z.string(),
    holdoutPercent: z.number().int(),
    holdout: z.number().int().nullable().describe("Customers held out; null before launch"),
    segments: z.array(segmentRef).describe("Targeted segments, in order"),
    excludedSegments: z.array(segmentRef),
    variants: z.array(campaignVariant).describe("A message per targeted segment; segmentId null is the default"),
    conversion: z.strictObject({ event: z.string(), windowDays: z.number().int() }),
  }),
);
export const audienceMember = named(
  "AudienceMember",
  z.strictObject({ ...person, segmentId: id("seg").describe("The targeted segment whose variant they get"), holdout: z.boolean() }),
);
export const audiencePage = page("AudienceMember", audienceMember);
