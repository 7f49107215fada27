// The one place that reads the environment. Read lazily: `next build` runs without any of it.
import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { TrustedProxies } from "@facet/auth";
import { defaultPgliteDir, localDataDir } from "@facet/db";

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional(),
  PGLITE_DIR: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  APP_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().default("Facet <no-reply@facet.local>"),
  UPLOAD_DIR: z.string().min(1).optional(),
  /** Comma-separated addresses or CIDR ranges of the reverse proxies in front of the app. */
  TRUSTED_PROXIES: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // A running job beats every 5 s: a limit under three beats would hand live jobs to a second process.
  JOB_STALE_SECONDS: z.coerce.number().int().min(15, "JOB_STALE_SECONDS must be at least 15 (three heartbeats)").max(3600).default(45),
  /** Days the segment change log (who entered or left, and why) keeps an entry. */
  CHANGE_LOG_RETENTION_DAYS: z.coerce
    .number()
    .int("CHANGE_LOG_RETENTION_DAYS must be a whole number of days")
    .min(1, "CHANGE_LOG_RETENTION_DAYS must be at least 1")
    .max(3650)
    .default(90),
});

export interface Env {
  database: { url: string } | { pgliteDir: string };
  authSecret: string;
  appUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  uploadDir: string;
  /** A running job silent this long belongs to a stopped process: another one retries it. */
  jobStaleMs: number;
  /** Days the segment change log keeps an entry; the hourly prune job deletes older ones. */
  changeLogRetentionDays: number;
  /** Proxies whose X-Forwarded-For is believed; empty: the TCP peer is the client. */
  trustedProxies: TrustedProxies;
}

const blank = (v: string | undefined) => (v && v.trim() !== "" ? v : undefined);

/** Without AUTH_SECRET, a random one is generated once and kept in .data/ (git-ignored). */
function localAuthSecret(): string {
  const dir = localDataDir(process.cwd());
  const file = join(dir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const raw = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, blank(process.env[k])]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  let trustedProxies: TrustedProxies;
  try {
    trustedProxies = new TrustedProxies((e.TRUSTED_PROXIES ?? "").split(/[\s,]+/).filter(Boolean));
  } catch (error) {
    throw new Error(`Invalid configuration:\n  TRUSTED_PROXIES: ${(error as Error).message}`);
  }
  cached = {
    database: e.DATABASE_URL ? { url: e.DATABASE_URL } : { pgliteDir: e.PGLITE_DIR ?? defaultPgliteDir(process.cwd()) },
    authSecret: e.AUTH_SECRET ?? localAuthSecret(),
    appUrl: e.APP_URL ?? null,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    uploadDir: e.UPLOAD_DIR ?? join(localDataDir(process.cwd()), "uploads"),
    jobStaleMs: e.JOB_STALE_SECONDS * 1000,
    changeLogRetentionDays: e.CHANGE_LOG_RETENTION_DAYS,
    trustedProxies,
  };
  return cached;
}
