#!/usr/bin/env bash
# Fails when the Drizzle schema and the committed migrations disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(find migrations -type f | sort | xargs sha256sum)
out=$(pnpm exec drizzle-kit generate 2>&1)
after=$(find migrations -type f | sort | xargs sha256sum)
if [ "$before" != "$after" ]; then
  echo "$out"
  echo "Schema and migrations disagree: run 'pnpm db:generate' and commit the new migration." >&2
  git checkout -- migrations 2>/dev/null || true
  git clean -fdq migrations 2>/dev/null || true
  exit 1
fi
echo "Migrations match the schema."
