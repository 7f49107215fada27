import "server-only";
import { randomUUID } from "node:crypto";
import type { ApiContext } from "@facet/api";
import { clientAddress } from "@facet/auth";
import { env } from "~/env";
import { authKit } from "./auth";
import { db } from "./db";
import { jobs } from "./jobs";
import { mailer } from "./mailer";

/** The origin the browser used, from APP_URL or the request's own host. */
export function requestOrigin(headers: Headers): string {
  const configured = env().appUrl;
  if (configured) return new URL(configured).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost";
  const proto = headers.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

/** What every call's context holds but the caller's credentials. */
export function requestContext(headers: Headers, requestId = randomUUID()): Omit<ApiContext, "session" | "apiKey"> {
  return {
    db: db(),
    requestId,
    clientIp: clientAddress(headers, env().trustedProxies),
    appUrl: requestOrigin(headers),
    mailer: mailer(),
    jobs: jobs(),
  };
}

/** The context of an app call: the request's, with the session of the signed-in user. */
export async function createApiContext(headers: Headers, requestId = randomUUID()): Promise<ApiContext> {
  const session = await authKit().auth();
  const userId = session?.user?.id;
  return { ...requestContext(headers, requestId), session: userId ? { userId, sessionVersion: session.sessionVersion ?? 0 } : null };
}
