DROP INDEX "customers_email_prefix_idx";--> statement-breakpoint
DROP INDEX "customers_external_id_prefix_idx";--> statement-breakpoint
DROP INDEX "customers_email_key";--> statement-breakpoint
DROP INDEX "customers_external_id_key";--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_key" ON "customers" USING btree ("workspace_id","email" text_pattern_ops) WHERE "customers"."email" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_id_key" ON "customers" USING btree ("workspace_id","external_id" text_pattern_ops) WHERE "customers"."external_id" is not null;