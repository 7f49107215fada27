import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const supervisor = join(import.meta.dirname, "supervise.mjs");

/** A server stand-in: counts its runs in a file, crashes on the first two, then stays up until signalled. */
function crashingServer(): { dir: string; script: string } {
  const dir = mkdtempSync(join(tmpdir(), "facet-supervise-"));
  const script = join(dir, "server.mjs");
  writeFileSync(
    script,
    `import { existsSync, readFileSync, writeFileSync } from "node:fs";
const file = ${JSON.stringify(join(dir, "runs"))};
const run = (existsSync(file) ? Number(readFileSync(file, "utf8")) : 0) + 1;
writeFileSync(file, String(run));
if (run <= 2) { console.log("started " + run); console.log("crashing"); process.exit(1); }
// The handler is in place before "started" is printed: the test signals as soon as it reads that line.
process.on("SIGTERM", () => { console.log("got SIGTERM"); process.exit(0); });
console.log("started " + run);
setInterval(() => {}, 1000);
`,
  );
  return { dir, script };
}

const running: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const p of running) if (p.exitCode === null) p.kill("SIGKILL");
});

function supervise(script: string) {
  const p = spawn(process.execPath, [supervisor, "--backoff-ms", "20", "--", process.execPath, script], { stdio: "pipe" });
  running.push(p);
  let out = "";
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters.filter((w) => out.includes(w.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  p.stdout.on("data", onData);
  p.stderr.on("data", onData);
  const waitFor = (text: string) =>
    out.includes(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve }));
  const exited = new Promise<number | null>((resolve) => p.on("exit", (code) => resolve(code)));
  return { process: p, waitFor, exited, output: () => out };
}

describe("supervise.mjs", () => {
  it("restarts a crashed server with growing waits, then stops it and itself on SIGTERM", { timeout: 30_000 }, async () => {
    const { script } = crashingServer();
    const s = supervise(script);
    await s.waitFor("started 3");
    expect(s.output()).toContain("run 1 ended (exit code 1); restarting in 20 ms");
    expect(s.output()).toContain("run 2 ended (exit code 1); restarting in 40 ms");

    s.process.kill("SIGTERM");
    await s.waitFor("got SIGTERM");
    expect(await s.exited).toBe(0);
    expect(s.output()).not.toContain("started 4");
  });
});
