CREATE TABLE "persona_shares" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"segment_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp (3) with time zone,
	CONSTRAINT "persona_shares_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "persona_versions" (
	"workspace_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"version" integer NOT NULL,
	"written" jsonb NOT NULL,
	"author_id" text,
	"author_email" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "persona_versions_workspace_id_segment_id_version_pk" PRIMARY KEY("workspace_id","segment_id","version")
);
--> statement-breakpoint
CREATE TABLE "personas" (
	"workspace_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"written" jsonb,
	"version" integer DEFAULT 0 NOT NULL,
	"computed" jsonb,
	"computed_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personas_workspace_id_segment_id_pk" PRIMARY KEY("workspace_id","segment_id")
);
--> statement-breakpoint
ALTER TABLE "persona_shares" ADD CONSTRAINT "persona_shares_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persona_shares" ADD CONSTRAINT "persona_shares_workspace_id_segment_id_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."segments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persona_versions" ADD CONSTRAINT "persona_versions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persona_versions" ADD CONSTRAINT "persona_versions_workspace_id_segment_id_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."segments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personas" ADD CONSTRAINT "personas_workspace_id_segment_id_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."segments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "persona_shares_token_key" ON "persona_shares" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "persona_shares_segment_idx" ON "persona_shares" USING btree ("workspace_id","segment_id");