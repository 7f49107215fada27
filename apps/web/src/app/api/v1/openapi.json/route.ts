import { openApiDocument } from "~/components/openapi";

export const dynamic = "force-static";

export function GET() {
  return Response.json(openApiDocument);
}
