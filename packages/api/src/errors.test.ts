import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError, domainErrorCodes } from "@facet/domain";
import { httpError, toTrpcError } from "./errors";

describe("errors", () => {
  it("maps every domain error code once: to a tRPC code, whose HTTP status REST and plain routes use", () => {
    const status = Object.fromEntries(
      domainErrorCodes.map((code) => [code, httpError(new DomainError(code, "why", "field"), "req").status]),
    );
    expect(status).toEqual({ NOT_FOUND: 404, CONFLICT: 409, INVALID: 400, FORBIDDEN: 403, PRECONDITION_FAILED: 412, LIMIT: 429 });
    for (const code of domainErrorCodes) {
      const mapped = toTrpcError(new DomainError(code, "why"));
      expect(mapped).toBeInstanceOf(TRPCError);
      expect(httpError(mapped, "req").status).toBe(status[code]);
    }
  });

  it("keeps a deliberate error's message and field; invalid input names its first field", () => {
    expect(httpError(new DomainError("CONFLICT", "Taken.", "email"), "req").body).toEqual({
      error: { message: "Taken.", code: "CONFLICT", field: "email" },
    });
    const zod = z.object({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: "x" } }).error;
    expect(httpError(zod, "req").body.error).toMatchObject({
      code: "BAD_REQUEST",
      field: "a.b",
      message: expect.stringContaining("→ at a.b"),
    });
  });

  it("anything else is a 500 with a generic message and the request id, never its own message", () => {
    const { status, body, unexpected } = httpError(new Error('insert into customers values ("ann@example.com")'), "req_42");
    expect({ status, unexpected }).toEqual({ status: 500, unexpected: true });
    expect(body.error.message).toContain("req_42");
    expect(JSON.stringify(body)).not.toContain("ann@example.com");
    expect(httpError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "select secret" }), "r").body.error.message).not.toContain(
      "secret",
    );
  });

  it("the database out of reach is a 503 with Retry-After, as thrown, as tRPC wraps it, and as a procedure maps it", () => {
    const refused = Object.assign(new Error("Failed query: select 1"), {
      cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
    });
    const shutdown = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    for (const error of [refused, shutdown, new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: refused }), toTrpcError(shutdown)]) {
      const { status, headers, body, unexpected } = httpError(error, "req_db");
      expect({ status, headers, code: body.error.code, unexpected }).toEqual({
        status: 503,
        headers: { "retry-after": "2" },
        code: "SERVICE_UNAVAILABLE",
        unexpected: false,
      });
      expect(body.error.message).toMatch(/can't reach its database/);
      expect(JSON.stringify(body)).not.toContain("select");
    }
    expect(httpError(Object.assign(new Error("duplicate key"), { code: "23505" }), "r").status).toBe(500);
  });
});
