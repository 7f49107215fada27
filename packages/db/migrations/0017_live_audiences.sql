ALTER TYPE "public"."segment_refresh_reason" ADD VALUE 'reconcile';--> statement-breakpoint
ALTER TYPE "public"."segment_refresh_reason" ADD VALUE 'retyped';--> statement-breakpoint
ALTER TYPE "public"."segment_refresh_reason" ADD VALUE 'rfm';--> statement-breakpoint
CREATE TABLE "segment_flips" (
	"workspace_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"flip_at" timestamp with time zone NOT NULL,
	"condition" text NOT NULL,
	CONSTRAINT "segment_flips_workspace_id_segment_id_customer_id_pk" PRIMARY KEY("workspace_id","segment_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "segment_check_transitions" (
	"workspace_id" text NOT NULL,
	"check_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "segment_check_transitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"from" text NOT NULL,
	"to" text NOT NULL,
	"value" double precision,
	"measured" text DEFAULT '' NOT NULL,
	"cause" text DEFAULT '' NOT NULL,
	"trigger" text NOT NULL,
	CONSTRAINT "segment_check_transitions_workspace_id_check_id_id_pk" PRIMARY KEY("workspace_id","check_id","id")
);
--> statement-breakpoint
CREATE TABLE "segment_checks" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"segment_id" text NOT NULL,
	"rule" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"value" double precision,
	"measured" text DEFAULT '' NOT NULL,
	"cause" text DEFAULT '' NOT NULL,
	"checked_at" timestamp (3) with time zone,
	"status_since" timestamp (3) with time zone,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segment_checks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"segment_id" text,
	"dedup_key" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp (3) with time zone,
	"resolved_at" timestamp (3) with time zone,
	"emailed_at" timestamp (3) with time zone,
	CONSTRAINT "notifications_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "segment_refreshes" ADD COLUMN "corrected" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "segment_flips" ADD CONSTRAINT "segment_flips_workspace_id_segment_id_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."segments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_flips" ADD CONSTRAINT "segment_flips_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_check_transitions" ADD CONSTRAINT "segment_check_transitions_workspace_id_check_id_segment_checks_workspace_id_id_fk" FOREIGN KEY ("workspace_id","check_id") REFERENCES "public"."segment_checks"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_checks" ADD CONSTRAINT "segment_checks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_checks" ADD CONSTRAINT "segment_checks_workspace_id_segment_id_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."segments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segment_flips_due_idx" ON "segment_flips" USING btree ("workspace_id","flip_at");--> statement-breakpoint
CREATE INDEX "segment_flips_customer_idx" ON "segment_flips" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "segment_checks_segment_idx" ON "segment_checks" USING btree ("workspace_id","segment_id");--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("workspace_id","user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_open_key" ON "notifications" USING btree ("workspace_id","user_id","kind","dedup_key") WHERE "notifications"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "segment_changes_at_idx" ON "segment_changes" USING btree ("workspace_id","at");