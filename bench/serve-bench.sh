# The set-up of the benchmarks that load a running `bin/strata serve` (server-load.sh, console.sh); sourced by them.
#   serve_bench_setup NAME TOOL...  checks the tools, builds the server if needed, makes a scratch folder ($work) and
#                                   database, picks a free port and exports the server's settings (rate limit off: the
#                                   load is one principal at full speed); the caller then writes its stand-in engine,
#                                   exports STRATA_RUN_COMMAND, and calls
#   serve_bench_start               which starts the server (stopped, its database dropped and $work removed on exit),
#                                   waits until it is ready, and sets $base and $admin (curl's admin header).

serve_bench_setup() {
  local name="$1"; shift
  local tool
  for tool in curl psql python3 "$@"; do
    command -v "$tool" >/dev/null || { echo "bench/run $name: $tool is missing (apt-get install $tool)" >&2; exit 2; }
  done
  [ -f strata-server/target/strata-server.jar ] || mvn -q -DskipTests package
  work="$(mktemp -d)"
  db="strata_${name}_bench_$$"
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  export STRATA_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" STRATA_DB_USER=postgres
  export STRATA_ADMIN_TOKEN="bench-admin-$RANDOM$RANDOM" STRATA_PIPELINES_DIR="$work" STRATA_HOME="$work/home"
  export STRATA_RATE_LIMIT=off
}

serve_bench_start() {
  bin/strata serve --host 127.0.0.1 --port "$port" > "$work/server.log" 2>&1 &
  server=$!
  trap serve_bench_stop EXIT
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do curl -sf "$base/ready" >/dev/null && break; sleep 0.5; done
  admin=(-H "Authorization: Bearer $STRATA_ADMIN_TOKEN")
}

serve_bench_stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
