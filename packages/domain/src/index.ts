export * from "./errors";
export * from "./scope";
export * from "./mailer";
export * as account from "./account";
export * as audit from "./audit";
export * as workspace from "./workspace";
export * as member from "./member";
export * as invitation from "./invitation";
export type { SessionUser } from "./account";
