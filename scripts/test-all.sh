#!/usr/bin/env bash
# README's test command: installs what the tests need on a fresh machine (pnpm, Debian's chromium,
# PostgreSQL 15), starts a throwaway PostgreSQL server on loopback, and runs every check:
# lint, typecheck, migrations-vs-schema, unit, integration on PGlite and on PostgreSQL, build, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CI="${CI:-true}"
started=$SECONDS
results_dir=$(mktemp -d)
step() { echo; echo "=== $* ($((SECONDS - started)) s)"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

step "Tools"
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v pnpm >/dev/null || as_root npm install -g pnpm@10.34.9 >/dev/null 2>&1
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM_PATH" ] || apt_install chromium
PGBIN=/usr/lib/postgresql/15/bin
[ -x "$PGBIN/initdb" ] || apt_install postgresql-15
export CHROMIUM_PATH
echo "pnpm $(pnpm --version), $("$CHROMIUM_PATH" --version 2>/dev/null), $("$PGBIN/postgres" --version)"

step "Install"
pnpm install --frozen-lockfile --reporter=append-only | tail -n 3

step "PostgreSQL 15 on loopback"
pgdir=$(mktemp -d /tmp/facet-pg.XXXXXX)
pgport=${PGPORT_TEST:-55432}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdir" "$results_dir"
}
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$pgdir/data" --auth=trust -U postgres >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$pgdir/data" -w -l "$pgdir/log" \
  -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir -c fsync=off -c max_connections=200" start >/dev/null
for db in facet_test facet_e2e; do
  psql -q -h 127.0.0.1 -p "$pgport" -U postgres -c "CREATE DATABASE $db" >/dev/null
done
pg="postgres://postgres@127.0.0.1:$pgport"

step "Lint"
pnpm lint
step "Typecheck"
pnpm typecheck --output-logs=errors-only
step "Migrations match the schema"
pnpm db:check
step "Unit tests"
pnpm exec vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results_dir/unit.json"
step "Integration tests on PGlite"
pnpm exec vitest run --project int --reporter=default --reporter=json --outputFile.json="$results_dir/int-pglite.json"
step "Integration tests on PostgreSQL"
TEST_DATABASE_URL="$pg/facet_test" pnpm exec vitest run --project int --reporter=default --reporter=json --outputFile.json="$results_dir/int-postgres.json"
step "Build"
pnpm build --output-logs=errors-only
step "End-to-end (PostgreSQL, and a smoke run on PGlite)"
E2E_PG_URL="$pg/facet_e2e" PLAYWRIGHT_JSON_OUTPUT_NAME="$results_dir/e2e.json" pnpm test:e2e --reporter=list,json

step "Summary"
node -e '
const fs = require("fs"), dir = process.argv[1];
let passed = 0, failed = 0, skipped = 0;
for (const f of fs.readdirSync(dir)) {
  const r = JSON.parse(fs.readFileSync(dir + "/" + f, "utf8"));
  if (r.stats && "expected" in r.stats) {
    passed += r.stats.expected; failed += r.stats.unexpected + r.stats.flaky; skipped += r.stats.skipped;
    console.log(`${f}: ${r.stats.expected} passed, ${r.stats.unexpected} failed`);
  } else {
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
    console.log(`${f}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
console.log(`All checks done in ${process.argv[2]} s.`);
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
process.exit(failed ? 1 : 0);
' "$results_dir" "$((SECONDS - started))"
