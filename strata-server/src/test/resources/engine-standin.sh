#!/usr/bin/env bash
# A stand-in for `strata run`, for the executor's tests only (the real engine runs in strata-cli's ServeCommandIT).
# It takes the same arguments, and behaves as the run's parameters (--param=NAME=VALUE) say:
#   STANDIN_SLEEP=<seconds>  run this long (default 0)
#   STANDIN_EXIT=<code>      exit with this code (default 0)
#   STANDIN_SUMMARY=no       write no summary, as a crashed engine would not
#   STANDIN_TRACE=<file>     append "start|end <run id> <epoch ms>" lines, to check runs never overlap
#   STANDIN_MORE=yes         the summary also has a schema change, a warned rule and a retry (for the events' tests)
#   STANDIN_SUMMARY_FROM=<file>  write this file as the summary, instead of one succeeded dataset
# A pipeline file with a line "# standin: crash" crashes every run, as its scheduled runs take no parameters.
set -u
file="$1"; shift
arguments="$*"
run_id="" summary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --run-id) run_id="$2"; shift 2 ;;
    --summary-json) summary="$2"; shift 2 ;;
    --param=*) kv="${1#--param=}"; export "${kv%%=*}=${kv#*=}"; shift ;;
    *) shift ;;
  esac
done
echo "stand-in engine: run $run_id of $file in $(pwd)"
echo "arguments: $arguments"
echo "environment:"
env | sort | sed "s/^STRATA_DB_PASSWORD=.*/STRATA_DB_PASSWORD=(given to the engine; masked here)/"
if grep -q '^# standin: crash' "$file"; then
  echo "stand-in engine: crashing, as the pipeline file asks"
  exit 3
fi
trace="${STANDIN_TRACE:-}"
[ -n "$trace" ] && echo "start $run_id $(date +%s%3N)" >> "$trace"
sleep "${STANDIN_SLEEP:-0}"
[ -n "$trace" ] && echo "end $run_id $(date +%s%3N)" >> "$trace"
more_rules="" changes="[]" attempts=""
if [ "${STANDIN_MORE:-no}" = "yes" ]; then
  attempts='"attempts": 2, "failed_attempts": ["Cannot read source path data/orders (it is not there yet)"],'
  more_rules=', {"name": "unique(id)", "rule": "unique", "on_fail": "quarantine", "checked": 10, "passed": 9,
                 "failed": 1, "status": "WARNED", "message": "1 of 10 rows are duplicates"}'
  changes='["added column note STRING"]'
fi
if [ "${STANDIN_SUMMARY_FROM:-none}" != "none" ] && [ -n "$summary" ]; then
  cp "$STANDIN_SUMMARY_FROM" "$summary"
elif [ "${STANDIN_SUMMARY:-yes}" != "no" ] && [ -n "$summary" ]; then
  cat > "$summary" <<JSON
{"run_id": "$run_id", "pipeline": "orders", "status": "SUCCEEDED", "datasets": [
  {"dataset": "bronze.orders", "status": "SUCCEEDED", "rows_in": 10, "rows_added": 0, "rows_written": 8,
   "rows_quarantined": 1, "rows_dropped": 1, "seconds": 1.5, "message": null, "table_version": 3, $attempts
   "files_ingested": ["orders.csv"], "schema_changes": $changes,
   "rules": [{"name": "not_null(id)", "rule": "not_null", "status": "PASSED"},
             {"name": "anomaly(row_count)", "rule": "anomaly", "on_fail": "warn", "status": "WARNED", "value": 10.0,
              "expected": "80.0 .. 120.0", "message": "row_count 10 is outside 80.0 .. 120.0"}$more_rules]}]}
JSON
fi
exit "${STANDIN_EXIT:-0}"
