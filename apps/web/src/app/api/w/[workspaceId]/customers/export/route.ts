import { customer } from "@facet/domain";
import { csvDownload, handle, jsonError, sessionScope } from "~/server/http";

/** Streams the workspace's customers (or those matching ?q=) as CSV. */
export function GET(req: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  return handle(async () => {
    const { workspaceId } = await params;
    const scope = await sessionScope(workspaceId);
    if (!scope) return jsonError(401, "Your session has ended. Sign in again.");
    const q = (new URL(req.url).searchParams.get("q") ?? "").slice(0, 200);
    return csvDownload(customer.exportCustomersCsv(scope, q), `customers-${new Date().toISOString().slice(0, 10)}.csv`);
  });
}
