#!/usr/bin/env bash
# Benchmarks `rapport chart` against gnuplot's dumb terminal on 50, 500 and 5000 sessions
# (three series on a 1–5 scale, deterministic data with a few missed sessions).
#
# Prints, per size: the median wall time of a whole `rapport chart` process and of a whole
# `gnuplot` process (RUNS runs each, default 30), their ratio, and the median in-process render
# time of the chart alone (`rapport chart --bench-render N`).
#
# Targets: process ≤ 1/3 of gnuplot at 50 sessions, ≤ 1/2 at 5000; render ≤ 50 µs at 50
# sessions, ≤ 1 ms at 5000.
#
# Usage: Scripts/bench-charts.sh            (RUNS=30 RENDER_RUNS=2000 WIDTH=80 HEIGHT=20)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-30}
RENDER_RUNS=${RENDER_RUNS:-2000}
WIDTH=${WIDTH:-80}
HEIGHT=${HEIGHT:-20}

if ! command -v gnuplot >/dev/null; then
    echo "gnuplot not found; installing gnuplot-nox" >&2
    apt-get install -y gnuplot-nox >/dev/null
fi

echo "building release (static Swift stdlib)…" >&2
swift build -c release --static-swift-stdlib --product rapport >&2
BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)/rapport"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Deterministic CSV: a slow wave per series plus LCG noise, ~3% missed sessions, one deep dip.
gen() {
    awk -v n="$1" 'BEGIN {
        print "session,goal,task,bond"
        seed = 20261124
        for (i = 1; i <= n; i++) {
            line = i
            for (s = 0; s < 3; s++) {
                seed = (seed * 1103515245 + 12345) % 2147483648
                r = seed / 2147483648
                if (r < 0.03) { line = line ","; continue }
                v = 3 + 1.2 * sin(i / (7 + 3 * s) + s) + (r - 0.5) * 0.8
                if (i == int(n * 0.6) && s == 0) v = 1
                if (v < 1) v = 1; if (v > 5) v = 5
                line = line "," sprintf("%.2f", v)
            }
            print line
        }
    }'
}

median_ms() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f", m }'; }

# Runs "$@" RUNS times, prints each wall time in ms (bash's EPOCHREALTIME: no extra process).
time_runs() {
    local i t0 t1
    for ((i = 0; i < RUNS; i++)); do
        t0=$EPOCHREALTIME
        "$@" >/dev/null
        t1=$EPOCHREALTIME
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'
    done
}

gp() {
    gnuplot -e "set terminal dumb size $WIDTH,$HEIGHT; set datafile separator ','; set key autotitle columnhead; \
set yrange [1:5]; plot '$1' using 1:2 with lines, '' using 1:3 with lines, '' using 1:4 with lines"
}

printf '%-9s %14s %14s %8s %16s\n' sessions "rapport ms" "gnuplot ms" ratio "render µs"
for n in 50 500 5000; do
    csv="$TMP/s$n.csv"
    gen "$n" >"$csv"
    "$BIN" chart --csv "$csv" --y-min 1 --y-max 5 --width "$WIDTH" --height "$HEIGHT" >"$TMP/out$n.txt"
    gp "$csv" >"$TMP/gp$n.txt"
    r=$(time_runs "$BIN" chart --csv "$csv" --y-min 1 --y-max 5 --width "$WIDTH" --height "$HEIGHT" | median_ms)
    g=$(time_runs gp "$csv" | median_ms)
    render=$("$BIN" chart --csv "$csv" --y-min 1 --y-max 5 --width "$WIDTH" --height "$HEIGHT" \
        --bench-render "$RENDER_RUNS" | sed -E 's/^render median ([0-9.]+).*/\1/')
    ratio=$(awk -v a="$r" -v b="$g" 'BEGIN { printf "%.2f", a / b }')
    printf '%-9s %14s %14s %8s %16s\n' "$n" "$r" "$g" "$ratio" "$render"
done
echo
echo "rapport chart, 5000 sessions:"
cat "$TMP/out5000.txt"
