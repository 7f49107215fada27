#!/usr/bin/env bash
# `pnpm bench`: every benchmark, on embedded PGlite and on a PostgreSQL server. Set BENCH_DATABASE_URL to
# use your own (empty) server database, shared by all the benchmarks; otherwise a throwaway PostgreSQL 15 is
# started on loopback, with a database per benchmark.
# `pnpm bench segments` runs only src/segments.bench.ts (any part of a file name works).
set -euo pipefail
cd "$(dirname "$0")"
PGBIN=/usr/lib/postgresql/15/bin
if [ -z "${BENCH_DATABASE_URL:-}" ] && [ -x "$PGBIN/initdb" ]; then
  pgdir=$(mktemp -d /tmp/facet-bench-pg.XXXXXX); port=55433
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres "$pgdir"
  trap 'as_pg "$PGBIN/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
  as_pg "$PGBIN/initdb" -D "$pgdir/data" --auth=trust -U postgres >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$pgdir/data" -w -l "$pgdir/log" -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c shared_buffers=2GB -c work_mem=64MB" start >/dev/null
fi
[ -d ../apps/web/.next ] || (cd .. && pnpm build --output-logs=errors-only)
for b in src/*${1:-}*.bench.ts; do
  if [ -n "${pgdir:-}" ]; then
    # Each benchmark gets its own database, so a table holds only the rows its benchmark says it has
    # (the segment counts scan customers: another benchmark's 2M leftover customers made them 1.4x slower).
    name=$(basename "$b" .bench.ts | tr -c 'a-z0-9\n' '_')
    psql -q -h 127.0.0.1 -p $port -U postgres -c "CREATE DATABASE facet_bench_$name" >/dev/null
    BENCH_DATABASE_URL="postgres://postgres@127.0.0.1:$port/facet_bench_$name" pnpm exec tsx "$b"
  else
    pnpm exec tsx "$b"
  fi
done
