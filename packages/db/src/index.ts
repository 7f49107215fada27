export * from "./schema";
export * from "./client";
export * from "./ids";
export * from "./paths";
export { CONNECT_TIMEOUT_SECONDS, DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, isTransactionConflict } from "./availability";
