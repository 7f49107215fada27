import "server-only";
import pino from "pino";
import { env } from "~/env";
import { scrub } from "./log-scrub";

let instance: pino.Logger | undefined;

/**
 * Structured JSON logs on stdout; every request's lines carry its requestId. Every value logged goes
 * through `scrub` (no emails, no query parameters, bounded strings), so no line carries personal data
 * or grows to megabytes.
 */
export function logger(): pino.Logger {
  instance ??= pino({
    level: env().logLevel,
    base: { app: "facet-web" },
    serializers: { err: (e: unknown) => scrub(e) },
    formatters: { log: (fields) => scrub(fields) as Record<string, unknown> },
  });
  return instance;
}
