#!/usr/bin/env bash
# Benchmarks `rapport chart` against gnuplot's dumb terminal on 50, 500 and 5000 sessions
# (three series on a 1–5 scale, deterministic data with a few missed sessions).
#
# Prints, per size: the median wall time of a whole `rapport chart` process and of a whole
# `gnuplot` process (RUNS runs each, default 30, alternating), their ratio, the mean CPU time of
# each (perf stat, when installed) and its ratio, and the median in-process render time of the
# chart alone (`rapport-bench render --csv F --runs N`).
#
# Targets: the whole process (through swift-argument-parser, no hand-written fast path) ≤ 1/2 of
# gnuplot at 50 and at 5000 sessions; render ≤ 50 µs at 50 sessions, ≤ 1 ms at 5000.
#
# Usage: Scripts/bench-charts.sh            (RUNS=30 RENDER_RUNS=2000 WIDTH=80 HEIGHT=20 [BIN=…])
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-30}
RENDER_RUNS=${RENDER_RUNS:-2000}
WIDTH=${WIDTH:-80}
HEIGHT=${HEIGHT:-20}

if ! command -v gnuplot >/dev/null; then
    echo "gnuplot not found; installing gnuplot-nox" >&2
    # A fresh machine has no package lists yet: update them once, then install.
    apt-get install -y gnuplot-nox >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y gnuplot-nox >/dev/null; }
fi

# BIN=/path/to/rapport measures that binary instead (it must be a release build); BENCH likewise.
echo "building release (static Swift stdlib)…" >&2
if [ -z "${BIN:-}" ]; then
    swift build -c release --static-swift-stdlib --product rapport >&2
    BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)/rapport"
fi
if [ -z "${BENCH:-}" ]; then
    swift build -c release --static-swift-stdlib --product rapport-bench >&2
    BENCH="$(swift build -c release --static-swift-stdlib --show-bin-path)/rapport-bench"
fi

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

# Times one command once, in ms, with bash's EPOCHREALTIME (no extra process in the interval).
time_once() {
    local t0 t1
    t0=$EPOCHREALTIME
    "$@" >/dev/null
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'
}

gp() {
    gnuplot -e "set terminal dumb size $WIDTH,$HEIGHT; set datafile separator ','; set key autotitle columnhead; \
set yrange [1:5]; plot '$1' using 1:2 with lines, '' using 1:3 with lines, '' using 1:4 with lines"
}

# CPU time (user + system) of a whole run, in ms, via `perf stat` when it is installed: unlike
# wall time it does not include waiting for a CPU on a busy machine.
cpu_ms() {
    if command -v perf >/dev/null; then
        perf stat -x, -e task-clock -r "$RUNS" "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ { printf "%.2f", $1 }'
    else
        printf '%s' "-"
    fi
}

uptime >&2
printf '%-9s %12s %12s %7s %14s %14s %7s %12s\n' sessions "rapport ms" "gnuplot ms" ratio \
    "rapport cpu" "gnuplot cpu" ratio "render µs"
for n in 50 500 5000; do
    csv="$TMP/s$n.csv"
    gen "$n" >"$csv"
    "$BIN" chart --csv "$csv" --y-min 1 --y-max 5 --width "$WIDTH" --height "$HEIGHT" >"$TMP/out$n.txt"
    gp "$csv" >"$TMP/gp$n.txt"
    # Alternate the two programs run by run, so a change in machine load hits both alike.
    : >"$TMP/r.txt"
    : >"$TMP/g.txt"
    for ((i = 0; i < RUNS; i++)); do
        time_once "$BIN" chart --csv "$csv" --y-min 1 --y-max 5 --width "$WIDTH" --height "$HEIGHT" >>"$TMP/r.txt"
        time_once gp "$csv" >>"$TMP/g.txt"
    done
    r=$(median_ms <"$TMP/r.txt")
    g=$(median_ms <"$TMP/g.txt")
    render=$("$BENCH" render --csv "$csv" --y-min 1 --y-max 5 --width "$WIDTH" --height "$HEIGHT" \
        --runs "$RENDER_RUNS" | sed -E 's/^render median ([0-9.]+).*/\1/')
    ratio=$(awk -v a="$r" -v b="$g" 'BEGIN { printf "%.2f", a / b }')
    rc=$(cpu_ms "$BIN" chart --csv "$csv" --y-min 1 --y-max 5 --width "$WIDTH" --height "$HEIGHT")
    gc=$(cpu_ms gnuplot -e "set terminal dumb size $WIDTH,$HEIGHT; set datafile separator ','; \
set key autotitle columnhead; set yrange [1:5]; \
plot '$csv' using 1:2 with lines, '' using 1:3 with lines, '' using 1:4 with lines")
    cratio=$(awk -v a="$rc" -v b="$gc" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else printf "-" }')
    printf '%-9s %12s %12s %7s %14s %14s %7s %12s\n' "$n" "$r" "$g" "$ratio" "$rc" "$gc" "$cratio" "$render"
done
echo
echo "rapport chart, 5000 sessions:"
cat "$TMP/out5000.txt"
