export { appRouter, createCaller, type AppRouter } from "./root";
export type { ApiContext, SessionClaim } from "./context";
export { domainToHttpStatus, genericMessage } from "./errors";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
