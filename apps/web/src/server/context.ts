import "server-only";
import { randomUUID } from "node:crypto";
import type { ApiContext } from "@facet/api";
import { clientAddress, requestOrigin as originOf } from "@facet/auth";
import { env } from "~/env";
import { authKit } from "./auth";
import { db } from "./db";
import { jobs } from "./jobs";
import { mailer } from "./mailer";

/** The origin the browser used (APP_URL, or the request's host; forwarded headers only from trusted proxies). */
export const requestOrigin = (headers: Headers): string => originOf(headers, env().trustedProxies, env().appUrl);

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
