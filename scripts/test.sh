#!/usr/bin/env bash
# npm test: the same set-up as npm start for a separate test database, then type-check, lint and the whole suite
# (type-check and lint next to jest).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh

ensure_dependencies
ensure_chromium
ensure_fonts
ensure_debian_packages poppler-utils
# Never run tests against the development database: TEST_DATABASE_URL or a drp_test database.
export DATABASE_URL="${TEST_DATABASE_URL:-}"
ensure_services drp_test
export NODE_ENV=test

mkdir -p test-artifacts
# Type-check and lint need no database: they run next to jest (whose workers often wait on I/O), each into its own
# log, printed after jest. Their caches (node_modules/.cache) make a re-run check only what changed.
cache=node_modules/.cache
# the client's API types, generated from the server's OpenAPI document (git-ignored), are read by both checks
npm run --silent client:types
checks() {
  npx tsc --noEmit --incremental --tsBuildInfoFile "$cache/tsc/server.tsbuildinfo" -p tsconfig.json &&
    npx tsc --noEmit --incremental --tsBuildInfoFile "$cache/tsc/client.tsbuildinfo" -p client/tsconfig.json
}
checks >test-artifacts/typecheck.log 2>&1 & typecheck_pid=$!
{ npx prettier --check --log-level warn . && npx eslint --max-warnings 0 --cache --cache-location "$cache/eslint/" . &&
  npx knip --cache --cache-location "$cache/knip/"; } >test-artifacts/lint.log 2>&1 & lint_pid=$!

echo "== jest"
status=0
npx jest --ci --json --outputFile=test-artifacts/jest-results.json "$@" || status=$?
# the plain closing line CI tools read: "Tests: N passed, N failed"
node -e 'const r = require("./test-artifacts/jest-results.json"); console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' || true

echo "== type-check (server and client)"
if wait "$typecheck_pid"; then echo "ok"; else cat test-artifacts/typecheck.log; status=1; fi
echo "== lint"
if wait "$lint_pid"; then echo "ok"; else cat test-artifacts/lint.log; status=1; fi
exit "$status"
