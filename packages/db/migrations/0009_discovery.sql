CREATE TYPE "public"."discovery_kind" AS ENUM('kmeans', 'rfm');--> statement-breakpoint
CREATE TYPE "public"."discovery_status" AS ENUM('queued', 'running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "discovery_assignments" (
	"workspace_id" text NOT NULL,
	"run_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"cluster" smallint NOT NULL,
	CONSTRAINT "discovery_assignments_workspace_id_run_id_customer_id_pk" PRIMARY KEY("workspace_id","run_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "discovery_runs" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" "discovery_kind" NOT NULL,
	"params" jsonb NOT NULL,
	"status" "discovery_status" DEFAULT 'queued' NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"error" text,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "discovery_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "rfm_scores" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"recency_days" integer NOT NULL,
	"frequency" integer NOT NULL,
	"monetary" numeric(14, 2) NOT NULL,
	"r" smallint NOT NULL,
	"f" smallint NOT NULL,
	"m" smallint NOT NULL,
	"segment" text NOT NULL,
	CONSTRAINT "rfm_scores_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "discovery_runs" ADD CONSTRAINT "discovery_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discovery_runs" ADD CONSTRAINT "discovery_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discovery_assignments_customer_idx" ON "discovery_assignments" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "discovery_runs_recent_idx" ON "discovery_runs" USING btree ("workspace_id","created_at" DESC NULLS LAST);