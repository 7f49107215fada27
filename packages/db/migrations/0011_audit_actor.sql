ALTER TABLE "audit_log" ADD COLUMN "actor_kind" text DEFAULT 'user' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_name" text;--> statement-breakpoint
UPDATE "audit_log" SET "actor_kind" = 'apiKey', "actor_name" = substring("actor_email" from '^API key "(.*)"$'), "actor_email" = NULL WHERE "actor_email" LIKE 'API key "%"';--> statement-breakpoint
UPDATE "audit_log" SET "actor_kind" = 'system' WHERE "actor_id" IS NULL AND "actor_email" IS NULL;
