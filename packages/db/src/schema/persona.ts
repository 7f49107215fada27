import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { PersonaWritten } from "@facet/validators";
import { workspaceId } from "./_columns";
import { users } from "./account";
import { segments } from "./segment";

/**
 * A segment's persona card: the team's written part (versioned in persona_versions) and the computed
 * part, stored as computed from the segment's members at `computedAt` (recomputed when the segment
 * has been refreshed since).
 */
export const personas = pgTable(
  "personas",
  {
    workspaceId: workspaceId(),
    segmentId: text().notNull(),
    written: jsonb().$type<PersonaWritten>(),
    version: integer().notNull().default(0),
    computed: jsonb(),
    computedAt: timestamp({ withTimezone: true, precision: 3 }),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId] }),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete("cascade"),
  ],
);

/** Every saved written part, with who saved it and when. */
export const personaVersions = pgTable(
  "persona_versions",
  {
    workspaceId: workspaceId(),
    segmentId: text().notNull(),
    version: integer().notNull(),
    written: jsonb().$type<PersonaWritten>().notNull(),
    authorId: text().references(() => users.id, { onDelete: "set null" }),
    authorEmail: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId, t.version] }),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete("cascade"),
  ],
);

/** A read-only link to a persona card. The link carries a token; only its hash is stored. */
export const personaShares = pgTable(
  "persona_shares",
  {
    workspaceId: workspaceId(),
    id: text().notNull(),
    segmentId: text().notNull(),
    tokenHash: text().notNull(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("persona_shares_token_key").on(t.tokenHash),
    index("persona_shares_segment_idx").on(t.workspaceId, t.segmentId),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete("cascade"),
  ],
);
