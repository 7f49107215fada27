import { createWriteStream } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { newId } from "@facet/db";
import { importJob, requireRole } from "@facet/domain";
import { env } from "~/env";
import { handle, jsonError, sessionScope } from "~/server/http";
import { isSameOrigin } from "~/server/origin";

export const maxUploadBytes = 512 * 1024 * 1024;
const tooBig = () => jsonError(413, `The file is larger than ${maxUploadBytes / 1024 / 1024} MB. Split it and import the parts.`);

/** Uploads a CSV file (the raw request body) and creates an import waiting for its column mapping. */
export function POST(req: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  return handle(async () => {
    if (!isSameOrigin(req)) return jsonError(403, "This request must come from the Facet app itself.");
    const { workspaceId } = await params;
    const scope = await sessionScope(workspaceId);
    if (!scope) return jsonError(401, "Your session has ended. Sign in again.");
    requireRole(scope, "editor");
    if (Number(req.headers.get("content-length") ?? 0) > maxUploadBytes) return tooBig();
    if (!req.body) return jsonError(400, "Choose a file to upload.");

    const query = new URL(req.url).searchParams;
    const fileName = (query.get("fileName") ?? "upload.csv").slice(0, 200);
    const kind = query.get("kind") ?? "customers";
    if (kind !== "customers" && kind !== "events") return jsonError(400, "An import is of customers or of events.");
    const id = newId("imp");
    const storedPath = join(workspaceId, `${id}.csv`);
    const path = join(env().uploadDir, storedPath);
    await mkdir(dirname(path), { recursive: true });
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(size > maxUploadBytes ? new Error("too big") : null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(req.body as never), limit, createWriteStream(path));
    } catch (error) {
      await rm(path, { force: true });
      if (size > maxUploadBytes) return tooBig();
      throw error;
    }
    if (size === 0) {
      await rm(path, { force: true });
      return jsonError(400, "The file is empty.");
    }
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    const file = await open(path);
    try {
      await file.read(head, 0, head.length, 0);
    } finally {
      await file.close();
    }
    try {
      const job = await importJob.createImportJob(
        scope,
        { kind, fileName, fileSize: size, storedPath, fileInfo: importJob.detectFormat(head) },
        id,
      );
      return Response.json({ jobId: job.id }, { status: 201 });
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  });
}
