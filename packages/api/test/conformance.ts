// Checks REST responses against the generated OpenAPI document: the integration tests run every REST
// response through it, and so do the e2e specs (imported as @facet/api/testing).
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Operations = Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>;

export interface RestResponse {
  method: string;
  /** The path under /api/v1 as called, e.g. "/customers/cus_0abc?limit=2". */
  path: string;
  status: number;
  body: unknown;
}

/** A function that throws, naming the operation and what differs, when a response doesn't match the document. */
export function responseChecker(document: { paths: object; components: unknown }) {
  const doc = document as { paths: Record<string, Operations>; components: unknown };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: doc.components }, "openapi");
  const compiled = new Map<string, ValidateFunction>();
  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`),
    literal: !template.includes("{"),
  }));

  return function check(res: RestResponse): void {
    const pathname = res.path.split("?")[0]!;
    const method = res.method.toLowerCase() === "head" ? "get" : res.method.toLowerCase();
    const found = templates.filter((t) => t.pattern.test(pathname) && doc.paths[t.template]![method]);
    const template = (found.find((t) => t.literal) ?? found[0])?.template;
    const name = `${res.method.toUpperCase()} ${template ?? pathname} → ${res.status}`;
    if (!template) {
      // What the document doesn't have, the server must not have either.
      if (res.status === 404 || res.status === 405) return;
      throw new Error(`${name}: the OpenAPI document has no such operation`);
    }
    const responses = doc.paths[template]![method]!.responses;
    const documented = responses[String(res.status)] ?? responses.default;
    if (!documented) throw new Error(`${name}: status not in the OpenAPI document`);
    const schema = documented.content?.["application/json"]?.schema;
    if (!schema) {
      if (res.body !== null && res.body !== undefined && res.body !== "")
        throw new Error(`${name}: documented without a body, but has one`);
      return;
    }
    const ref = `openapi${schema.$ref ?? ""}`;
    let validate = compiled.get(ref);
    if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
    if (!validate(res.body)) {
      throw new Error(
        `${name} doesn't match ${schema.$ref}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(res.body).slice(0, 2000)}`,
      );
    }
  };
}
