CREATE TYPE "public"."campaign_channel" AS ENUM('email', 'sms', 'push', 'in_app', 'paid_ads', 'direct_mail');--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'scheduled', 'running', 'completed', 'archived');--> statement-breakpoint
CREATE TYPE "public"."campaign_target_kind" AS ENUM('include', 'exclude');--> statement-breakpoint
CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "campaign_audience" (
	"workspace_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"holdout" boolean NOT NULL,
	CONSTRAINT "campaign_audience_workspace_id_campaign_id_customer_id_pk" PRIMARY KEY("workspace_id","campaign_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_targets" (
	"workspace_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"kind" "campaign_target_kind" NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "campaign_targets_workspace_id_campaign_id_segment_id_pk" PRIMARY KEY("workspace_id","campaign_id","segment_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"goal" text DEFAULT '' NOT NULL,
	"channel" "campaign_channel" DEFAULT 'email' NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"owner_id" text,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"variants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"holdout_percent" integer DEFAULT 0 NOT NULL,
	"holdout_seed" integer NOT NULL,
	"conversion_event" text DEFAULT 'purchase' NOT NULL,
	"conversion_window_days" integer DEFAULT 14 NOT NULL,
	"launched_at" timestamp (3) with time zone,
	"audience_size" integer DEFAULT 0 NOT NULL,
	"holdout_size" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"destination_id" text NOT NULL,
	"status" "delivery_status" DEFAULT 'pending' NOT NULL,
	"batches_done" integer DEFAULT 0 NOT NULL,
	"cursor" text,
	"batches_total" integer NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "deliveries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"workspace_id" text NOT NULL,
	"delivery_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "delivery_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"batch" integer NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	CONSTRAINT "delivery_attempts_workspace_id_delivery_id_id_pk" PRIMARY KEY("workspace_id","delivery_id","id")
);
--> statement-breakpoint
CREATE TABLE "destinations" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp (3) with time zone,
	CONSTRAINT "destinations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "workspace_settings" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"allow_private_destinations" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_workspace_id_campaign_id_campaigns_workspace_id_id_fk" FOREIGN KEY ("workspace_id","campaign_id") REFERENCES "public"."campaigns"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_workspace_id_segment_id_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."segments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_workspace_id_campaign_id_campaigns_workspace_id_id_fk" FOREIGN KEY ("workspace_id","campaign_id") REFERENCES "public"."campaigns"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_workspace_id_destination_id_destinations_workspace_id_id_fk" FOREIGN KEY ("workspace_id","destination_id") REFERENCES "public"."destinations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_workspace_id_delivery_id_deliveries_workspace_id_id_fk" FOREIGN KEY ("workspace_id","delivery_id") REFERENCES "public"."deliveries"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "destinations" ADD CONSTRAINT "destinations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_settings" ADD CONSTRAINT "workspace_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_audience_customer_idx" ON "campaign_audience" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "campaign_targets_segment_idx" ON "campaign_targets" USING btree ("workspace_id","segment_id");--> statement-breakpoint
CREATE INDEX "campaigns_recent_idx" ON "campaigns" USING btree ("workspace_id","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("workspace_id","status","next_attempt_at");