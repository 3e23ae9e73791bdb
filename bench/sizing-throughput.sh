#!/usr/bin/env bash
# Per-core throughput of the retail example, for docs/deploy.md ("Sizing"). Never part of the test suite.
# Two input sizes (demo-data batches 1..2 and 1..10 at scale 1000), each a whole `strata run` on local[2], timed by
# /usr/bin/time: the slope between them (extra input bytes / extra CPU seconds of the engine JVM) is the marginal
# cost of a byte, without the JVM's and Spark's fixed start-up. CPU seconds rather than wall, because a shared
# machine's wall time says more about the neighbours than about Strata. Usage: bench/sizing-throughput.sh [WORKDIR]
set -euo pipefail
repository="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
export STRATA_HOME="$work/home"
# The engine JVM's own CPU seconds are measured: each run in a JVM of its own, not in a warm engine.
export STRATA_DAEMON=off
for batches in 2 10; do
  dir="$work/b$batches"
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$repository/examples/retail/pipeline.yaml" "$dir/"
  for b in $(seq 1 "$batches"); do "$repository/bin/strata" demo-data --scale 1000 --batch "$b" "$dir/data" >/dev/null; done
done
for dir in b2 b10; do
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  (cd "$work/$dir" && /usr/bin/time -f "%e %U %S" -o ../time-$dir.txt "$repository/bin/strata" run pipeline.yaml \
    --master 'local[2]' > run.log 2>&1)
  read -r wall user sys < "$work/time-$dir.txt"
  echo "$dir bytes=$(du -sb "$work/$dir/data" | cut -f1) wall=$wall cpu=$(echo "$user + $sys" | bc)"
done
