import type { Db } from "@facet/db";
import type { Mailer, importJob } from "@facet/domain";

/** What the session token claims; checked against the database by protectedProcedure. */
export interface SessionClaim {
  userId: string;
  sessionVersion: number;
}

export interface ApiContext {
  db: Db;
  session: SessionClaim | null;
  requestId: string;
  clientIp: string;
  /** Base URL for links in emails, e.g. https://facet.example.com */
  appUrl: string;
  mailer: Mailer | null;
  /** Runs imports in the background and reports their live progress. */
  jobs: importJob.JobQueue & importJob.ProgressBoard;
}
