export * from "./account";
export * from "./workspace";
export * from "./audit";
