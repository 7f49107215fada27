import "server-only";
import pino from "pino";
import { env } from "~/env";

let instance: pino.Logger | undefined;

/** Structured JSON logs on stdout; every request's lines carry its requestId. */
export function logger(): pino.Logger {
  instance ??= pino({ level: env().logLevel, base: { app: "facet-web" } });
  return instance;
}
