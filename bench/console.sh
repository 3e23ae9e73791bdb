#!/usr/bin/env bash
# The console's pipeline page for a 50-dataset pipeline (issue #17: under 200 ms on the server): bin/strata serve with
# a stand-in engine whose one run reports an outcome for each of the 50 datasets, then GET /console/pipelines/wide
# (signed in as the admin) timed by curl, one request at a time, against GET /health on the same server as the
# baseline. The first request after the server starts is reported apart: it loads the graph layout's classes.
# Usage: bench/run console [--requests 200] [--datasets 50]
set -euo pipefail
cd "$(dirname "$0")/.."

requests=200 datasets=50
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) requests="$2"; shift 2 ;;
    --datasets) datasets="$2"; shift 2 ;;
    *) echo "bench/run console: unknown option $1" >&2; exit 2 ;;
  esac
done
. bench/serve-bench.sh
serve_bench_setup console

# The pipeline: a fifth of the datasets read the source, two fifths one of those each, the rest join two of the
# middle ones: about 1.4 edges a dataset, as in a real medallion pipeline.
python3 - "$datasets" "$work" <<'PY'
import json, sys
n, work = int(sys.argv[1]), sys.argv[2]
bronze = [f"bronze.b{i}" for i in range(max(1, n // 5))]
silver = [f"silver.s{i}" for i in range(max(1, 2 * n // 5))]
gold = [f"gold.g{i}" for i in range(n - len(bronze) - len(silver))]
lines = ["name: wide", "storage: {root: ./lake, format: delta}", "sources:", "  raw: {format: csv, path: ./data}", "datasets:"]
for b in bronze:
    lines += [f"  {b}:", "    from: raw", "    expect:", "      - {rule: not_null, column: id, on_fail: quarantine}"]
for i, s in enumerate(silver):
    lines += [f"  {s}:", f"    from: {bronze[i % len(bronze)]}", "    write: {mode: merge, keys: [id]}"]
for i, g in enumerate(gold):
    a, b = silver[i % len(silver)], silver[(i + 1) % len(silver)]
    lines += [f"  {g}:", f"    sql: SELECT a.id FROM {a} a JOIN {b} b ON a.id = b.id", "    write: {mode: overwrite}"]
open(f"{work}/wide.yaml", "w").write("\n".join(lines) + "\n")
outcomes = [{"dataset": d, "status": "SUCCEEDED", "rows_in": 1000, "rows_added": 0, "rows_written": 990,
             "rows_quarantined": 7, "rows_dropped": 3, "seconds": 1.5, "message": None, "table_version": 4,
             "files_ingested": [], "schema_changes": [],
             "rules": [{"name": "not_null(id)", "rule": "not_null", "status": "PASSED"}]}
            for d in bronze + silver + gold]
json.dump({"run_id": "x", "pipeline": "wide", "status": "SUCCEEDED", "datasets": outcomes}, open(f"{work}/summary.json", "w"))
PY
cat > "$work/engine.sh" <<SH
#!/usr/bin/env bash
while [ \$# -gt 0 ]; do
  case "\$1" in --summary-json) cp "$work/summary.json" "\$2"; shift 2 ;; *) shift ;; esac
done
SH
export STRATA_RUN_COMMAND="bash $work/engine.sh"
serve_bench_start
curl -sf "${admin[@]}" -H 'Content-Type: application/yaml' --data-binary @"$work/wide.yaml" "$base/api/v1/pipelines" >/dev/null
run="$(curl -sf "${admin[@]}" -H 'Content-Type: application/json' -d '{}' "$base/api/v1/pipelines/wide/runs" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["run_id"])')"
for _ in $(seq 1 100); do
  curl -sf "${admin[@]}" "$base/api/v1/runs/$run" | grep -q '"status":"succeeded"' && break
  sleep 0.2
done
cookie="$(curl -s -o /dev/null -D - --data-urlencode "token=$STRATA_ADMIN_TOKEN" "$base/console/login" \
  | sed -n 's/^Set-Cookie: \(strata_console=[^;]*\).*/\1/p')"
page="$base/console/pipelines/wide"
first_page="$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: $cookie" "$page")"
nodes="$(curl -sf -H "Cookie: $cookie" "$page" | grep -o 'class="node state-succeeded"' | wc -l)"
[ "$nodes" -eq "$datasets" ] || { echo "bench/run console: the page drew $nodes nodes, not $datasets" >&2; exit 1; }
times() { # URL [HEADER]: one time_total per line, after 20 warm-ups
  for _ in $(seq 1 20); do curl -s -o /dev/null "${@:2}" "$1"; done
  for _ in $(seq 1 "$requests"); do curl -s -o /dev/null -w '%{time_total}\n' "${@:2}" "$1"; done
}
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
page_times="$(times "$page" -H "Cookie: $cookie")"
health_times="$(times "$base/health")"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
bytes="$(curl -s -o /dev/null -w '%{size_download}' -H "Cookie: $cookie" "$page")"

mkdir -p bench/results
python3 - "$datasets" "$requests" "$first_page" "$bytes" "$load_before" "$load_after" "$(nproc)" \
  "$page_times" "$health_times" <<'PY'
import json, statistics, sys, datetime
n, requests, first, size, before, after, cores = sys.argv[1:8]
page = sorted(float(t) * 1000 for t in sys.argv[8].split())
health = sorted(float(t) * 1000 for t in sys.argv[9].split())
def stats(values):
    return {"median_ms": round(statistics.median(values), 2), "p95_ms": round(values[int(0.95 * (len(values) - 1))], 2),
            "max_ms": round(values[-1], 2)}
result = {"benchmark": "console", "measured_at": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
          "cores": int(cores), "datasets": int(n), "requests": int(requests), "page_bytes": int(size),
          "first_page_ms": round(float(first) * 1000, 1), "pipeline_page": stats(page), "health_baseline": stats(health),
          "ratio_to_baseline": round(statistics.median(page) / statistics.median(health), 2),
          "load_average_before": before, "load_average_after": after, "goal": "pipeline page of 50 datasets < 200 ms"}
json.dump(result, open("bench/results/console.json", "w"), indent=2)
p, h = result["pipeline_page"], result["health_baseline"]
md = f"""| request | median (ms) | p95 (ms) | max (ms) |
|---|---|---|---|
| GET /console/pipelines/wide ({n} datasets, {int(size) // 1024} KiB) | {p['median_ms']} | {p['p95_ms']} | {p['max_ms']} |
| GET /health (baseline) | {h['median_ms']} | {h['p95_ms']} | {h['max_ms']} |

The page's median is {result['ratio_to_baseline']}x the baseline's. The first page after the server started took
{result['first_page_ms']} ms (the server lays out a small graph as it starts, so this is
the first render's own cost: the templates' and the store's first calls). {requests} requests each, one at a time, after 20
warm-ups, timed by curl on the same {cores} cores; load average before {before}, after {after}. Goal: under 200 ms.
"""
open("bench/results/console.md", "w").write(md)
print(md)
PY
