import { z } from "zod";
import { idOf, pageInput } from "./common";

export const apiKeyKinds = ["write", "readWrite"] as const;
export const apiKeyKindLabels: Record<(typeof apiKeyKinds)[number], string> = {
  write: "Write only (ingest API)",
  readWrite: "Read and write (REST API)",
};

export const createApiKeyInput = z.object({
  workspaceId: idOf("ws"),
  name: z.string().trim().min(1, "Name the key, e.g. after where it is used").max(80),
  kind: z.enum(apiKeyKinds),
});
export const apiKeyIdInput = z.object({ workspaceId: idOf("ws"), apiKeyId: idOf("key") });

/** A page of the ingest log: the messages the tracking API refused, of every key or one. */
export const ingestLogListInput = pageInput.extend({ workspaceId: idOf("ws"), apiKeyId: idOf("key").nullish() });

/** Refused messages the ingest log keeps per key: the latest ones. */
export const ingestLogKeptPerKey = 200;
