import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { importJobs, users, type Db, type ImportCounts } from "@facet/db";
import { recordAudit } from "../audit";
import { analyzeCustomerTables } from "../customer/metrics";
import { isDomainError } from "../errors";
import { readCustomerFile, saveRejections, type CustomerImportResult } from "./customers";
import { readEventFile } from "./events";
import { jobForRunner, type ImportProgress } from "./jobs";

/** Thrown to roll a dry run back once it has counted everything. */
type ImportResult = CustomerImportResult;

class DryRunDone extends Error {
  constructor(readonly result: ImportResult) {
    super("dry run");
  }
}

export interface RunOptions {
  uploadDir: string;
  runnerId: string;
  onProgress?: (p: ImportProgress) => void;
  /** The job's watchdog or a cancellation: stops reading the file, so the transaction rolls back. */
  signal?: AbortSignal;
}

export type RunOutcome =
  { status: "checked" | "succeeded"; counts: ImportCounts } | { status: "failed"; error: string; cause?: unknown } | { status: "skipped" };

/**
 * Runs a queued import (or its dry run) to the end. The whole import is one transaction, so a
 * failure, a dry run or a crash leaves the customers exactly as they were.
 */
export async function runImportJob(db: Db, ref: { workspaceId: string; id: string }, opts: RunOptions): Promise<RunOutcome> {
  const claimed = await db
    .update(importJobs)
    .set({ status: "running", runnerId: opts.runnerId, startedAt: new Date(), heartbeatAt: new Date() })
    .where(and(eq(importJobs.workspaceId, ref.workspaceId), eq(importJobs.id, ref.id), eq(importJobs.status, "queued")))
    .returning({ id: importJobs.id });
  if (claimed.length === 0) return { status: "skipped" };

  const job = await jobForRunner(db, ref);
  const finish = (set: Partial<typeof importJobs.$inferInsert>) =>
    db
      .update(importJobs)
      .set({ ...set, finishedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(importJobs.workspaceId, ref.workspaceId), eq(importJobs.id, ref.id)));
  const file = {
    signal: opts.signal,
    workspaceId: ref.workspaceId,
    path: join(opts.uploadDir, job.storedPath),
    fileSize: job.fileSize,
    header: job.fileInfo.header,
  };
  const onProgress = opts.onProgress ?? (() => {});
  const settings = job.settings!;
  const read = () =>
    settings.kind === "events"
      ? readEventFile(db, { ...file, importId: ref.id, settings }, onProgress)
      : readCustomerFile(db, { ...file, jobId: ref.id, settings }, onProgress);

  try {
    let result: ImportResult;
    // The file is read and checked first, holding no transaction; then one transaction imports what it staged.
    const staged = await read();
    try {
      result = await db.transaction(async (tx) => {
        const r = await staged.apply(tx);
        // Stopped meanwhile (the watchdog, a cancellation): the job has already failed, so nothing may commit.
        opts.signal?.throwIfAborted();
        if (job.dryRun) throw new DryRunDone(r);
        await saveRejections(tx, ref.workspaceId, ref.id, r.rejections);
        return r;
      });
    } catch (error) {
      if (!(error instanceof DryRunDone)) throw error;
      result = error.result;
      await saveRejections(db, ref.workspaceId, ref.id, result.rejections);
    } finally {
      await staged.discard();
    }
    const status = job.dryRun ? "checked" : "succeeded";
    if (!job.dryRun) await analyzeCustomerTables(db);
    await finish({ status, counts: result.counts, error: null });
    const [author] = job.createdBy
      ? await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, job.createdBy))
      : [];
    if (!job.dryRun && author) {
      await recordAudit(
        db,
        { workspaceId: ref.workspaceId, actor: { kind: "user", ...author } },
        {
          action: "import.completed",
          targetType: "import",
          targetId: ref.id,
          data: { fileName: job.fileName, ...result.counts },
        },
      );
    }
    return { status, counts: result.counts };
  } catch (error) {
    const message = isDomainError(error)
      ? error.message
      : opts.signal?.aborted
        ? `${(opts.signal.reason as Error | undefined)?.message ?? "It was stopped."} Nothing was imported; run it again.`
        : "The import stopped on an unexpected error. Nothing was imported. Try again; if it keeps failing, contact support.";
    await finish({ status: "failed", error: message });
    return { status: "failed", error: message, cause: error };
  }
}
