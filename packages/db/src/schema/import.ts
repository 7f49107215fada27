import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { ColumnMapping, EventColumnMapping, ImportSettings as Settings } from "@facet/validators";
import { timestamps, workspaceId } from "./_columns";
import { users } from "./account";
import { workspaces } from "./workspace";

export const importKindEnum = pgEnum("import_kind", ["customers", "events"]);
export const importStatusEnum = pgEnum("import_status", [
  "uploaded", // file stored, waiting for a mapping
  "queued", // waiting for the runner (dry run or import)
  "running",
  "checked", // dry run done: counts and first rejections known, nothing written
  "succeeded",
  "failed",
]);

/** Settings chosen in the import wizard (validated by @facet/validators' importSettings). */
export type ImportSettings = Settings;
export type ImportColumnMapping = ColumnMapping;
export type EventImportColumnMapping = EventColumnMapping;

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  rejected: number;
  /** Event imports: events already stored (same event id, or the same row imported before). */
  duplicates?: number;
  /** Event imports: customers created for rows whose customer was new. */
  customersCreated?: number;
}

export interface ImportFileInfo {
  delimiter: string;
  encoding: "utf-8" | "windows-1252";
  bom: boolean;
  header: string[];
  sample: string[][];
}

export const importJobs = pgTable(
  "import_jobs",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    id: text().notNull(),
    kind: importKindEnum().notNull(),
    status: importStatusEnum().notNull().default("uploaded"),
    /** Whether the queued/running/finished work is a dry run. */
    dryRun: boolean().notNull().default(true),
    fileName: text().notNull(),
    fileSize: bigint({ mode: "number" }).notNull(),
    /** Path of the stored upload, relative to the upload folder. */
    storedPath: text().notNull(),
    fileInfo: jsonb().$type<ImportFileInfo>().notNull(),
    settings: jsonb().$type<ImportSettings>(),
    counts: jsonb().$type<ImportCounts>(),
    error: text(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    runnerId: text(),
    /** Touched by the runner while a job runs; a stale one means its server stopped. */
    heartbeatAt: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("import_jobs_recent_idx").on(t.workspaceId, t.createdAt.desc())],
);

/** Rows an import (or its dry run) rejected, with the reason, for the downloadable report. */
export const importRejections = pgTable(
  "import_rejections",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text().notNull(),
    rowNumber: integer().notNull(),
    column: text(),
    reason: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.jobId, t.rowNumber] })],
);
