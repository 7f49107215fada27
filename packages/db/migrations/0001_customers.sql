CREATE TYPE "public"."attribute_type" AS ENUM('string', 'number', 'boolean', 'date', 'enum', 'list');--> statement-breakpoint
CREATE TYPE "public"."dimension" AS ENUM('demographic', 'geographic', 'psychographic', 'behavioral', 'technographic', 'needs', 'value');--> statement-breakpoint
CREATE TYPE "public"."import_kind" AS ENUM('customers', 'events');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('uploaded', 'queued', 'running', 'checked', 'succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "attributes" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"type" "attribute_type" NOT NULL,
	"dimension" "dimension" NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"enum_values" text[] DEFAULT '{}' NOT NULL,
	"computed" boolean DEFAULT false NOT NULL,
	"column" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attributes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"external_id" text,
	"email" text,
	"name" text,
	"traits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp (3) with time zone,
	"order_count" integer DEFAULT 0 NOT NULL,
	"total_spend" numeric(14, 2) DEFAULT '0' NOT NULL,
	"first_purchase_at" timestamp (3) with time zone,
	"last_purchase_at" timestamp (3) with time zone,
	CONSTRAINT "customers_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"workspace_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" text NOT NULL,
	"name" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"revenue" numeric(14, 2),
	"message_id" text,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" "import_kind" NOT NULL,
	"status" "import_status" DEFAULT 'uploaded' NOT NULL,
	"dry_run" boolean DEFAULT true NOT NULL,
	"file_name" text NOT NULL,
	"file_size" bigint NOT NULL,
	"stored_path" text NOT NULL,
	"file_info" jsonb NOT NULL,
	"settings" jsonb,
	"counts" jsonb,
	"error" text,
	"created_by" text,
	"runner_id" text,
	"heartbeat_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_jobs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "import_rejections" (
	"workspace_id" text NOT NULL,
	"job_id" text NOT NULL,
	"row_number" integer NOT NULL,
	"column" text,
	"reason" text NOT NULL,
	CONSTRAINT "import_rejections_workspace_id_job_id_row_number_pk" PRIMARY KEY("workspace_id","job_id","row_number")
);
--> statement-breakpoint
ALTER TABLE "attributes" ADD CONSTRAINT "attributes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rejections" ADD CONSTRAINT "import_rejections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attributes_key_key" ON "attributes" USING btree ("workspace_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_key" ON "customers" USING btree ("workspace_id","email") WHERE "customers"."email" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_id_key" ON "customers" USING btree ("workspace_id","external_id") WHERE "customers"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "customers_email_prefix_idx" ON "customers" USING btree ("workspace_id","email" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_name_prefix_idx" ON "customers" USING btree ("workspace_id",lower("name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_created_idx" ON "customers" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_message_id_key" ON "events" USING btree ("workspace_id","message_id") WHERE "events"."message_id" is not null;--> statement-breakpoint
CREATE INDEX "events_customer_time_idx" ON "events" USING btree ("workspace_id","customer_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_name_time_idx" ON "events" USING btree ("workspace_id","name","occurred_at");--> statement-breakpoint
CREATE INDEX "import_jobs_recent_idx" ON "import_jobs" USING btree ("workspace_id","created_at" DESC NULLS LAST);