import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { z } from "zod";
import {
  campaignIdInput,
  customerIdInput,
  listCampaignsInput,
  listCustomersInput,
  listSegmentsInput,
  pageInput,
  createSegmentInput,
  previewSegmentInput,
  segmentChangesInput,
  segmentCheckIdInput,
  createSegmentCheckInput,
  segmentIdInput,
  updateCustomerInput,
} from "@facet/validators";
import type { AppRouter } from "../root";
import * as rest from "./schemas";

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;
/** "customer.byId", "segment.create", … : every procedure of the router. */
export type ProcedurePath = {
  [A in keyof Inputs]: { [B in keyof Inputs[A]]: `${A & string}.${B & string}` }[keyof Inputs[A]];
}[keyof Inputs];
type At<T, P> = P extends `${infer A}.${infer B}` ? (A extends keyof T ? (B extends keyof T[A] ? T[A][B] : never) : never) : never;

export type Method = "get" | "post" | "put" | "delete";
type AnyObject = z.ZodObject;

/**
 * One REST API v1 operation, served by one tRPC procedure. Path parameters, query and body are cut
 * from the procedure's own input validator, so REST validates exactly as the app does; `input` puts
 * them together (the adapter adds the key's workspaceId), `present` gives the procedure's result its
 * public REST shape.
 */
export interface RestOperation<P extends ProcedurePath = ProcedurePath, Q extends AnyObject = AnyObject, B extends AnyObject = AnyObject> {
  method: Method;
  /** OpenAPI path template under /api/v1, e.g. "/customers/{id}". */
  path: string;
  procedure: P;
  summary: string;
  tag: "Customers" | "Segments" | "Campaigns";
  /** Path parameters: their validator and what they name ("customer" gives "Not a valid customer id."). */
  params?: Record<string, { schema: z.ZodType<string>; thing: string }>;
  query?: Q;
  body?: { name: string; schema: B; description: string };
  input: (values: { params: Record<string, string>; query: z.output<Q>; body: z.output<B> }) => Omit<At<Inputs, P>, "workspaceId">;
  status: 200 | 201 | 204;
  /** The response schema (a named component); none for 204. */
  response?: z.ZodType;
  present?: (result: At<Outputs, P>) => unknown;
  /** Statuses this operation answers beyond the common ones, and why. */
  errors?: Record<number, string>;
}

function operation<
  P extends ProcedurePath,
  Q extends AnyObject = AnyObject,
  B extends AnyObject = AnyObject,
  R extends z.ZodType = z.ZodType,
>(
  op: Omit<RestOperation<P, Q, B>, "response" | "present"> & { response?: R; present?: (result: At<Outputs, P>) => z.input<R> },
): RestOperation {
  return op as unknown as RestOperation;
}

/** REST pages default to 100 items (the app's to 25); at most 1,000. */
const limit = pageInput.shape.limit.unwrap().default(100);
const customerId = { id: { schema: customerIdInput.shape.customerId, thing: "customer" } };
const segmentId = { id: { schema: segmentIdInput.shape.segmentId, thing: "segment" } };
const campaignId = { id: { schema: campaignIdInput.shape.campaignId, thing: "campaign" } };
const checkId = { ...segmentId, checkId: { schema: segmentCheckIdInput.shape.checkId, thing: "check" } };
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const presentCustomer = (c: Outputs["customer"]["byId"]): z.input<typeof rest.customer> => ({
  id: c.id,
  email: c.email,
  name: c.name,
  externalId: c.externalId,
  createdAt: c.createdAt.toISOString(),
  attributes: c.values,
});

type SegmentRow = Outputs["segment"]["list"]["items"][number];
const presentSegmentSummary = (s: Omit<SegmentRow, "owner" | "share" | "sizes">): z.input<typeof rest.segmentSummary> => ({
  id: s.id,
  name: s.name,
  description: s.description,
  tags: s.tags,
  schedule: s.schedule,
  version: s.version,
  members: s.memberCount,
  refreshedAt: iso(s.refreshedAt),
});
const presentSegment = (s: Omit<Outputs["segment"]["byId"], "refreshJob">): z.input<typeof rest.segment> => ({
  ...presentSegmentSummary(s),
  definition: s.definition,
});

const presentCheck = (c: Outputs["segmentCheck"]["list"][number]): z.input<typeof rest.segmentCheck> => ({
  id: c.id,
  segmentId: c.segmentId,
  rule: c.rule,
  description: c.description,
  status: c.status,
  value: c.value,
  measured: c.measured,
  cause: c.cause,
  checkedAt: iso(c.checkedAt),
  statusSince: iso(c.statusSince),
});

type CampaignRow = Outputs["campaign"]["list"]["items"][number];
const campaignBase = (c: Omit<CampaignRow, "segments" | "updatedAt">) => ({
  id: c.id,
  name: c.name,
  channel: c.channel,
  status: c.status,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  owner: c.owner,
  launchedAt: iso(c.launchedAt),
  audience: c.launchedAt ? c.audienceSize : null,
});

export const restOperations: RestOperation[] = [
  operation({
    method: "get",
    path: "/customers",
    procedure: "customer.list",
    tag: "Customers",
    summary: "List customers, newest first",
    query: listCustomersInput.pick({ q: true, cursor: true }).extend({ limit }),
    input: ({ query }) => query,
    status: 200,
    response: rest.customerPage,
    present: (page) => ({ data: page.items.map((c) => ({ id: c.id, attributes: c.values })), nextCursor: page.nextCursor }),
  }),
  operation({
    method: "get",
    path: "/customers/{id}",
    procedure: "customer.byId",
    tag: "Customers",
    summary: "A customer",
    params: customerId,
    input: ({ params }) => ({ customerId: params.id! }),
    status: 200,
    response: rest.customer,
    present: presentCustomer,
  }),
  operation({
    method: "put",
    path: "/customers/{id}",
    procedure: "customer.update",
    tag: "Customers",
    summary: "Update a customer (all or nothing)",
    params: customerId,
    body: {
      name: "CustomerUpdate",
      schema: updateCustomerInput.omit({ workspaceId: true, customerId: true }),
      description: "Fields to change; traits are attribute values by key, and a null or blank value clears one.",
    },
    input: ({ params, body }) => ({ ...body, customerId: params.id! }),
    status: 200,
    response: rest.customer,
    present: presentCustomer,
    errors: { 409: "Another customer already has this email or external id" },
  }),
  operation({
    method: "delete",
    path: "/customers/{id}",
    procedure: "customer.delete",
    tag: "Customers",
    summary: "Erase a customer and their events",
    params: customerId,
    input: ({ params }) => ({ customerIds: [params.id!] }),
    status: 204,
  }),
  operation({
    method: "get",
    path: "/customers/{id}/segment-changes",
    procedure: "customer.segmentHistory",
    tag: "Customers",
    summary: "The segments the customer entered and left, newest first, with the cause",
    params: customerId,
    query: pageInput.pick({ cursor: true }).extend({ limit }),
    input: ({ params, query }) => ({ ...query, customerId: params.id! }),
    status: 200,
    response: rest.customerSegmentChangePage,
    present: (page) => ({
      data: page.items.map(({ id: _, ...c }) => ({ ...c, at: c.at.toISOString() })),
      nextCursor: page.nextCursor,
    }),
  }),
  operation({
    method: "get",
    path: "/segments",
    procedure: "segment.list",
    tag: "Segments",
    summary: "List segments, most recently changed first",
    query: listSegmentsInput.pick({ q: true, cursor: true }).extend({ limit }),
    input: ({ query }) => ({ ...query, archived: false }),
    status: 200,
    response: rest.segmentPage,
    present: (page) => ({ data: page.items.map(presentSegmentSummary), nextCursor: page.nextCursor }),
  }),
  operation({
    method: "post",
    path: "/segments",
    procedure: "segment.create",
    tag: "Segments",
    summary: "Save a segment and compute its members",
    body: {
      name: "SegmentCreate",
      schema: createSegmentInput.omit({ workspaceId: true }),
      description: "The new segment; its members are computed before the answer.",
    },
    input: ({ body }) => body,
    status: 201,
    response: rest.segment,
    present: presentSegment,
  }),
  operation({
    method: "post",
    path: "/segments/preview",
    procedure: "segment.preview",
    tag: "Segments",
    summary: "Count and sample the customers a definition selects (nothing saved)",
    body: { name: "SegmentPreviewRequest", schema: previewSegmentInput.pick({ definition: true }), description: "The definition to try." },
    input: ({ body }) => body,
    status: 200,
    response: rest.segmentPreview,
    present: (p) => ({ count: p.count, total: p.total, share: p.share, conditions: p.conditions, sample: p.sample }),
  }),
  operation({
    method: "get",
    path: "/segments/{id}",
    procedure: "segment.byId",
    tag: "Segments",
    summary: "A segment with its definition",
    params: segmentId,
    input: ({ params }) => ({ segmentId: params.id! }),
    status: 200,
    response: rest.segment,
    present: presentSegment,
  }),
  operation({
    method: "get",
    path: "/segments/{id}/members",
    procedure: "segment.members",
    tag: "Segments",
    summary: "Members as of the last refresh, by customer id",
    params: segmentId,
    query: pageInput.pick({ cursor: true }).extend({ limit }),
    input: ({ params, query }) => ({ ...query, segmentId: params.id! }),
    status: 200,
    response: rest.segmentMemberPage,
    present: (page) => ({ data: page.items.map((m) => ({ ...m, since: m.since.toISOString() })), nextCursor: page.nextCursor }),
  }),
  operation({
    method: "get",
    path: "/segments/{id}/changes",
    procedure: "segment.changes",
    tag: "Segments",
    summary: "Who entered and left the segment, in order, with the cause; follow it by passing nextCursor as since",
    params: segmentId,
    query: segmentChangesInput.pick({ since: true, limit: true }),
    input: ({ params, query }) => ({ ...query, segmentId: params.id! }),
    status: 200,
    response: rest.segmentChangePage,
    present: (page) => ({ data: page.items.map((c) => ({ ...c, at: c.at.toISOString() })), nextCursor: page.nextCursor }),
  }),
  operation({
    method: "get",
    path: "/segments/{id}/checks",
    procedure: "segmentCheck.list",
    tag: "Segments",
    summary: "The segment's checks with their last measure and status",
    params: segmentId,
    input: ({ params }) => ({ segmentId: params.id! }),
    status: 200,
    response: rest.segmentCheckList,
    present: (list) => ({ data: list.map(presentCheck) }),
  }),
  operation({
    method: "post",
    path: "/segments/{id}/checks",
    procedure: "segmentCheck.create",
    tag: "Segments",
    summary: "Add a check to the segment; it is measured before the answer",
    params: segmentId,
    body: {
      name: "SegmentCheckCreate",
      schema: createSegmentCheckInput.pick({ rule: true }),
      description: "The check's rule; it is measured on every change batch and refresh that moves the segment.",
    },
    input: ({ params, body }) => ({ ...body, segmentId: params.id! }),
    status: 201,
    response: rest.segmentCheck,
    present: presentCheck,
  }),
  operation({
    method: "put",
    path: "/segments/{id}/checks/{checkId}",
    procedure: "segmentCheck.update",
    tag: "Segments",
    summary: "Change a check's rule; it is measured again before the answer",
    params: checkId,
    body: {
      name: "SegmentCheckUpdate",
      schema: createSegmentCheckInput.pick({ rule: true }),
      description: "The check's new rule.",
    },
    input: ({ params, body }) => ({ ...body, segmentId: params.id!, checkId: params.checkId! }),
    status: 200,
    response: rest.segmentCheck,
    present: presentCheck,
  }),
  operation({
    method: "delete",
    path: "/segments/{id}/checks/{checkId}",
    procedure: "segmentCheck.delete",
    tag: "Segments",
    summary: "Remove a check and its history",
    params: checkId,
    input: ({ params }) => ({ segmentId: params.id!, checkId: params.checkId! }),
    status: 204,
  }),
  operation({
    method: "get",
    path: "/campaigns",
    procedure: "campaign.list",
    tag: "Campaigns",
    summary: "List campaigns, most recently changed first (archived ones only when asked for by status)",
    query: listCampaignsInput.pick({ q: true, status: true, cursor: true }).extend({ limit }),
    input: ({ query }) => query,
    status: 200,
    response: rest.campaignPage,
    present: (page) => ({ data: page.items.map((c) => ({ ...campaignBase(c), segments: c.segments })), nextCursor: page.nextCursor }),
  }),
  operation({
    method: "get",
    path: "/campaigns/{id}",
    procedure: "campaign.byId",
    tag: "Campaigns",
    summary: "A campaign with its segments and variants",
    params: campaignId,
    input: ({ params }) => ({ campaignId: params.id! }),
    status: 200,
    response: rest.campaign,
    present: (c) => ({
      ...campaignBase(c),
      goal: c.goal,
      holdoutPercent: c.holdoutPercent,
      holdout: c.launchedAt ? c.holdoutSize : null,
      segments: c.include.map((t) => ({ id: t.segmentId, name: t.name })),
      excludedSegments: c.exclude.map((t) => ({ id: t.segmentId, name: t.name })),
      variants: c.variants,
      conversion: { event: c.conversionEvent, windowDays: c.conversionWindowDays },
    }),
  }),
  operation({
    method: "get",
    path: "/campaigns/{id}/audience",
    procedure: "campaign.audience",
    tag: "Campaigns",
    summary: "The audience frozen at launch, by customer id",
    params: campaignId,
    query: pageInput.pick({ cursor: true }).extend({ limit }),
    input: ({ params, query }) => ({ ...query, campaignId: params.id! }),
    status: 200,
    response: rest.audiencePage,
    present: (page) => ({ data: page.items, nextCursor: page.nextCursor }),
    errors: { 409: "The campaign hasn't launched" },
  }),
];

/** "GET /customers/{id}": how tests and logs name an operation. */
export const operationName = (op: Pick<RestOperation, "method" | "path">) => `${op.method.toUpperCase()} ${op.path}`;
