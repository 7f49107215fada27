#!/usr/bin/env node
// Keeps a server running: `node scripts/supervise.mjs [--cwd DIR] [--backoff-ms N] -- command args...`
// The command is restarted whenever it exits, after a wait that doubles from --backoff-ms (default 1 s) up
// to 30 s, and starts over once a run has lasted a minute. SIGTERM and SIGINT are passed to the command and
// then end the supervisor (with the command's exit code); SIGHUP is passed on. `pnpm start` runs the app so.

import { spawn } from "node:child_process";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const options = split === -1 ? [] : args.slice(0, split);
const command = split === -1 ? args : args.slice(split + 1);
const option = (name, fallback) => {
  const i = options.indexOf(name);
  return i === -1 ? fallback : options[i + 1];
};
if (command.length === 0) {
  console.error("usage: supervise.mjs [--cwd DIR] [--backoff-ms N] -- command args...");
  process.exit(2);
}

const firstBackoffMs = Number(option("--backoff-ms", 1000));
const maxBackoffMs = 30_000;
const healthyAfterMs = 60_000;
const cwd = option("--cwd", process.cwd());

let child = null;
let stopping = false;
let backoffMs = firstBackoffMs;
let restartTimer = null;
let run = 0;

const say = (line) => console.error(`[supervise] ${line}`);

function start() {
  restartTimer = null;
  run += 1;
  const startedAt = Date.now();
  child = spawn(command[0], command.slice(1), { cwd, stdio: "inherit", env: process.env });
  child.on("error", (error) => say(`could not start ${command[0]}: ${error.message}`));
  child.on("exit", (code, signal) => {
    child = null;
    if (stopping) process.exit(code ?? 0);
    if (Date.now() - startedAt >= healthyAfterMs) backoffMs = firstBackoffMs;
    say(`run ${run} ended (${signal ? `signal ${signal}` : `exit code ${code}`}); restarting in ${backoffMs} ms`);
    restartTimer = setTimeout(start, backoffMs);
    backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
  });
}

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    stopping = true;
    if (restartTimer) clearTimeout(restartTimer);
    if (child) child.kill(signal);
    else process.exit(0);
  });
}
process.on("SIGHUP", () => child?.kill("SIGHUP"));

start();
