import type { Db } from "@facet/db";
import type { Actor, Mailer, WorkspaceScope, jobs } from "@facet/domain";

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
  /** The job system: imports, refreshes, deliveries, discovery runs and demos run through it. */
  jobs: jobs.Jobs;
  /** A REST API v1 call: the key the adapter authenticated, and the one procedure it may run. */
  apiKey?: ApiKeyCall | null;
}

export interface ApiKeyCall {
  workspaceId: string;
  actor: Extract<Actor, { kind: "apiKey" }>;
  role: WorkspaceScope["role"];
  /** The procedure path of the REST operation, e.g. "customer.byId". */
  procedure: string;
}
