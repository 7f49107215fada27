export * from "./account";
export * from "./workspace";
export * from "./audit";
export * from "./attribute";
export * from "./customer";
export * from "./import";
export * from "./api-key";
export * from "./segment";
