import { persona } from "@facet/domain";
import { handle, jsonError, sessionScope } from "~/server/http";

/** A persona card as a PDF download. */
export function GET(_req: Request, { params }: { params: Promise<{ workspaceId: string; segmentId: string }> }) {
  return handle(async () => {
    const { workspaceId, segmentId } = await params;
    const scope = await sessionScope(workspaceId);
    if (!scope) return jsonError(401, "Your session has ended. Sign in again.");
    const card = await persona.personaCard(scope, segmentId);
    const bytes = persona.personaPdf({ written: card.written, computed: card.computed, segmentName: card.segment.name });
    const file = `persona-${card.written.name.replace(/[^\w-]+/g, "-").toLowerCase() || segmentId}.pdf`;
    return new Response(Buffer.from(bytes), {
      headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${file}"`, "cache-control": "no-store" },
    });
  });
}
