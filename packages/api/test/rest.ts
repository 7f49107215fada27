import type { Db } from "@facet/db";
import { handleRest, openApiDocument } from "../src";
import { responseChecker } from "./conformance";
import { testJobs } from "./fixtures";

const check = responseChecker(openApiDocument());

/** A response body, loosely typed for assertions (the OpenAPI check above is the strict one). */
export interface RestBody {
  error?: { message: string; code: string; field?: string | null; requestId?: string };
  data?: Record<string, unknown>[];
  nextCursor?: string | null;
  [key: string]: unknown;
}

export interface RestCall {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Calls REST API v1 as an HTTP client would (through the adapter the route handler uses) and checks
 * every response against the generated OpenAPI document.
 */
export function restClient(db: Db, options: { onError?: (error: unknown) => void } = {}) {
  return async function rest(method: string, path: string, call: RestCall = {}) {
    const headers = new Headers(call.headers);
    if (call.key) headers.set("authorization", `Bearer ${call.key}`);
    const response = await handleRest(
      {
        method,
        url: `http://facet.test/api/v1${path}`,
        headers,
        body: call.body === undefined ? null : typeof call.body === "string" ? call.body : JSON.stringify(call.body),
      },
      {
        context: { db, requestId: "req_rest", clientIp: "203.0.113.7", appUrl: "http://facet.test", mailer: null, jobs: testJobs(db) },
        onError: options.onError,
      },
    );
    const text = await response.text();
    const body = text ? (JSON.parse(text) as unknown) : null;
    check({ method, path, status: response.status, body });
    return { status: response.status, body: body as RestBody, headers: response.headers };
  };
}
