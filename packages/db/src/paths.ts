import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The monorepo root: the nearest folder above `from` holding pnpm-workspace.yaml. */
export function findRepoRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

/** Local state (embedded database, generated dev secret) lives in `<repo>/.data`, git-ignored. */
export const localDataDir = (from: string) => join(findRepoRoot(from), ".data");
export const defaultPgliteDir = (from: string) => join(localDataDir(from), "pglite");
