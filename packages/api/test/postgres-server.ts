// A throwaway PostgreSQL server on 127.0.0.1 that a test may stop and start (as scripts/test-all.sh
// starts one): initdb into a temp folder, as the postgres OS user when running as root.
import { execFile } from "node:child_process";
import { chownSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const bin = (name: string) => join(process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin", name);
const asRoot = process.getuid?.() === 0;
const asPostgres = (cmd: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", cmd, ...args]) : run(cmd, args));

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface PostgresServer {
  url: (database: string) => string;
  port: number;
  /** Stops the server the way an admin does (fast: sessions are told 57P01 and closed). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  destroy(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresServer> {
  const dir = await mkdtemp(join(tmpdir(), "facet-pg-"));
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, "data");
  const port = await freePort();
  await asPostgres(bin("initdb"), ["-D", data, "--auth=trust", "-U", "postgres", "--no-sync"]);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`;
  const start = async () => {
    await asPostgres(bin("pg_ctl"), ["-D", data, "-w", "-l", join(dir, "log"), "-o", options, "start"]);
  };
  const stop = async () => {
    await asPostgres(bin("pg_ctl"), ["-D", data, "-w", "-m", "fast", "stop"]);
  };
  await start();
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    async destroy() {
      await asPostgres(bin("pg_ctl"), ["-D", data, "-m", "immediate", "stop"]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
