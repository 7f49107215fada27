import { test as base, type APIRequestContext, type APIResponse } from "@playwright/test";
import { responseChecker } from "@facet/api/testing";

export { expect } from "@playwright/test";

const rest = /^\/api\/v1(\/(customers|segments|campaigns)(\/.*)?)$/;
const methods = new Set(["get", "post", "put", "patch", "delete", "fetch"]);
let checked = 0;
/** How many REST responses the specs of this worker had checked against the OpenAPI document. */
export const restResponsesChecked = () => checked;

/**
 * Playwright's `request`, with every REST API v1 response checked against the OpenAPI document the
 * server publishes: a response the document doesn't describe fails the test.
 */
export const test = base.extend({
  request: async ({ request, baseURL }, use) => {
    const check = responseChecker((await (await request.get("/api/v1/openapi.json")).json()) as { paths: object; components: unknown });
    const verify = async (method: string, url: string, response: APIResponse) => {
      const { pathname, search } = new URL(url, baseURL);
      const path = rest.exec(pathname)?.[1];
      if (!path) return;
      const text = await response.text();
      check({ method, path: path + search, status: response.status(), body: text ? (JSON.parse(text) as unknown) : null });
      checked++;
    };
    const checking = new Proxy(request, {
      get(target, prop: keyof APIRequestContext) {
        const value = target[prop];
        if (typeof value !== "function") return value;
        if (typeof prop !== "string" || !methods.has(prop)) return value.bind(target);
        return async (url: string, options?: { method?: string }) => {
          const response = await (value as (u: string, o?: object) => Promise<APIResponse>).call(target, url, options);
          await verify(prop === "fetch" ? (options?.method ?? "GET") : prop, url, response);
          return response;
        };
      },
    });
    await use(checking);
  },
});
