import { createDatabase, type Database } from "@facet/db";
import { migrateDatabase } from "@facet/db/migrator";

export interface Timing {
  p50: number;
  p99: number;
  mean: number;
}

/** Runs `fn` `runs` times after `warmup` runs; milliseconds. */
export async function measure(fn: () => Promise<unknown>, runs = 200, warmup = 20): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

export const fmt = (t: Timing) => `p50 ${t.p50.toFixed(2)} ms, p99 ${t.p99.toFixed(2)} ms`;

/** The databases to benchmark: in-memory PGlite, and the server in BENCH_DATABASE_URL if set. */
export async function* databases(): AsyncGenerator<{ label: string; database: Database }> {
  const targets: { label: string; open: () => Database }[] = [{ label: "PGlite", open: () => createDatabase({ memory: true }) }];
  const url = process.env.BENCH_DATABASE_URL;
  if (url) targets.push({ label: "PostgreSQL", open: () => createDatabase({ url }) });
  for (const target of targets) {
    const database = target.open();
    await migrateDatabase(database);
    try {
      yield { label: target.label, database };
    } finally {
      await database.close();
    }
  }
}
