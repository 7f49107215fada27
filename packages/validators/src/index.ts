export * from "./account";
export * from "./workspace";
export * from "./member";
export * from "./common";
