export { clusterJob, flatten, standardize, type ClusterJobInput, type ClusterSolution } from "./kmeans";
export { clusterInWorker } from "./worker";
export {
  listRuns,
  markRunFailed,
  runClusteringJob,
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
  runRfm,
  saveRfmGroup,
  scoreDown,
  scoreRfm,
  scoreUp,
  startRfm,
  type RfmGroup,
  type RfmResult,
} from "./rfm";
