#!/usr/bin/env bash
# bench/run all: runs every benchmark at a size that finishes in about 15 minutes on 2 cores, one after another, then
# gathers their ratios into one table, bench/results/all.md (and all.json). Each benchmark also writes its own result
# files, under the same names as when it runs alone at that size, so they stay comparable with earlier runs.
# A benchmark that fails is reported and left out of the table; the others still run. Never part of the test suite.
set -uo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package || exit 1

failed=()
step() {
  local name="$1"; shift
  echo "== bench/run $name $* ($(date -u +%H:%M:%S))"
  bench/run "$name" "$@" || failed+=("$name")
}
step retail-parallel --scale 1 --rounds 5 --warmups 1
step formats --rows 100000 --rounds 3 --warmups 1
step quality --scale 0.1 --rounds 3 --warmups 1
step quality --scale 0.1 --rounds 3 --warmups 1 --without-unique
step check --scale 0.1 --rounds 3 --warmups 1
step scaling --small 0.1 --large 1 --rounds 3 --warmups 1
step warm --rounds 3
step start --rounds 3
step server --duration 10s
step console --requests 200

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
java -cp "bench/target/strata-bench.jar:bench/target/lib/*" dev.strata.bench.AllResults \
  bench/results/retail-parallel-scale-1.json \
  bench/results/formats-100000.json \
  bench/results/quality-sf0.1.json \
  bench/results/quality-sf0.1-without-unique.json \
  bench/results/check-sf0.1.json \
  bench/results/scaling-sf0.1-sf1.json \
  bench/results/warm-engine.json \
  bench/results/class-data.json \
  bench/results/server-load.json \
  bench/results/console.json
cat bench/results/all.md
if [ "${#failed[@]}" -gt 0 ]; then
  echo "bench/run all: these benchmarks failed and are left out: ${failed[*]}" >&2
  exit 1
fi
