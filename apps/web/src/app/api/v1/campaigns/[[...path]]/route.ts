// REST API v1 is one adapter over the app's tRPC procedures (packages/api/src/rest); it answers 405 itself.
export { restApi as GET, restApi as POST, restApi as PUT, restApi as PATCH, restApi as DELETE } from "~/server/http";
