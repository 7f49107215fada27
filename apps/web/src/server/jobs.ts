import "server-only";
import { randomUUID } from "node:crypto";
import { campaign, discovery, importJob, segment } from "@facet/domain";
import { env } from "~/env";
import { db } from "./db";
import { logger } from "./logger";

type JobRef = { workspaceId: string; id: string };

/**
 * Runs imports one at a time inside this server process, off the request path, refreshes
 * segments on their schedule, and sends campaign deliveries. Progress lives in
 * memory because a running import's transaction hides it from the database. A job whose server
 * stops shows as failed (see failInterruptedJobs); its transaction never committed.
 */
class InProcessJobs implements importJob.JobQueue, importJob.ProgressBoard {
  private readonly runnerId = randomUUID();
  private readonly queue: JobRef[] = [];
  private readonly progress = new Map<string, importJob.ImportProgress>();
  private current: string | null = null;

  constructor() {
    void this.sweep();
    setInterval(() => void this.sweep(), 30_000).unref();
    setInterval(() => void this.refreshSegments(), 60_000).unref();
    setInterval(() => void this.deliver(), 3_000).unref();
    setInterval(() => void this.rescoreRfm(), 3_600_000).unref();
  }

  /** RFM scores of workspaces that got new purchases since their last run, hourly. */
  private async rescoreRfm() {
    try {
      const n = await discovery.refreshStaleRfm(db());
      if (n) logger().info({ workspaces: n }, "RFM re-scored");
    } catch (err) {
      logger().error({ err }, "RFM re-scoring failed");
    }
  }

  private delivering = false;
  /** Campaign audiences go out to webhooks: due deliveries every few seconds, one round at a time. */
  private async deliver() {
    if (this.delivering) return;
    this.delivering = true;
    try {
      await campaign.runDueDeliveries(db());
    } catch (err) {
      logger().error({ err }, "campaign deliveries failed");
    } finally {
      this.delivering = false;
    }
  }

  /** Segments refresh on their schedule (hourly or daily), checked every minute. */
  private async refreshSegments() {
    try {
      const n = await segment.refreshDueSegments(db());
      if (n) logger().info({ segments: n }, "scheduled segment refreshes");
    } catch (err) {
      logger().error({ err }, "scheduled segment refresh failed");
    }
  }

  enqueue(job: JobRef) {
    if (!this.queue.some((q) => q.id === job.id) && this.current !== job.id) this.queue.push(job);
    void this.drain();
  }

  get(jobId: string) {
    return this.progress.get(jobId);
  }

  private async sweep() {
    try {
      await discovery.failInterruptedRuns(db());
      const queued = await importJob.failInterruptedJobs(db(), this.current ? [this.current] : []);
      for (const job of queued) this.enqueue(job);
    } catch (err) {
      logger().error({ err }, "job sweep failed");
    }
  }

  private async drain() {
    if (this.current) return;
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      this.current = job.id;
      const beat = setInterval(() => void importJob.heartbeat(db(), job).catch(() => {}), 15_000);
      const started = performance.now();
      try {
        const outcome = await importJob.runImportJob(db(), job, {
          uploadDir: env().uploadDir,
          runnerId: this.runnerId,
          onProgress: (p) => this.progress.set(job.id, p),
        });
        const log = logger().child({ jobId: job.id, workspaceId: job.workspaceId, ms: Math.round(performance.now() - started) });
        if (outcome.status === "failed") log.error({ err: outcome.cause, error: outcome.error }, "import failed");
        else log.info({ outcome }, "import finished");
      } finally {
        clearInterval(beat);
        this.progress.delete(job.id);
        this.current = null;
      }
    }
  }
}

const holder = globalThis as unknown as { facetJobs?: InProcessJobs };
export const jobs = () => (holder.facetJobs ??= new InProcessJobs());
