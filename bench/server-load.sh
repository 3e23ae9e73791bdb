#!/usr/bin/env bash
# Load on the control plane: GET /api/v1/runs/{id} with a viewer API key at 64 connections with wrk, for a finished run
# (kept in memory once read: finished runs never change) and for a running one (its view reused for 250 ms), against
# GET /health on the same server as the baseline. Reports req/s and p99 latency of each, and the ratios.
# Usage: bench/run server [--connections 64] [--duration 30s] [--threads 2]
# Goal (issue #5): >= 5,000 req/s at p99 <= 20 ms for GET /api/v1/runs/{id}.
set -euo pipefail
cd "$(dirname "$0")/.."

connections=64 duration=30s threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "bench/run server: unknown option $1" >&2; exit 2 ;;
  esac
done
. bench/serve-bench.sh
serve_bench_setup server wrk
# The bench reads runs: the stand-in engine ends a run at once unless the run's SLEEP parameter keeps it going.
cat > "$work/engine.sh" <<'SH'
#!/usr/bin/env bash
for argument in "$@"; do
  case "$argument" in --param=SLEEP=*) sleep "${argument#--param=SLEEP=}" ;; esac
done
SH
export STRATA_RUN_COMMAND="bash $work/engine.sh" STRATA_MAX_CONCURRENT_RUNS=2
serve_bench_start

register() {
  printf 'name: %s\nparameters:\n  SLEEP: {type: int, default: 0}\nstorage: {root: ./lake, format: delta}\nsources:\n  raw: {format: csv, path: ./data}\ndatasets:\n  bronze.%s: {from: raw}\n' "$1" "$1" \
    | curl -sf "${admin[@]}" -H 'Content-Type: application/yaml' --data-binary @- "$base/api/v1/pipelines" >/dev/null
}
register bench
key="$(curl -sf "${admin[@]}" -H 'Content-Type: application/json' -d '{"name": "bench", "role": "viewer"}' \
  "$base/api/v1/api-keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')"
run="$(curl -sf "${admin[@]}" -H 'Content-Type: application/json' -d '{}' "$base/api/v1/pipelines/bench/runs" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["run_id"])')"
for _ in $(seq 1 100); do
  curl -sf "${admin[@]}" "$base/api/v1/runs/$run" | grep -q '"status":"succeeded"' && break
  sleep 0.2
done
register bench_long
running="$(curl -sf "${admin[@]}" -H 'Content-Type: application/json' -d '{"parameters": {"SLEEP": "3600"}}' \
  "$base/api/v1/pipelines/bench_long/runs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["run_id"])')"
for _ in $(seq 1 100); do
  curl -sf "${admin[@]}" "$base/api/v1/runs/$running" | grep -q '"status":"running"' && break
  sleep 0.2
done

# wrk's latency lines read like "99%   12.34ms"; the unit varies (us, ms, s).
measure() {
  local out rps p99
  out="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@")"
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out" | python3 -c '
import sys
v = sys.stdin.read().strip()
for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
    if v.endswith(unit):
        print(round(float(v[:-len(unit)]) * scale, 3)); break')"
  local errors; errors="$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")"
  echo "$rps $p99 ${errors:-0}"
}
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t"$threads" -c"$connections" -d5s "$base/health" >/dev/null                                   # warm-up
wrk -t"$threads" -c"$connections" -d5s -H "Authorization: Bearer $key" "$base/api/v1/runs/$run" >/dev/null
read -r health_rps health_p99 health_errors < <(measure "$base/health")
read -r runs_rps runs_p99 runs_errors < <(measure -H "Authorization: Bearer $key" "$base/api/v1/runs/$run")
read -r live_rps live_p99 live_errors < <(measure -H "Authorization: Bearer $key" "$base/api/v1/runs/$running")
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
ratio="$(python3 -c "print(round($runs_rps / $health_rps, 3))")"
live_ratio="$(python3 -c "print(round($live_rps / $health_rps, 3))")"

mkdir -p bench/results
cat > bench/results/server-load.json <<JSON
{
  "benchmark": "server-load",
  "measured_at": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "cores": $(nproc),
  "connections": $connections,
  "threads": $threads,
  "duration": "$duration",
  "load_average_before": "$load_before",
  "load_average_after": "$load_after",
  "get_finished_run": {"requests_per_second": $runs_rps, "p99_ms": $runs_p99, "non_2xx": $runs_errors, "ratio_to_baseline": $ratio},
  "get_running_run": {"requests_per_second": $live_rps, "p99_ms": $live_p99, "non_2xx": $live_errors, "ratio_to_baseline": $live_ratio},
  "health_baseline": {"requests_per_second": $health_rps, "p99_ms": $health_p99, "non_2xx": $health_errors},
  "goal": ">= 5000 req/s at p99 <= 20 ms"
}
JSON
cat > bench/results/server-load.md <<MD
| request | connections | req/s | p99 (ms) | non-2xx |
|---|---|---|---|---|
| GET /api/v1/runs/{id}, a finished run (viewer key) | $connections | $runs_rps | $runs_p99 | $runs_errors |
| GET /api/v1/runs/{id}, a running run (viewer key) | $connections | $live_rps | $live_p99 | $live_errors |
| GET /health (baseline) | $connections | $health_rps | $health_p99 | $health_errors |

Throughput against the baseline: finished run $ratio, running run $live_ratio. Goal: >= 5,000 req/s at p99 <= 20 ms.
wrk -t$threads -d$duration, server and wrk on the same $(nproc) cores; load average before $load_before, after $load_after.
MD
cat bench/results/server-load.md
