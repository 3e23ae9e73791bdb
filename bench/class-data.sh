#!/usr/bin/env bash
# Start-up from the class-data archive: commands in a JVM of their own (--no-daemon), as `strata serve` starts every
# run, with the engine archive that `mvn package` trains (the default) against the same command without it (the JDK's
# own archive only). Two commands: `strata sql` over the retail example, and `strata run` of a pipeline of one dataset
# of 50 rows into a new table. Rounds alternate which side goes first; reports the median wall and CPU seconds of each
# side and their ratios (with the archive over without). Never part of the test suite.
# Usage: bench/run start [--rounds 5]
set -euo pipefail
source "$(dirname "$0")/command-bench.sh"
bench_setup start 5 "$@"
archive="$repository/strata-cli/target/strata-engine.jsa"
if [ ! -s "$archive" ]; then
  echo "bench/run start: no $archive: build with mvn -q -DskipTests package (without -Dstrata.cds.skip)" >&2
  exit 2
fi
[ -x /usr/bin/time ] || { echo "bench/run start: needs /usr/bin/time (Debian package time)" >&2; exit 2; }
java_cmd="$(command -v java)"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_cmd="$JAVA_HOME/bin/java"; fi
jdk_archive="$(dirname "$(dirname "$(readlink -f "$java_cmd")")")/lib/server/classes.jsa"
[ -f "$jdk_archive" ] || { echo "bench/run start: no JDK archive at $jdk_archive" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export STRATA_HOME="$work/home" STRATA_DAEMON=off
cp -r examples/retail "$work/retail"
mkdir -p "$work/one/data"
{
  echo "id,name,amount"
  for i in $(seq 1 50); do echo "$i,name-$i,$((i * 3)).50"; done
} > "$work/one/data/rows.csv"
cat > "$work/one/pipeline.yaml" <<'YAML'
name: one
storage: {root: ./lake, format: delta}
sources:
  rows: {format: csv, path: ./data, options: {header: "true"}, schema: "id INT, name STRING, amount DECIMAL(10,2)"}
datasets:
  bronze.rows:
    from: rows
    expect:
      - {rule: not_null, column: id, on_fail: quarantine}
YAML
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
"$repository/bin/strata" run "$work/retail/pipeline.yaml" --no-progress > "$work/setup.log" 2>&1
query="SELECT tier, count(*) AS customers FROM silver.customers GROUP BY tier ORDER BY tier"

# "wall cpu" seconds of one command on one side; a failure stops the bench.
timed() {
  local side="$1"; shift
  local options=""
  [ "$side" = without ] && options="-XX:SharedArchiveFile=$jdk_archive"
  STRATA_JAVA_OPTS="$options" /usr/bin/time -f "%e %U %S" -o "$work/time" "$repository/bin/strata" "$@" \
    >> "$work/commands.log" 2>&1 || { cat "$work/commands.log" >&2; exit 1; }
  awk '{printf "%.2f %.2f", $1, $2 + $3}' "$work/time"
}
declare -A wall cpu
for round in $(seq 1 "$rounds"); do
  sides=(with without)
  [ $((round % 2)) -eq 0 ] && sides=(without with)
  for side in "${sides[@]}"; do
    read -r w c <<< "$(timed "$side" sql "$work/retail/pipeline.yaml" "$query" --no-daemon)"
    wall[sql-$side]+="$w "; cpu[sql-$side]+="$c "
    rm -rf "$work/one/lake"
    read -r w c <<< "$(timed "$side" run "$work/one/pipeline.yaml" --no-progress --no-daemon)"
    wall[run-$side]+="$w "; cpu[run-$side]+="$c "
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

json_list() { echo "$1" | xargs | tr ' ' ','; }
ratio() { echo "scale=3; $1 / $2" | bc | awk '{printf "%.2f", $1}'; }
rows_md="" entries=""
for command in sql run; do
  ww="$(median ${wall[$command-with]})" wo="$(median ${wall[$command-without]})"
  cw="$(median ${cpu[$command-with]})" co="$(median ${cpu[$command-without]})"
  label="strata sql (a GROUP BY over silver.customers)"
  [ "$command" = run ] && label="strata run (one dataset, 50 rows, a new Delta table)"
  rows_md+="| \`$label\` | $wo | $ww | $(ratio "$ww" "$wo") | $co | $cw | $(ratio "$cw" "$co") |"$'\n'
  entries+="${entries:+,}
    {\"operation\": \"$command\", \"without_archive_wall\": [$(json_list "${wall[$command-without]}")],
     \"with_archive_wall\": [$(json_list "${wall[$command-with]}")],
     \"without_archive_cpu\": [$(json_list "${cpu[$command-without]}")],
     \"with_archive_cpu\": [$(json_list "${cpu[$command-with]}")],
     \"wall_median_without\": $wo, \"wall_median_with\": $ww, \"median_ratio\": $(ratio "$ww" "$wo"),
     \"cpu_median_without\": $co, \"cpu_median_with\": $cw, \"cpu_ratio\": $(ratio "$cw" "$co")}"
done

mkdir -p bench/results
cat > bench/results/class-data.json <<JSON
{
  "benchmark": "class-data",
  "measured_at": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "cores": $(nproc),
  "rounds": $rounds,
  "load_average_before": "$load_before",
  "load_average_after": "$load_after",
  "comparisons": [$entries
  ],
  "goal": "a short command in a JVM of its own starts faster with the archive"
}
JSON
cat > bench/results/class-data.md <<MD
| command, in a JVM of its own (--no-daemon) | wall without archive (s, median) | wall with | ratio | CPU without (s, median) | CPU with | ratio |
|---|---|---|---|---|---|---|
$rows_md
$rounds rounds, alternating which side goes first; wall seconds of the whole command, CPU seconds user + system.
"Without" gives the JVM the JDK's own archive only. $(nproc) cores; load average before $load_before, after $load_after.
MD
cat bench/results/class-data.md
