CREATE TABLE "throttle_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"admitted" boolean NOT NULL
);
--> statement-breakpoint
DROP TABLE "login_throttles" CASCADE;