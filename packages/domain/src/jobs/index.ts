export * from "./types";
export { JobFailure, runAttempt, backoffDelay, type AttemptEnv, type AttemptOutcome } from "./attempt";
export { InProcessJobs, runHere, waitSettled, nextCronTime, type RunnerOptions } from "./in-process";
export { cancelJob, claimJob, insertJob, jobStatus, latestJob } from "./store";
export { recoverInterrupted, staleAfterMs } from "./sweep";
export { jobDefinitions, jobPolicies, jobSchedules, type JobKind } from "./catalog";
