import { z } from "zod";

/** Segment sends ids as strings, sometimes numbers. */
const id = z.union([z.string().trim().min(1).max(200), z.number().finite()]).transform(String);
const object = z.record(z.string().max(200), z.unknown());
/** An ISO-8601 time in years 1 to 9999, the range PostgreSQL and ISO strings share. */
const timestamp = z
  .string()
  .max(64)
  .refine((s) => !Number.isNaN(new Date(s).getTime()), "Not a valid ISO-8601 time")
  .refine((s) => {
    const year = new Date(s).getUTCFullYear();
    return Number.isNaN(year) || (year >= 1 && year <= 9999);
  }, "Must be a time in years 1 to 9999");

const common = {
  userId: id.nullish(),
  anonymousId: id.nullish(),
  messageId: z.string().max(200).nullish(),
  timestamp: timestamp.nullish(),
  sentAt: timestamp.nullish(),
  originalTimestamp: timestamp.nullish(),
  context: object.nullish(),
  integrations: object.nullish(),
};

const needsId = (m: { userId?: string | null; anonymousId?: string | null }) => Boolean(m.userId || m.anonymousId);
const idMessage = { message: "Either userId or anonymousId is required" };

export const identifyMessage = z.object({ ...common, type: z.literal("identify"), traits: object.nullish() }).refine(needsId, idMessage);
export const trackMessage = z
  .object({
    ...common,
    type: z.literal("track"),
    event: z.string().trim().min(1, "event is required").max(200),
    properties: object.nullish(),
  })
  .refine(needsId, idMessage);
export const pageMessage = z
  .object({
    ...common,
    type: z.literal("page"),
    name: z.string().max(200).nullish(),
    category: z.string().max(200).nullish(),
    properties: object.nullish(),
  })
  .refine(needsId, idMessage);
export const screenMessage = z
  .object({ ...common, type: z.literal("screen"), name: z.string().max(200).nullish(), properties: object.nullish() })
  .refine(needsId, idMessage);
export const groupMessage = z
  .object({ ...common, type: z.literal("group"), groupId: id, traits: object.nullish() })
  .refine(needsId, idMessage);
export const aliasMessage = z.object({ ...common, type: z.literal("alias"), userId: id, previousId: id });

export const ingestMessage = z.union([identifyMessage, trackMessage, pageMessage, screenMessage, groupMessage, aliasMessage]);
export type IngestMessage = z.infer<typeof ingestMessage>;
export const ingestTypes = ["identify", "track", "page", "screen", "group", "alias"] as const;
export type IngestType = (typeof ingestTypes)[number];

export const messageSchemas: Record<IngestType, z.ZodType<IngestMessage>> = {
  identify: identifyMessage,
  track: trackMessage,
  page: pageMessage,
  screen: screenMessage,
  group: groupMessage,
  alias: aliasMessage,
};

export const batchBody = z.object({
  batch: z.array(z.unknown(), "expected a list of messages").min(1, "batch is empty").max(2500, "At most 2,500 messages a batch"),
  context: object.nullish(),
});
