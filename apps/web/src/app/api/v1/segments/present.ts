import { invalid } from "@facet/domain";
import { idOf } from "@facet/validators";

/** A segment as the REST API shows it. */
export const presentSegment = (s: {
  id: string;
  name: string;
  description: string;
  tags: string[];
  schedule: string;
  version: number;
  memberCount: number;
  refreshedAt: Date | null;
  definition?: unknown;
}) => ({
  id: s.id,
  name: s.name,
  description: s.description,
  tags: s.tags,
  schedule: s.schedule,
  version: s.version,
  members: s.memberCount,
  refreshedAt: s.refreshedAt,
  ...(s.definition ? { definition: s.definition } : {}),
});

export const pageLimit = (params: URLSearchParams) => Math.min(1000, Math.max(1, Number(params.get("limit") ?? 100) || 100));

export async function segmentIdFrom(params: Promise<{ segmentId: string }>) {
  const parsed = idOf("seg").safeParse((await params).segmentId);
  if (!parsed.success) throw invalid("Not a valid segment id.", "segmentId");
  return parsed.data;
}
