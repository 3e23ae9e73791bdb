# Shared by the benchmarks that time bin/strata itself (warm-engine.sh, class-data.sh); sourced, never run alone.

# bench_setup NAME DEFAULT_ROUNDS ARGS...: goes to the repository's root, sets $repository, and $rounds from --rounds N,
# and builds the CLI when it is not built yet.
bench_setup() {
  local name="$1"
  rounds="$2"
  shift 2
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  repository="$(pwd)"
  while [ $# -gt 0 ]; do
    case "$1" in
      --rounds) rounds="$2"; shift 2 ;;
      *) echo "bench/run $name: unknown option $1" >&2; exit 2 ;;
    esac
  done
  [ -f strata-cli/target/strata-cli.jar ] || mvn -q -DskipTests package
}

# median VALUES...: their median, with two decimals.
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.2f", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}
