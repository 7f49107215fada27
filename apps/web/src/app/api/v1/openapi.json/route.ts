import { openApiDocument } from "@facet/api";

export const dynamic = "force-static";

export function GET() {
  return Response.json(openApiDocument());
}
