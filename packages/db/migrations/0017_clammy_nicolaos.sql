ALTER TYPE "public"."segment_refresh_reason" ADD VALUE 'retyped';--> statement-breakpoint
ALTER TYPE "public"."segment_refresh_reason" ADD VALUE 'rfm';