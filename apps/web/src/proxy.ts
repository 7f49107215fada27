import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, requestPathHeader } from "./server/csp";

/**
 * Every page gets a fresh nonce and a Content-Security-Policy that allows only scripts carrying it (and
 * what they load, 'strict-dynamic'): Next reads the policy from the request headers and puts the nonce on
 * its own scripts. An injected <script> has no nonce and doesn't run. API routes answer JSON or files and
 * aren't matched (their bodies also stay unbuffered by the proxy).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  // NODE_ENV is inlined by Next at build time: it says how the app was built, it isn't configuration.
  // eslint-disable-next-line no-restricted-properties
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  // The page asked for, so a sign-in redirect can come back to it (server/caller.ts); always ours, never the client's.
  headers.set(requestPathHeader, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|v1/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
