import SwaggerParser from "@apidevtools/swagger-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import openapiTS, { astToString } from "openapi-typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import { describe, expect, it } from "vitest";
import { appRouter } from "../root";
import { openApiDocument } from "./openapi";
import { operationName, restOperations } from "./operations";

const doc = openApiDocument();

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toBe("3.1.0");
    // validate() dereferences its argument: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as unknown as OpenAPIV3_1.Document)).resolves.toBeTruthy();
  });

  it("has every REST operation, each served by a procedure of the app's router", () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual(expect.arrayContaining(restOperations.map(operationName)));
    for (const op of restOperations) {
      expect(Object.keys(appRouter._def.procedures)).toContain(op.procedure);
      expect((doc.paths[op.path] as Record<string, { operationId: string }>)[op.method]!.operationId).toBe(op.procedure);
    }
    // The public paths of before, and the ingest API beside them.
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/customers",
        "/customers/{id}",
        "/segments/{id}/members",
        "/campaigns/{id}/audience",
        "/identify",
        "/batch",
      ]),
    );
  });

  it("holds the whole segment definition as JSON Schema (recursive through $ref), linked to its docs page", () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ components: doc.components }, "openapi");
    const valid = ajv.compile({ $ref: "openapi#/components/schemas/SegmentDefinition" });
    const group = (children: unknown[], combinator = "and") => ({ type: "group", combinator, negate: false, children });
    const nested = {
      version: 1,
      root: group([
        { type: "attribute", attribute: "plan", operator: "in", value: ["Pro", "Team"] },
        group(
          [
            { type: "event", event: "Order Completed", operator: "at_least", count: 3, window: { kind: "last_days", days: 90 } },
            group([{ type: "segment", segmentId: "seg_0123456789ab", operator: "not_in" }]),
          ],
          "or",
        ),
      ]),
    };
    expect(valid(nested), ajv.errorsText(valid.errors)).toBe(true);
    const deepWrong = structuredClone(nested);
    (deepWrong.root.children[1] as { children: { children: { operator: string }[] }[] }).children[1]!.children[0]!.operator = "maybe";
    expect(valid(deepWrong)).toBe(false);
    expect(valid({ version: 2, root: group([]) })).toBe(false);
    expect(doc.components.schemas.SegmentDefinition).toMatchObject({ externalDocs: { url: "/docs/segment-definitions" } });
    expect(JSON.stringify(doc.components.schemas.RuleGroup)).toContain('"$ref":"#/components/schemas/RuleGroup"');
  });

  it("gives a client generator (openapi-typescript) real types, down to the rules of a definition", async () => {
    const types = astToString(await openapiTS(structuredClone(doc) as never));
    expect(types).toContain('root: components["schemas"]["RuleGroup"]');
    expect(types).toMatch(/combinator: "and" \| "or"/);
    expect(types).toMatch(/"\/customers\/\{id\}": \{/);
    expect(types).toContain('"application/json": components["schemas"]["Customer"]');
  });
});
