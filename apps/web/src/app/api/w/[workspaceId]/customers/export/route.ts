import { customer } from "@facet/domain";
import { handle, jsonError, sessionScope } from "~/server/http";

/** Streams the workspace's customers (or those matching ?q=) as CSV. */
export function GET(req: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  return handle(async () => {
    const { workspaceId } = await params;
    const scope = await sessionScope(workspaceId);
    if (!scope) return jsonError(401, "Your session has ended. Sign in again.");
    const q = (new URL(req.url).searchParams.get("q") ?? "").slice(0, 200);
    const rows = customer.exportCustomersCsv(scope, q);
    const first = await rows.next(); // fail before the headers go out if the request is bad
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(encoder.encode(first.value));
      },
      async pull(controller) {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="customers-${new Date().toISOString().slice(0, 10)}.csv"`,
      },
    });
  });
}
