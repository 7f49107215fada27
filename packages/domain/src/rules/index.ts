// The rule engine: `core` (pure: types, operands, dates, evaluation, the "why" trace) and `sql` (the compiler).
export * from "./core";
export * from "./sql";
