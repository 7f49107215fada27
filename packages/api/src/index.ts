export { appRouter, createCaller, type AppRouter } from "./root";
export type { ApiContext, ApiKeyCall, SessionClaim } from "./context";
export { genericMessage, httpError, isUnavailable, trpcResponseMeta, type HttpErrorBody } from "./errors";
export { apiKeyOf, handleRest, type RestOptions, type RestRequest } from "./rest/handler";
export { restOperations, operationName, type RestOperation } from "./rest/operations";
export { openApiDocument, type OpenApiDocument } from "./rest/openapi";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
