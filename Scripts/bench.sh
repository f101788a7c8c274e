#!/usr/bin/env bash
# Store and caseload benchmarks, on a release build as a user installs it (static Swift stdlib).
# Prints: demo generation time (1,000 clients × 50 sessions by default), the median durable save
# (record + audit + summary + caseload index line) next to a durable atomic write of a new file and a
# bare fsync of the same size (each save followed by one of each), the same saves without fsyncs,
# and `rapport client list` time on that caseload.
# Usage: Scripts/bench.sh [CLIENTS] [SESSIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${1:-1000}
SESSIONS=${2:-50}
WORK=${BENCH_DIR:-/tmp/rapport-bench}
mkdir -p "$WORK"

echo "== building release (--static-swift-stdlib)"
swift build -c release --static-swift-stdlib --product rapport >/dev/null
swift build -c release --static-swift-stdlib --product rapport-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)
export RAPPORT_ASSETS="$PWD/assets"

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

echo "== demo: $CLIENTS clients × $SESSIONS sessions"
t0=$(now)
"$BIN/rapport" demo --unsealed --clients "$CLIENTS" --sessions "$SESSIONS" --seed 1 --data-dir "$WORK/demo" >/dev/null
t1=$(now)
echo "demo generation: $(ms "$t0" "$t1") ms ($(find "$WORK/demo/clients" -name '*.json' -path '*records*' | wc -l) records)"

echo "== durable save vs bare fsync (the caseload figures: Scripts/bench-review.sh)"
"$BIN/rapport-bench" store "$WORK/store" "$PWD/assets" 200
echo "== the same saves without fsyncs (not durable): the save's work besides the disk's syncs"
"$BIN/rapport-bench" store "$WORK/store" "$PWD/assets" 200 --without-syncs

echo "== rapport client list on the caseload (5 runs each)"
for mode in "" "--json"; do
  times=()
  for _ in 1 2 3 4 5; do
    t0=$(now); "$BIN/rapport" client list $mode --data-dir "$WORK/demo" >/dev/null; t1=$(now)
    times+=("$(ms "$t0" "$t1")")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  echo "client list ${mode:-(table)}: median ${median} ms  (runs: ${sorted})"
done
