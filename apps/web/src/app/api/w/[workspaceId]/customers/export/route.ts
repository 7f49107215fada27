import { z } from "zod";
import { customer } from "@facet/domain";
import { attributeRule, nulCharacterAt, nulMessage } from "@facet/validators";
import { csvDownload, handle, jsonError, sessionScope } from "~/server/http";

const filterList = z.array(attributeRule).max(20);
function parseFilters(text: string | null) {
  if (!text) return [];
  try {
    const parsed = filterList.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Streams the workspace's customers (or those matching ?q= and ?filters=, JSON) as CSV. */
export function GET(req: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  return handle(async () => {
    const { workspaceId } = await params;
    const scope = await sessionScope(workspaceId);
    if (!scope) return jsonError(401, "Your session has ended. Sign in again.");
    const query = new URL(req.url).searchParams;
    const q = (query.get("q") ?? "").slice(0, 200);
    if (q.includes("\u0000")) return jsonError(400, nulMessage("q"), { code: "BAD_REQUEST", field: "q" });
    const filters = parseFilters(query.get("filters"));
    if (!filters) return jsonError(400, "The filters in this link are not valid.");
    const nul = nulCharacterAt(filters);
    if (nul !== null) return jsonError(400, nulMessage(`filters.${nul}`), { code: "BAD_REQUEST", field: `filters.${nul}` });
    return csvDownload(customer.exportCustomersCsv(scope, q, filters), `customers-${new Date().toISOString().slice(0, 10)}.csv`);
  });
}
