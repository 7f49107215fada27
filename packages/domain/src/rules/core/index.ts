// The rule engine's pure core: types, operand checks, dates, evaluation and the "why" trace. No
// database code (a lint rule in tooling/eslint keeps it so), so it runs in tests, workers and browsers.
export { attributeOf, ruleContext, segmentOf, type RuleContext } from "./context";
export { evaluateDefinition, type EvaluatedCustomer, type Trace } from "./evaluate";
export { countTest, eventRuleMatches, windowBounds, type EventStats, type WindowBounds } from "./events";
export { operandOf, ruleTime, type Operand, type RuleAttribute, type RuleTime } from "./operands";
export { conditionCount, eventRulesOf, reachedSegments, referencesOf } from "./references";
export {
  affectedSegments,
  attributeToken,
  definitionDependencies,
  dependency,
  dependencyTokens,
  metricKeys,
  type SegmentDependencies,
} from "./dependencies";
export { dayCountMoment, dayCountSteps, nextFlip, timeConditions, windowMoment, type ScheduledCustomer, type TimeCondition } from "./flips";
