import "server-only";
import { requestOrigin } from "./context";

/** A state-changing request must come from our own pages (same Origin). */
export function isSameOrigin(req: Request): boolean {
  return req.headers.get("origin") === requestOrigin(req.headers);
}
