// Runs one queued import job in its own process, so a test can kill the process mid-import.
// Usage: tsx import-child.ts <job id> <uploadDir> with FACET_DB (a URL or a PGlite dir).
import { createDatabase } from "@facet/db";
import { jobs } from "@facet/domain";

const [jobId, uploadDir] = process.argv.slice(2) as [string, string];
const target = process.env.FACET_DB!;
const database = createDatabase(target.startsWith("postgres") ? { url: target } : { pgliteDir: target });
let told = false;
const runner = new jobs.InProcessJobs({
  db: database.db,
  definitions: jobs.jobDefinitions(),
  deps: { uploadDir },
  claims: "own",
  singleProcess: false,
  onProgress: (_id, p) => {
    if (!told && Number(p.rowsRead) > 0) {
      told = true;
      process.stdout.write("importing\n");
    }
  },
});
runner.adopt(jobId);
const outcomes = await runner.drain();
process.stderr.write(`${JSON.stringify(outcomes)}\n`);
process.stdout.write("finished\n");
await database.close();
