#!/usr/bin/env bash
# npm start: installs what is missing, finds or starts Postgres and Redis, migrates, seeds, then runs the API and the
# worker (which captures mail in development) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh

ensure_dependencies
ensure_fonts
ensure_services drp_dev
export NODE_ENV="${NODE_ENV:-development}"

npx tsx scripts/db.ts migrate
npx tsx scripts/db.ts seed
if [ -f client/package.json ] || [ -f client/index.html ]; then npm run --silent client:build; fi

pids=()
stop() { trap - INT TERM EXIT; for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait; }
trap stop INT TERM EXIT

node --import tsx server/worker.ts & pids+=($!)
node --import tsx server/main.ts & pids+=($!)

port="${PORT:-3000}"
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
echo
echo "  Data Rights Portal is running: ${PUBLIC_URL:-http://localhost:$port}"
echo "  API docs: ${PUBLIC_URL:-http://localhost:$port}/api/docs    Ctrl-C stops it."
echo
wait -n
