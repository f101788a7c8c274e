#!/usr/bin/env bash
# Review benchmarks on a release build as a user installs it (--static-swift-stdlib):
#  - the in-process caseload open time: `rapport review --bench-open N` reads every client's
#    summary, runs the per-client analytics, sorts the rows and renders the first caseload frame
#    (100×30, no terminal), N times; prints the median (target ≤ 150 ms for 1,000 × 50);
#  - the whole-process time of `rapport client list` and `client list --json` (median of RUNS);
#  - the whole-process time of `rapport chart --client` (median of RUNS).
# The caseload is $BENCH_DIR/demo (1,000 clients × 50 sessions); it is made with `rapport demo`
# when missing or unreadable.
# Usage: Scripts/bench-review.sh            (RUNS=15 OPEN_RUNS=15 BENCH_DIR=/tmp/rapport-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-15}
OPEN_RUNS=${OPEN_RUNS:-15}
WORK=${BENCH_DIR:-/tmp/rapport-bench}
mkdir -p "$WORK"

echo "building release (static Swift stdlib)…" >&2
swift build -c release --static-swift-stdlib --product rapport >&2
BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)/rapport"
export RAPPORT_ASSETS="$PWD/assets"
DATA="$WORK/demo"

if ! "$BIN" client list --data-dir "$DATA" >/dev/null 2>&1; then
    DATA="$WORK/demo2"
    echo "making the demo caseload in $DATA (1,000 × 50)…" >&2
    "$BIN" demo --clients 1000 --sessions 50 --seed 1 --data-dir "$DATA" >&2
fi
CLIENTS=$(find "$DATA/clients" -mindepth 1 -maxdepth 1 -type d | wc -l)

median_ms() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m }'; }
time_runs() {
    local i t0 t1
    for ((i = 0; i < RUNS; i++)); do
        t0=$EPOCHREALTIME
        "$@" >/dev/null
        t1=$EPOCHREALTIME
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'
    done | median_ms
}

echo "caseload: $DATA ($CLIENTS clients)"
"$BIN" review --bench-open "$OPEN_RUNS" --data-dir "$DATA"
echo "client list:          median $(time_runs "$BIN" client list --data-dir "$DATA") ms (whole process, $RUNS runs)"
echo "client list --json:   median $(time_runs "$BIN" client list --json --data-dir "$DATA") ms (whole process, $RUNS runs)"
echo "chart --client D0001: median $(time_runs "$BIN" chart --client D0001 --width 100 --height 30 --data-dir "$DATA") ms (whole process, $RUNS runs)"
