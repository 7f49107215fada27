type Status = "uploaded" | "queued" | "running" | "checked" | "succeeded" | "failed";

export function importStatusLabel(status: Status, dryRun: boolean): string {
  switch (status) {
    case "uploaded":
      return "Waiting for mapping";
    case "queued":
      return dryRun ? "Dry run queued" : "Import queued";
    case "running":
      return dryRun ? "Checking" : "Importing";
    case "checked":
      return "Checked, not imported yet";
    case "succeeded":
      return "Imported";
    case "failed":
      return dryRun ? "Check failed" : "Failed";
  }
}

export const importStatusTone: Record<Status, "slate" | "indigo" | "amber" | "green"> = {
  uploaded: "slate",
  queued: "indigo",
  running: "indigo",
  checked: "amber",
  succeeded: "green",
  failed: "amber",
};
