export * from "./schema";
export * from "./client";
export * from "./ids";
export * from "./paths";
