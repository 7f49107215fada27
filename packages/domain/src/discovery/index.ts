export { clusterJob, flatten, standardize, type ClusterJobInput, type ClusterSolution } from "./kmeans";
export { clusterInWorker } from "./worker";
export {
  failInterruptedRuns,
  listRuns,
  runById,
  saveCluster,
  startClustering,
  MAX_ROWS,
  type ClusterSummary,
  type ClusteringResult,
} from "./clustering";
export {
  latestRfm,
  refreshStaleRfm,
  rfmGroup,
  rfmGroups,
  saveRfmGroup,
  scoreDown,
  scoreRfm,
  scoreUp,
  startRfm,
  type RfmGroup,
  type RfmResult,
} from "./rfm";
