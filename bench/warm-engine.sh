#!/usr/bin/env bash
# The warm engine (issue 15): `strata sql` and `strata run` with nothing new on the retail example, each command in a
# JVM of its own (--no-daemon, the baseline) against the same command served by a warm daemon. Reports the median
# wall seconds of each over --rounds, and cold/warm ratios. Never part of the test suite.
# Usage: bench/run warm [--rounds 3]
# Goals: warm `strata sql` under 2 s; warm `strata run` with nothing new in a few seconds.
set -euo pipefail
source "$(dirname "$0")/command-bench.sh"
bench_setup warm 3 "$@"

work="$(mktemp -d)"
mkdir -m 700 "$work/runtime"
export STRATA_HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" STRATA_DAEMON=on SPARK_MASTER_URL='local[2]'
cleanup() {
  "$repository/bin/strata" daemon stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -r examples/retail "$work/retail"
cd "$work/retail"
query="SELECT tier, count(*) AS customers FROM silver.customers GROUP BY tier ORDER BY tier"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
"$repository/bin/strata" run pipeline.yaml --no-progress --no-daemon > "$work/first-run.log" 2>&1

# Wall seconds of one command; its output goes to the log, a failure stops the bench.
timed() {
  local start end
  start="$(date +%s.%N)"
  "$repository/bin/strata" "$@" >> "$work/commands.log" 2>&1 || { cat "$work/commands.log" >&2; exit 1; }
  end="$(date +%s.%N)"
  printf '%.2f' "$(echo "$end - $start" | bc)"
}

cold_sql=() warm_sql=() cold_run=() warm_run=()
first_use="$(timed sql pipeline.yaml "$query")" # starts the daemon: a JVM, then Spark, then the query
for _ in $(seq 1 "$rounds"); do
  cold_sql+=("$(timed sql pipeline.yaml "$query" --no-daemon)")
  warm_sql+=("$(timed sql pipeline.yaml "$query")")
  cold_run+=("$(timed run pipeline.yaml --no-progress --no-daemon)")
  warm_run+=("$(timed run pipeline.yaml --no-progress)")
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
cs="$(median "${cold_sql[@]}")" ws="$(median "${warm_sql[@]}")"
cr="$(median "${cold_run[@]}")" wr="$(median "${warm_run[@]}")"
sql_ratio="$(echo "scale=2; $cs / $ws" | bc)" run_ratio="$(echo "scale=2; $cr / $wr" | bc)"

cd "$repository"
mkdir -p bench/results
cat > bench/results/warm-engine.json <<JSON
{
  "benchmark": "warm-engine",
  "measured_at": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "cores": $(nproc),
  "master": "local[2]",
  "rounds": $rounds,
  "load_average_before": "$load_before",
  "load_average_after": "$load_after",
  "sql_first_use_seconds": $first_use,
  "sql": {"cold_seconds": [$(IFS=,; echo "${cold_sql[*]}")], "warm_seconds": [$(IFS=,; echo "${warm_sql[*]}")],
          "cold_median": $cs, "warm_median": $ws, "cold_to_warm": $sql_ratio},
  "run_nothing_new": {"cold_seconds": [$(IFS=,; echo "${cold_run[*]}")], "warm_seconds": [$(IFS=,; echo "${warm_run[*]}")],
          "cold_median": $cr, "warm_median": $wr, "cold_to_warm": $run_ratio},
  "goal": "warm sql < 2 s; warm run with nothing new in a few seconds"
}
JSON
cat > bench/results/warm-engine.md <<MD
| command (retail example, local[2]) | own JVM, --no-daemon (s, median) | warm daemon (s, median) | cold / warm |
|---|---|---|---|
| \`strata sql\` (a GROUP BY over silver.customers) | $cs | $ws | $sql_ratio |
| \`strata run\` with nothing new | $cr | $wr | $run_ratio |

$rounds rounds each, wall seconds of the whole command as a user sees it (client JVM included). The first \`strata sql\`,
which starts the daemon, took ${first_use} s. Goal: warm sql < 2 s, warm run with nothing new in a few seconds.
$(nproc) cores; load average before $load_before, after $load_after.
MD
cat bench/results/warm-engine.md
