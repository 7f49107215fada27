export * from "./cn";
export * from "./button";
export * from "./field";
export * from "./layout";
export * from "./dialog";
