import { mkdtempSync } from "node:fs";
import { copyFile, mkdir, open, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findRepoRoot, type Db } from "@facet/db";
import { importJob, resolveScope, type jobs, type SessionUser } from "@facet/domain";

/** The sample datasets the tests import (copies of ../shared/datasets kept in the repository). */
export const datasets =
  process.env.DATASETS_DIR ?? join(findRepoRoot(fileURLToPath(new URL(".", import.meta.url))), "fixtures", "datasets");

let uploadDir: string | undefined;
export function testUploadDirSync() {
  uploadDir ??= mkdtempSync(join(tmpdir(), "facet-uploads-"));
  return uploadDir;
}
export async function testUploadDir() {
  return testUploadDirSync();
}

/** Does what the upload route does: stores the file and creates the import job. */
export async function upload(
  db: Db,
  user: SessionUser,
  workspaceId: string,
  source: string | { name: string; text: string | Buffer },
  kind: "customers" | "events" = "customers",
) {
  const dir = await testUploadDir();
  const scope = await resolveScope(db, user.id, workspaceId);
  const id = `imp_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 14).padEnd(12, "0")}`;
  const storedPath = join(workspaceId, `${id}.csv`);
  await mkdir(join(dir, workspaceId), { recursive: true });
  if (typeof source === "string") await copyFile(source, join(dir, storedPath));
  else await writeFile(join(dir, storedPath), source.text);
  const file = await open(join(dir, storedPath));
  const { size } = await file.stat();
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  await file.read(head, 0, head.length, 0);
  await file.close();
  const fileName = typeof source === "string" ? basename(source) : source.name;
  return importJob.createImportJob(scope, { kind, fileName, fileSize: size, storedPath, fileInfo: importJob.detectFormat(head) }, id);
}

/** Runs everything queued, as the app's runner would: the outcome of each import that ran. */
export async function runQueued(jobs: { drain(): Promise<{ kind: string; outcome: jobs.AttemptOutcome }[]> }) {
  const done = await jobs.drain();
  return done
    .filter((d) => d.kind === "import.run")
    .map(({ outcome }) =>
      outcome.status === "succeeded"
        ? (outcome.result as unknown as importJob.RunOutcome)
        : { status: outcome.status, ...("error" in outcome ? { error: outcome.error } : {}) },
    );
}
