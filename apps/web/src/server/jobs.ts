import "server-only";
import { jobs as jobSystem } from "@facet/domain";
import { PgBossJobs } from "@facet/jobs-pgboss";
import { env } from "~/env";
import { db } from "./db";
import { logger } from "./logger";
import { mailer } from "./mailer";

type Runner = jobSystem.Jobs;

/**
 * The job system of this process: pg-boss on a PostgreSQL server (any number of app processes share the
 * work), the in-process runner on embedded PGlite (one process per data folder). Started once, from
 * instrumentation.ts, before the first request.
 */
function createJobs(): Runner {
  const e = env();
  const options = {
    db: db(),
    definitions: jobSystem.jobDefinitions(),
    schedules: jobSystem.jobSchedules,
    deps: {
      uploadDir: e.uploadDir,
      changeLogRetentionDays: e.changeLogRetentionDays,
      log: (level: "info" | "error", message: string, data: Record<string, unknown>) => logger()[level](data, message),
      mailer: mailer(),
      appUrl: e.appUrl,
    },
  };
  return "url" in e.database
    ? new PgBossJobs({ ...options, connectionString: e.database.url, staleMs: e.jobStaleMs })
    : new jobSystem.InProcessJobs(options);
}

const holder = globalThis as unknown as { facetJobs?: Runner; facetJobsStarted?: Promise<void> };
export const jobs = (): Runner => (holder.facetJobs ??= createJobs());

/** Starts the workers and schedules (idempotent: dev reloads keep the running one). */
export function startJobs(): Promise<void> {
  holder.facetJobsStarted ??= jobs()
    .start()
    .then(() => logger().info({}, "job system started"));
  return holder.facetJobsStarted;
}
