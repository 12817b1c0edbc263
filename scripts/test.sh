#!/usr/bin/env bash
# npm test: the same set-up as npm start for a separate test database, then type-check, lint and the whole suite.
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

echo "== type-check"; npx tsc --noEmit -p tsconfig.json
echo "== type-check client"; npx tsc --noEmit -p client/tsconfig.json
echo "== lint"; npx eslint --max-warnings 0 .
echo "== jest"
mkdir -p test-artifacts
status=0
npx jest --ci --json --outputFile=test-artifacts/jest-results.json "$@" || status=$?
# the plain closing line CI tools read: "Tests: N passed, N failed"
node -e 'const r = require("./test-artifacts/jest-results.json"); console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' || true
exit "$status"
