CREATE TABLE "segment_flips" (
	"workspace_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"flip_at" timestamp with time zone NOT NULL,
	"condition" text NOT NULL,
	CONSTRAINT "segment_flips_workspace_id_segment_id_customer_id_pk" PRIMARY KEY("workspace_id","segment_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "segment_flips" ADD CONSTRAINT "segment_flips_workspace_id_segment_id_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."segments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_flips" ADD CONSTRAINT "segment_flips_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segment_flips_due_idx" ON "segment_flips" USING btree ("workspace_id","flip_at");--> statement-breakpoint
CREATE INDEX "segment_flips_customer_idx" ON "segment_flips" USING btree ("workspace_id","customer_id");