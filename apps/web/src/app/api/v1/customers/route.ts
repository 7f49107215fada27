import { customer } from "@facet/domain";
import { withApiKey } from "~/server/http";

/** GET /api/v1/customers?limit=&cursor=&q= — a page of customers, newest first. */
export function GET(req: Request) {
  return withApiKey(req, async (scope) => {
    const params = new URL(req.url).searchParams;
    const page = await customer.listCustomers(scope, {
      workspaceId: scope.workspaceId,
      q: params.get("q") ?? "",
      cursor: params.get("cursor"),
      limit: Math.min(1000, Math.max(1, Number(params.get("limit") ?? 100) || 100)),
    });
    return Response.json({ data: page.items.map((c) => ({ id: c.id, attributes: c.values })), nextCursor: page.nextCursor });
  });
}
