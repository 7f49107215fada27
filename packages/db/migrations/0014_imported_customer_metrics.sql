ALTER TABLE "customers" ADD COLUMN "imported_order_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "imported_spend" numeric(14, 2) DEFAULT '0' NOT NULL;