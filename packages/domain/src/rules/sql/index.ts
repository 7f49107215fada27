// The rule engine's SQL side: a definition as one parameterised condition on `customers`.
export {
  compileConditions,
  compileDefinition,
  compileSegmentsForCustomers,
  eventStatsQuery,
  type CompiledConditions,
  type EventForm,
} from "./compile";
export { compileFilters } from "./filters";
export { flipTimes } from "./flips";
