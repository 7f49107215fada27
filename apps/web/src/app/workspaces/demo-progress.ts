/** A job's status, as the demo status reports it. */
type JobState = "queued" | "running" | "retrying" | "succeeded" | "failed" | "cancelled";

export interface DemoProgressView {
  status: JobState;
  progress: { phase: "customers" | "personas"; done: number; total: number } | null;
}

/** Customers and their events are most of the work; the segments and persona cards the rest. */
const customersShare = 90;

/** How a demo workspace in the making reads: a percentage for the bar and the words beside it. */
export function demoProgress(view: DemoProgressView): { percent: number; text: string } {
  const p = view.progress;
  if (view.status === "succeeded") return { percent: 100, text: "Done: opening the workspace…" };
  if (!p) return { percent: 0, text: "Starting…" };
  if (p.phase === "personas") return { percent: customersShare, text: "Creating segments and persona cards…" };
  const percent = p.total > 0 ? Math.floor((customersShare * p.done) / p.total) : 0;
  return { percent, text: `Generating ${p.done.toLocaleString("en")} of ${p.total.toLocaleString("en")} customers…` };
}

/** Whether the job may still move (the page keeps asking). */
export const demoInProgress = (status: JobState) => status === "queued" || status === "running" || status === "retrying";
