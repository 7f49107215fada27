export * from "./jobs";
export { detectFormat, detectEncoding } from "./detect";
export { proposeMapping } from "./propose";
export { readCsv } from "./csv";
export { importCustomers, normalizeExternalId } from "./customers";
export { runImportJob, type RunOutcome } from "./run";
export { csvCell, csvLine } from "./write-csv";
export { rejectionsCsv } from "./report";
