export * from "./account";
export * from "./workspace";
export * from "./member";
export * from "./common";
export * from "./attribute";
export * from "./customer";
export * from "./import";
