// Runs one queued import in its own process, so a test can kill the process mid-import.
// Usage: tsx import-child.ts <workspaceId> <jobId> <uploadDir> with FACET_DB (a URL or a PGlite dir).
import { createDatabase } from "@facet/db";
import { importJob } from "@facet/domain";

const [workspaceId, jobId, uploadDir] = process.argv.slice(2) as [string, string, string];
const target = process.env.FACET_DB!;
const database = createDatabase(target.startsWith("postgres") ? { url: target } : { pgliteDir: target });
let told = false;
await importJob.runImportJob(
  database.db,
  { workspaceId, id: jobId },
  {
    uploadDir,
    runnerId: "child",
    onProgress: (p) => {
      if (!told && p.rowsRead > 0) {
        told = true;
        process.stdout.write("importing\n");
      }
    },
  },
);
process.stdout.write("finished\n");
await database.close();
