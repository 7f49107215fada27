import { z } from "zod";

/** A keyset page request: `cursor` is the opaque value returned as `nextCursor` by the previous page. */
export const pageInput = z.object({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(1000).default(25),
});
export type PageInput = z.infer<typeof pageInput>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const idOf = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{10,40}$`), "Not a valid id");

export const workspaceIdInput = z.object({ workspaceId: idOf("ws") });
