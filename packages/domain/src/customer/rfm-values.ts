import { and, eq, inArray } from "drizzle-orm";
import { rfmScores, type Db } from "@facet/db";

/**
 * Customers' RFM scores keyed like the RFM attributes, by customer id. They live in rfm_scores
 * (rewritten in bulk by each RFM run), not on the customer row; a customer without a purchase has none.
 */
export async function rfmValues(db: Db, workspaceId: string, customerIds: string[]): Promise<Map<string, Record<string, number | string>>> {
  if (!customerIds.length) return new Map();
  const rows = await db
    .select()
    .from(rfmScores)
    .where(and(eq(rfmScores.workspaceId, workspaceId), inArray(rfmScores.customerId, customerIds)));
  return new Map(rows.map((s) => [s.customerId, { rfm_recency: s.r, rfm_frequency: s.f, rfm_monetary: s.m, rfm_segment: s.segment }]));
}
