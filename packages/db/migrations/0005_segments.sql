CREATE TYPE "public"."segment_refresh_reason" AS ENUM('created', 'edited', 'manual', 'schedule');--> statement-breakpoint
CREATE TYPE "public"."segment_schedule" AS ENUM('manual', 'hourly', 'daily');--> statement-breakpoint
CREATE TABLE "segment_members" (
	"workspace_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"since" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segment_members_workspace_id_segment_id_customer_id_pk" PRIMARY KEY("workspace_id","segment_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "segment_refreshes" (
	"workspace_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "segment_refreshes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer NOT NULL,
	"size" integer NOT NULL,
	"entered" integer NOT NULL,
	"exited" integer NOT NULL,
	"reason" "segment_refresh_reason" NOT NULL,
	"duration_ms" integer NOT NULL,
	CONSTRAINT "segment_refreshes_workspace_id_segment_id_id_pk" PRIMARY KEY("workspace_id","segment_id","id")
);
--> statement-breakpoint
CREATE TABLE "segment_versions" (
	"workspace_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"author_id" text,
	"author_email" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segment_versions_workspace_id_segment_id_version_pk" PRIMARY KEY("workspace_id","segment_id","version")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"definition" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"schedule" "segment_schedule" DEFAULT 'daily' NOT NULL,
	"member_count" integer DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp (3) with time zone,
	"created_by" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "segment_members" ADD CONSTRAINT "segment_members_workspace_id_segment_id_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."segments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_members" ADD CONSTRAINT "segment_members_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_refreshes" ADD CONSTRAINT "segment_refreshes_workspace_id_segment_id_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."segments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_versions" ADD CONSTRAINT "segment_versions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_versions" ADD CONSTRAINT "segment_versions_workspace_id_segment_id_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."segments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segment_members_customer_idx" ON "segment_members" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "segments_recent_idx" ON "segments" USING btree ("workspace_id","updated_at" DESC NULLS LAST);