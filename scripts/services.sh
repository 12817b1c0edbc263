#!/usr/bin/env bash
# Finds Postgres and Redis for `npm start` / `npm test`, starting what is missing. Sourced, not executed:
#   source scripts/services.sh; ensure_services <database-name>
# Order: the configured URLs (DATABASE_URL / REDIS_URL); else 127.0.0.1 defaults; else, when the Debian
# `postgresql` / `redis-server` binaries are installed, private instances under .data/ on free ports.
# Exports DATABASE_URL and REDIS_URL.

DATA_DIR="${DATA_DIR:-$PWD/.data}"

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p; for p in $(seq "$1" $(( $1 + 100 ))); do port_is_free "$p" && { echo "$p"; return 0; }; done; return 1; }

pg_answers() { # url
  if command -v pg_isready >/dev/null 2>&1; then pg_isready -q -d "$1" -t 3 >/dev/null 2>&1; return $?; fi
  local hp="${1#*@}"; hp="${hp%%/*}"; (exec 3<>"/dev/tcp/${hp%%:*}/${hp##*:}") 2>/dev/null
}
redis_answers() { # url
  local hp="${1#redis://}"; hp="${hp##*@}"; hp="${hp%%/*}"
  local host="${hp%%:*}" port="${hp##*:}"; [ "$port" = "$hp" ] && port=6379
  if command -v redis-cli >/dev/null 2>&1; then [ "$(redis-cli -h "$host" -p "$port" ping 2>/dev/null)" = "PONG" ]; return $?; fi
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_owner() { # run a command as the owner of the private Postgres (initdb refuses root)
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_private_postgres() {
  local bin; bin="$(pg_bin_dir)"
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || return 1
  local dir="$DATA_DIR/postgres" port
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then echo "services: running as root needs a 'postgres' user for a private Postgres" >&2; return 1; fi
  mkdir -p "$DATA_DIR"
  if [ -f "$dir/port" ] && pg_answers "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres"; then
    DATABASE_PORT="$(cat "$dir/port")"; return 0
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir/data"; [ "$(id -u)" = "0" ] && chown -R postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  port="$(free_port 54320)"
  [ "$(id -u)" = "0" ] && chown -R postgres "$dir"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || { tail -20 "$dir/server.log" >&2; return 1; }
  echo "$port" > "$dir/port"
  DATABASE_PORT="$port"
  echo "services: started a private Postgres on 127.0.0.1:$port (data in .data/postgres)" >&2
}

start_private_redis() {
  command -v redis-server >/dev/null 2>&1 || return 1
  local dir="$DATA_DIR/redis" port
  mkdir -p "$dir"
  if [ -f "$dir/port" ] && redis_answers "redis://127.0.0.1:$(cat "$dir/port")"; then REDIS_PORT="$(cat "$dir/port")"; return 0; fi
  port="$(free_port 63790)"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --dir "$dir" --save "" --appendonly no \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null || return 1
  for _ in $(seq 1 50); do redis_answers "redis://127.0.0.1:$port" && break; sleep 0.1; done
  echo "$port" > "$dir/port"
  REDIS_PORT="$port"
  echo "services: started a private Redis on 127.0.0.1:$port" >&2
}

how_to_fix() {
  cat >&2 <<'MSG'
Neither a running server nor the Debian package was found. Install and start them with:
  sudo apt-get install -y postgresql redis-server
  sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
or, with Docker:
  docker compose up -d postgres redis
or point DATABASE_URL / REDIS_URL at servers you already have.
MSG
}

ensure_services() { # database-name
  local dbname="$1"
  if [ -n "${DATABASE_URL:-}" ]; then
    pg_answers "$DATABASE_URL" || { echo "services: DATABASE_URL is set but Postgres does not answer there" >&2; return 1; }
  elif pg_answers "postgres://postgres@127.0.0.1:5432/postgres"; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$dbname"
  elif start_private_postgres; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:$DATABASE_PORT/$dbname"
  else
    echo "services: no Postgres answers on 127.0.0.1:5432 and none could be started." >&2; how_to_fix; return 1
  fi
  if [ -n "${REDIS_URL:-}" ]; then
    redis_answers "$REDIS_URL" || { echo "services: REDIS_URL is set but Redis does not answer there" >&2; return 1; }
  elif redis_answers "redis://127.0.0.1:6379"; then
    export REDIS_URL="redis://127.0.0.1:6379"
  elif start_private_redis; then
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  else
    echo "services: no Redis answers on 127.0.0.1:6379 and none could be started." >&2; how_to_fix; return 1
  fi
}

# The browser tests drive Debian's chromium (playwright's own browser download does not work offline). Installed
# when missing and this shell may use apt; otherwise the command to run is printed and the tests fail saying so.
ensure_chromium() {
  local path="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$path" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian chromium for the browser tests" >&2
    (apt-get install -y --no-install-recommends chromium || { apt-get update && apt-get install -y --no-install-recommends chromium; }) >&2
  else
    echo "setup: no chromium at $path; install it with: sudo apt-get install --no-install-recommends chromium (or set CHROMIUM_PATH)" >&2
  fi
}

# Debian packages the product needs at run time (PDF letters print every script: fonts-noto-core, fonts-noto-cjk) and,
# for the tests, poppler-utils (pdftotext reads the letters back). Installed when missing and root, like chromium.
ensure_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian ${missing[*]}" >&2
    (apt-get install -y --no-install-recommends "${missing[@]}" || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }) >&2
  else
    echo "setup: missing Debian ${missing[*]}; install with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  fi
}

ensure_fonts() {
  ensure_debian_packages fonts-noto-core fonts-noto-cjk
}

ensure_dependencies() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: installing dependencies from package-lock.json" >&2
    # `npm ci`: exactly the committed lock (it lists every platform's optional binaries), which it never rewrites.
    npm ci --no-audit --no-fund >&2
  fi
}
