import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { importJobs, importRejections, newId, type Db, type ImportCounts, type ImportFileInfo, type ImportSettings } from "@facet/db";
import { importSettings, type EventImportSettings, type ImportSettingsInput, type Page, type PageInput } from "@facet/validators";
import { listAttributes } from "../attribute";
import { recordAudit } from "../audit";
import { invalid, notFound, preconditionFailed } from "../errors";
import { actingUserId, requireRole, type WorkspaceScope } from "../scope";
import { proposeEventMapping, proposeMapping } from "./propose";
import { positionCursor, timeIdCursor } from "../cursor";

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
  phase: "reading" | "merging";
}

export const importJobColumns = {
  id: importJobs.id,
  kind: importJobs.kind,
  status: importJobs.status,
  dryRun: importJobs.dryRun,
  fileName: importJobs.fileName,
  fileSize: importJobs.fileSize,
  fileInfo: importJobs.fileInfo,
  settings: importJobs.settings,
  counts: importJobs.counts,
  error: importJobs.error,
  createdAt: importJobs.createdAt,
  startedAt: importJobs.startedAt,
  finishedAt: importJobs.finishedAt,
};

export interface StoredUpload {
  kind: "customers" | "events";
  fileName: string;
  fileSize: number;
  storedPath: string;
  fileInfo: ImportFileInfo;
}

/** Records an uploaded file as a new import, waiting for its column mapping. */
export async function createImportJob(scope: WorkspaceScope, upload: StoredUpload, id = newId("imp")) {
  requireRole(scope, "editor");
  if (upload.fileInfo.header.length === 0) throw invalid("The file is empty.");
  return scope.db.transaction(async (tx) => {
    const [job] = await tx
      .insert(importJobs)
      .values({ workspaceId: scope.workspaceId, id, ...upload, createdBy: actingUserId(scope.actor) })
      .returning(importJobColumns);
    await recordAudit(tx, scope, {
      action: "import.uploaded",
      targetType: "import",
      targetId: id,
      data: { fileName: upload.fileName, size: upload.fileSize },
    });
    return job!;
  });
}

async function jobRow(db: Db, workspaceId: string, jobId: string) {
  const [job] = await db
    .select({ ...importJobColumns, storedPath: importJobs.storedPath, createdBy: importJobs.createdBy })
    .from(importJobs)
    .where(and(eq(importJobs.workspaceId, workspaceId), eq(importJobs.id, jobId)));
  if (!job) throw notFound("import");
  return job;
}

/** An import with, while it runs, its live progress, and before it is set up, a proposed mapping. */
export async function importJobById(scope: WorkspaceScope, jobId: string) {
  const { storedPath: _, createdBy: __, ...job } = await jobRow(scope.db, scope.workspaceId, jobId);
  // The proposal is only needed until a mapping is saved; this query is polled while a job runs.
  const proposal =
    job.settings || job.kind !== "customers" ? null : proposeMapping(job.fileInfo.header, job.fileInfo.sample, await listAttributes(scope));
  const eventProposal = job.settings || job.kind !== "events" ? null : proposeEventMapping(job.fileInfo.header);
  const run = job.status === "running" && scope.jobs ? await scope.jobs.latest("import.run", jobId) : null;
  return { ...job, proposal, eventProposal, progress: (run?.progress as ImportProgress | null | undefined) ?? null };
}

export async function listImportJobs(
  scope: WorkspaceScope,
  page: PageInput,
): Promise<Page<Omit<Awaited<ReturnType<typeof jobRow>>, "storedPath" | "fileInfo" | "createdBy">>> {
  const after = page.cursor ? timeIdCursor.decode(page.cursor) : null;
  const { fileInfo: _, ...columns } = importJobColumns;
  const rows = await scope.db
    .select(columns)
    .from(importJobs)
    .where(
      and(
        eq(importJobs.workspaceId, scope.workspaceId),
        after ? or(lt(importJobs.createdAt, after.at), and(eq(importJobs.createdAt, after.at), lt(importJobs.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? timeIdCursor.encode(last.createdAt, last.id) : null };
}

const busy = new Set(["queued", "running"]);

/** Checks the mapping against the file and the workspace's attributes. */
export async function validateSettings(
  scope: WorkspaceScope,
  job: { kind: "customers" | "events"; fileInfo: ImportFileInfo },
  raw: ImportSettingsInput,
): Promise<ImportSettings> {
  const settings = importSettings.parse(raw);
  const { fileInfo } = job;
  if (settings.kind !== job.kind) throw invalid(`This is an import of ${job.kind}; the settings are for ${settings.kind}.`);
  if (settings.columns.length !== fileInfo.header.length) {
    throw invalid(`The file has ${fileInfo.header.length} columns; the mapping has ${settings.columns.length}.`, "columns");
  }
  if (settings.kind === "events") return validateEventSettings(settings, fileInfo);
  const attrs = new Map((await listAttributes(scope)).map((a) => [a.key, a]));
  const targets = new Set<string>();
  settings.columns.forEach((m, i) => {
    const where = `column ${i + 1} (${fileInfo.header[i] || "no name"})`;
    if (m.target === "skip") return;
    const id = m.target === "attribute" || m.target === "newAttribute" ? m.key : m.target;
    if (targets.has(id)) throw invalid(`Two columns go to "${id}"; map ${where} somewhere else or skip it.`, "columns");
    targets.add(id);
    if (m.target === "attribute") {
      const a = attrs.get(m.key);
      if (!a) throw invalid(`There is no attribute "${m.key}" for ${where}.`, "columns");
      if (a.computed || a.column) throw invalid(`${a.label} can't be imported into (${where}).`, "columns");
    }
    if (m.target === "newAttribute" && attrs.has(m.key)) {
      throw invalid(`An attribute "${m.key}" already exists; map ${where} to it instead.`, "columns");
    }
  });
  if (!targets.has(settings.matchKey)) {
    throw invalid(
      `Map a column to ${settings.matchKey === "email" ? "Email" : "External ID"}: it is how rows find their customer.`,
      "matchKey",
    );
  }
  return settings;
}

const eventTargetLabels = {
  customerKey: "Customer",
  eventName: "Event name",
  time: "Time",
  eventId: "Event ID",
  quantity: "Quantity",
  unitPrice: "Unit price",
  revenue: "Revenue",
} as const;

function validateEventSettings(settings: EventImportSettings, fileInfo: ImportFileInfo): EventImportSettings {
  const seen = new Set<string>();
  settings.columns.forEach((m, i) => {
    if (m.target === "skip") return;
    const where = `column ${i + 1} (${fileInfo.header[i] || "no name"})`;
    const id = m.target === "property" ? `property "${m.key}"` : eventTargetLabels[m.target];
    if (seen.has(id)) throw invalid(`Two columns go to ${id}; map ${where} somewhere else or skip it.`, "columns");
    seen.add(id);
  });
  if (!seen.has("Customer"))
    throw invalid(
      `Map a column to Customer (${settings.matchKey === "email" ? "their email" : "their customer ID"}): it is who did each event.`,
      "columns",
    );
  if (!seen.has("Time")) throw invalid("Map a column to Time: it is when each event happened.", "columns");
  return settings;
}

/** Saves the mapping and queues a dry run: counts and rejected rows, nothing written. */
export async function startDryRun(scope: WorkspaceScope, jobId: string, raw: ImportSettingsInput) {
  requireRole(scope, "editor");
  const job = await jobRow(scope.db, scope.workspaceId, jobId);
  if (busy.has(job.status)) throw preconditionFailed("This import is already running.");
  if (job.status === "succeeded") throw preconditionFailed("This file has already been imported. Upload it again to import it again.");
  const settings = await validateSettings(scope, job, raw);
  await setQueued(scope.db, scope.workspaceId, jobId, { settings, dryRun: true });
  await enqueueImport(scope, jobId);
}

/** Queues the real import, with the settings its dry run checked. */
export async function startImport(scope: WorkspaceScope, jobId: string) {
  requireRole(scope, "editor");
  const job = await jobRow(scope.db, scope.workspaceId, jobId);
  if (busy.has(job.status)) throw preconditionFailed("This import is already running.");
  if (job.status === "succeeded") throw preconditionFailed("This file has already been imported.");
  if (!job.settings || !(job.status === "checked" || (job.status === "failed" && !job.dryRun))) {
    throw preconditionFailed("Run the dry run first, to see what the import will do.");
  }
  await setQueued(scope.db, scope.workspaceId, jobId, { settings: job.settings, dryRun: false });
  await recordAudit(scope.db, scope, { action: "import.started", targetType: "import", targetId: jobId, data: { fileName: job.fileName } });
  await enqueueImport(scope, jobId);
}

async function enqueueImport(scope: WorkspaceScope, importId: string) {
  if (!scope.jobs) throw new Error("Imports run as jobs: the scope has no job system.");
  await scope.jobs.enqueue("import.run", { importId }, { key: importId, workspaceId: scope.workspaceId });
}

/** An import whose job failed without the import saying so (its server stopped, its watchdog fired) says it now. */
export async function markImportFailed(db: Db, ref: { workspaceId: string; id: string }, error: string) {
  await db
    .update(importJobs)
    .set({ status: "failed", error, finishedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(importJobs.workspaceId, ref.workspaceId), eq(importJobs.id, ref.id), inArray(importJobs.status, ["queued", "running"])));
}

async function setQueued(db: Db, workspaceId: string, jobId: string, set: { settings: ImportSettings; dryRun: boolean }) {
  const updated = await db
    .update(importJobs)
    .set({ ...set, status: "queued", error: null, counts: null, startedAt: null, finishedAt: null, updatedAt: new Date() })
    .where(and(eq(importJobs.workspaceId, workspaceId), eq(importJobs.id, jobId), sql`${importJobs.status} not in ('queued', 'running')`))
    .returning({ id: importJobs.id });
  if (updated.length === 0) throw preconditionFailed("This import is already running.");
}

export interface Rejection {
  rowNumber: number;
  column: string | null;
  reason: string;
}

export async function listRejections(scope: WorkspaceScope, jobId: string, page: PageInput): Promise<Page<Rejection>> {
  await jobRow(scope.db, scope.workspaceId, jobId);
  const after = page.cursor ? positionCursor.decode(page.cursor) : 0;
  const rows = await scope.db
    .select({ rowNumber: importRejections.rowNumber, column: importRejections.column, reason: importRejections.reason })
    .from(importRejections)
    .where(
      and(
        eq(importRejections.workspaceId, scope.workspaceId),
        eq(importRejections.jobId, jobId),
        sql`${importRejections.rowNumber} > ${after}`,
      ),
    )
    .orderBy(importRejections.rowNumber)
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? positionCursor.encode(last.rowNumber) : null };
}

/** Where a job's file is, for the runner and for deleting uploads. */
export async function jobForRunner(db: Db, ref: { workspaceId: string; id: string }) {
  return jobRow(db, ref.workspaceId, ref.id);
}

/**
 * Marks imports left "running" with no live job as failed (system-wide, not per workspace): a second net
 * beside the job system's own sweep, for rows whose job is gone. Their transaction never committed, so
 * nothing was written.
 */
export async function failInterruptedJobs(db: Db) {
  const rows = await db
    .update(importJobs)
    .set({
      status: "failed",
      finishedAt: new Date(),
      error: "The server stopped while this was running. Nothing was imported; run it again.",
    })
    .where(
      and(
        eq(importJobs.status, "running"),
        sql`not exists (select 1 from jobs j where j.kind = 'import.run' and j.key = ${importJobs.id} and j.status in ('queued', 'running', 'retrying'))`,
      ),
    )
    .returning({ id: importJobs.id });
  return rows.length;
}

export type { ImportCounts };
