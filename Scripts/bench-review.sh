#!/usr/bin/env bash
# Caseload benchmarks (issue 13, "Speed") on a release build as a user installs it
# (--static-swift-stdlib). Each figure is printed next to a baseline measured in the same run:
#  - caseload open, in-process (`rapport-bench open`: read the caseload index, analytics, first
#    frame) on 10,000 and 1,000 clients, next to the per-client summary read it replaced;
#  - whole-process `rapport client list` on 10,000 clients next to 100 clients;
#  - opening one client in-process (`rapport-bench client`) and whole-process `chart --client`,
#    on 10,000 clients next to 100;
#  - a durable save (record + audit + summary + index line) in the 10,000 caseload next to a bare
#    durable atomic write of a new file, interleaved (`rapport-bench store --caseload`);
#  - `rapport export --format csv` of the 1,000 × 50 demo (~257,000 records) next to a naive
#    Python reader that json.loads every record file;
#  - peak memory (max RSS, /usr/bin/time -v) of `client list` and `rapport-bench open` at 10,000.
# Bench data in $BENCH_DIR (default /tmp/rapport-bench-10k): demo1k (rapport demo --unsealed, 1,000 × 50),
# demo100 (rapport demo --unsealed, 100 × 50), demo10k (rapport-bench caseload: the 1,000 demo clients'
# summaries cloned to 10,000 clients, without record files; see docs/reliability.md), demo10k-sealed
# (the same, sealed: one therapist account t1 holding every client; its key in demo10k-sealed.keys),
# demo100-accounts (rapport demo, sealed, with its accounts, 100 × 50) and demo10k-accounts (its
# clients' summaries cloned to 10,000 with the same accounts; signed-in `client list` as admin, a
# therapist and a supervisor, with the sign-in alone beside it).
# Usage: Scripts/bench-review.sh        (RUNS=15 OPEN_RUNS=15 BENCH_DIR=… CLIENTS_BIG=10000 SWIFT_SCRATCH=…)
#        ONLY=export Scripts/bench-review.sh   (just the export figure: builds only the 1,000 × 50 demo)
#        BIN=… BENCH=…                         (measure these release binaries instead of building)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-15}
OPEN_RUNS=${OPEN_RUNS:-15}
BIG=${CLIENTS_BIG:-10000}
WORK=${BENCH_DIR:-/tmp/rapport-bench-10k}
mkdir -p "$WORK"

ONLY=${ONLY:-}
# SWIFT_SCRATCH=DIR builds in DIR (--scratch-path), beside a debug build in .build.
SCRATCH_ARGS=()
if [ -n "${SWIFT_SCRATCH:-}" ]; then SCRATCH_ARGS=(--scratch-path "$SWIFT_SCRATCH"); fi
if [ -z "${BIN:-}" ] || [ -z "${BENCH:-}" ]; then
    echo "building release (static Swift stdlib)…" >&2
    swift build -c release --static-swift-stdlib "${SCRATCH_ARGS[@]}" --product rapport >&2
    swift build -c release --static-swift-stdlib "${SCRATCH_ARGS[@]}" --product rapport-bench >&2
    BINDIR="$(swift build -c release --static-swift-stdlib "${SCRATCH_ARGS[@]}" --show-bin-path)"
    BIN="$BINDIR/rapport"
    BENCH="$BINDIR/rapport-bench"
fi
export RAPPORT_ASSETS="$PWD/assets"

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
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
maxrss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }'; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
if [ "$ONLY" != export ] && [ ! -d "$WORK/demo100" ]; then
    t0=$EPOCHREALTIME
    "$BIN" demo --unsealed --clients 100 --sessions 50 --seed 1 --data-dir "$WORK/demo100" >/dev/null
    t1=$EPOCHREALTIME
    echo "rapport demo --clients 100 --sessions 50: $(seconds "$t0" "$t1") s ($(find "$WORK/demo100/clients" -path '*records*' -name '*.json' | wc -l) records); 10,000 × 50 would write ~100× that"
fi
if [ ! -d "$WORK/demo1k" ]; then
    t0=$EPOCHREALTIME
    "$BIN" demo --unsealed --clients 1000 --sessions 50 --seed 1 --data-dir "$WORK/demo1k" >/dev/null
    t1=$EPOCHREALTIME
    echo "rapport demo --clients 1000 --sessions 50: $(seconds "$t0" "$t1") s"
fi
if [ "$ONLY" != export ] && [ ! -d "$WORK/demo10k" ]; then
    "$BENCH" caseload --from "$WORK/demo1k" --to "$WORK/demo10k" --clients "$BIG"
fi
for d in demo100 demo1k demo10k; do
    if [ -d "$WORK/$d" ]; then "$BIN" client list --data-dir "$WORK/$d" >/dev/null; fi  # indexes fresh
done

if [ "$ONLY" != export ]; then

echo "== caseload open, in-process ($OPEN_RUNS runs)"
for d in demo10k demo1k; do
    "$BENCH" open --runs "$OPEN_RUNS" --data-dir "$WORK/$d"
    "$BENCH" open --runs "$OPEN_RUNS" --data-dir "$WORK/$d" --save-between
    "$BENCH" open --runs "$OPEN_RUNS" --data-dir "$WORK/$d" --no-cache
    "$BENCH" open --runs "$OPEN_RUNS" --data-dir "$WORK/$d" --per-client
done

if [ ! -d "$WORK/demo10k-sealed" ]; then
    "$BENCH" caseload --from "$WORK/demo1k" --to "$WORK/demo10k-sealed" --clients "$BIG" --sealed \
        --key-file "$WORK/demo10k-sealed.keys"
fi
echo "== caseload open, sealed directory, in-process ($OPEN_RUNS runs; one therapist's caseload of $BIG)"
for flags in "" --save-between --no-cache; do
    # shellcheck disable=SC2086
    "$BENCH" open --runs "$OPEN_RUNS" --data-dir "$WORK/demo10k-sealed" --key-file "$WORK/demo10k-sealed.keys" $flags
done

# Signed in, sealed, with accounts: issue 13's goals as a clinic meets them. demo100-accounts is
# `rapport demo` (sealed; admin, therapists lee and kim each holding half the clients, supervisor
# sup of lee); demo10k-accounts clones its clients to $BIG with the same accounts and keys, each
# clone sealed to its source client's therapist (`rapport-bench caseload --as admin`).
if [ ! -d "$WORK/demo100-accounts" ]; then
    t0=$EPOCHREALTIME
    "$BIN" demo --clients 100 --sessions 50 --seed 1 --data-dir "$WORK/demo100-accounts" >/dev/null
    t1=$EPOCHREALTIME
    echo "rapport demo --clients 100 --sessions 50 (sealed, accounts): $(seconds "$t0" "$t1") s"
fi
if [ ! -d "$WORK/demo10k-accounts" ]; then
    t0=$EPOCHREALTIME
    echo demo-admin-passphrase | "$BENCH" caseload --from "$WORK/demo100-accounts" --to "$WORK/demo10k-accounts" \
        --clients "$BIG" --as admin
    t1=$EPOCHREALTIME
    echo "rapport-bench caseload --as admin ($BIG clients, sealed, accounts): $(seconds "$t0" "$t1") s whole process"
fi
# The demo accounts' passphrases (synthetic data only; printed by `rapport demo`).
passphrase_of() { echo "demo-$1-passphrase"; }
# `rapport CMD… --as ACCOUNT --passphrase-stdin` on DIR: signed_in DIR ACCOUNT CMD…
signed_in() {
    local dir=$1 account=$2
    shift 2
    passphrase_of "$account" | "$BIN" "$@" --data-dir "$dir" --as "$account" --passphrase-stdin
}
# Median wall, user and system CPU (ms) and max RSS (MiB) of RUNS runs of `rapport CMD… --as
# ACCOUNT --passphrase-stdin` on DIR: cpu_runs DIR ACCOUNT CMD…
cpu_runs() {
    local i dir=$1 account=$2
    shift 2
    passphrase_of "$account" >"$WORK/passphrase"
    for ((i = 0; i < RUNS; i++)); do
        /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.out" \
            "$BIN" "$@" --data-dir "$dir" --as "$account" --passphrase-stdin <"$WORK/passphrase" >/dev/null
        cat "$WORK/time.out"
    done | awk '{ e[NR] = $1 * 1000; u[NR] = $2 * 1000; s[NR] = $3 * 1000; m = ($4 > m ? $4 : m) }
        function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
            return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END { printf "wall %.0f ms, user %.0f ms, sys %.0f ms, max RSS %.1f MiB", med(e, NR), med(u, NR), med(s, NR), m / 1024 }'
}
echo "== signed in, sealed, accounts: whole process (median of $RUNS; /usr/bin/time, 10 ms resolution)"
for account in admin lee sup; do
    for d in demo10k-accounts demo100-accounts; do signed_in "$WORK/$d" "$account" client list >/dev/null; done  # rows caches
done
for account in admin lee sup; do
    for d in demo10k-accounts demo100-accounts; do
        clients=$(signed_in "$WORK/$d" "$account" client list --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
        echo "client list --as $account, $d ($clients rows): $(cpu_runs "$WORK/$d" "$account" client list)"
        echo "  sign-in only (therapist list --as $account): $(cpu_runs "$WORK/$d" "$account" therapist list)"
    done
    big=$(time_runs signed_in "$WORK/demo10k-accounts" "$account" client list)
    small=$(time_runs signed_in "$WORK/demo100-accounts" "$account" client list)
    echo "client list --as $account: $BIG clients $big ms, 100 clients $small ms, difference $(awk -v a="$big" -v b="$small" 'BEGIN { printf "%.1f", a - b }') ms (goal ≤ 150)"
done
echo "== caseload open as lee, in-process ($OPEN_RUNS runs): rows filtered by the recorded therapist vs by client.json files"
for flags in "" --filter-by-files; do
    # shellcheck disable=SC2086
    passphrase_of lee | "$BENCH" open --runs "$OPEN_RUNS" --data-dir "$WORK/demo10k-accounts" --as lee $flags
done

echo "== client list, whole process (median of $RUNS)"
big=$(time_runs "$BIN" client list --data-dir "$WORK/demo10k")
small=$(time_runs "$BIN" client list --data-dir "$WORK/demo100")
echo "client list: $BIG clients $big ms, 100 clients $small ms, difference $(awk -v a="$big" -v b="$small" 'BEGIN { printf "%.1f", a - b }') ms (goal ≤ 150)"
echo "client list --json: $BIG clients $(time_runs "$BIN" client list --json --data-dir "$WORK/demo10k") ms"

echo "== opening one client"
"$BENCH" client --client D0001 --runs "$OPEN_RUNS" --data-dir "$WORK/demo10k"
"$BENCH" client --client D0001 --runs "$OPEN_RUNS" --data-dir "$WORK/demo100"
echo "chart --client D0001, whole process: $BIG clients $(time_runs "$BIN" chart --client D0001 --width 100 --height 30 --data-dir "$WORK/demo10k") ms, 100 clients $(time_runs "$BIN" chart --client D0001 --width 100 --height 30 --data-dir "$WORK/demo100") ms"

echo "== durable save (in the $BIG caseload) vs bare durable write"
"$BENCH" store "$WORK/scratch" "$PWD/assets" 200 --caseload "$WORK/demo10k"

fi

echo "== export of the 1,000 × 50 demo vs a naive Python reader"
records=$(find "$WORK/demo1k/clients" -path '*records*' -name '*.json' | wc -l)
cat >"$WORK/naive.py" <<'PY'
import json, os, sys
root = sys.argv[1] + "/clients"
n = 0
for client in sorted(os.listdir(root)):
    d = os.path.join(root, client, "records")
    if not os.path.isdir(d):
        continue
    for name in sorted(os.listdir(d)):
        if name.endswith(".json"):
            with open(os.path.join(d, name)) as f:
                json.load(f)
            n += 1
print(n)
PY
ex=$(RUNS=3 time_runs "$BIN" export --format csv --data-dir "$WORK/demo1k")
py=$(RUNS=3 time_runs python3 "$WORK/naive.py" "$WORK/demo1k")
echo "export --format csv ($records records): $ex ms; naive Python json.load of every record: $py ms (median of 3 each)"

if [ "$ONLY" != export ]; then
echo "== peak memory at $BIG clients"
echo "client list: max RSS $(maxrss "$BIN" client list --data-dir "$WORK/demo10k") MiB; rapport-bench open (1 run): max RSS $(maxrss "$BENCH" open --runs 1 --data-dir "$WORK/demo10k") MiB (goal ≤ 100)"
# Without the rows cache (the whole index read, every client analysed): plaintext, sealed (one
# caseload key), and signed in as a therapist (half the clients) and as the admin (all of them).
echo "rapport-bench open --no-cache (1 run), max RSS: plaintext $(maxrss "$BENCH" open --runs 1 --no-cache --data-dir "$WORK/demo10k") MiB; sealed $(maxrss "$BENCH" open --runs 1 --no-cache --data-dir "$WORK/demo10k-sealed" --key-file "$WORK/demo10k-sealed.keys") MiB; as lee $(passphrase_of lee | maxrss "$BENCH" open --runs 1 --no-cache --data-dir "$WORK/demo10k-accounts" --as lee) MiB; as admin $(passphrase_of admin | maxrss "$BENCH" open --runs 1 --no-cache --data-dir "$WORK/demo10k-accounts" --as admin) MiB (goal ≤ 100)"
# The index rebuilt from every summary (removed first, as after a damaged index or `migrate`),
# next to the same open with the index fresh just before.
rebuilt() { rm -f "$1/caseload/index.jsonl"; shift; maxrss "$@"; }
echo "rapport-bench open --no-cache, index rebuilt (1 run), max RSS: plaintext $(rebuilt "$WORK/demo10k" "$BENCH" open --runs 1 --no-cache --data-dir "$WORK/demo10k") MiB; as admin $(passphrase_of admin | rebuilt "$WORK/demo10k-accounts" "$BENCH" open --runs 1 --no-cache --data-dir "$WORK/demo10k-accounts" --as admin) MiB; as lee (the other caseload left stale) $(passphrase_of lee | rebuilt "$WORK/demo10k-accounts" "$BENCH" open --runs 1 --no-cache --data-dir "$WORK/demo10k-accounts" --as lee) MiB, then as kim (that caseload refreshed) $(passphrase_of kim | maxrss "$BENCH" open --runs 1 --no-cache --data-dir "$WORK/demo10k-accounts" --as kim) MiB (goal ≤ 100)"
# `client assign` leaves the index stale: the next `client list` of each account rebuilds or
# refreshes it (a moved client goes back at the end, so the data is as it was).
moved=$(signed_in "$WORK/demo10k-accounts" lee client list | awk 'NR > 2 && !found { print $1; found = 1 }')
from=lee
to=kim
if [ -n "$moved" ]; then
    signed_in "$WORK/demo10k-accounts" admin client assign "$moved" --therapist "$to" >/dev/null
    line="after client assign $moved $from → $to, client list max RSS:"
    for account in lee kim admin; do
        line="$line $account $(passphrase_of "$account" | maxrss "$BIN" client list --data-dir "$WORK/demo10k-accounts" --as "$account" --passphrase-stdin) MiB;"
    done
    signed_in "$WORK/demo10k-accounts" admin client assign "$moved" --therapist "$from" >/dev/null
    echo "$line (goal ≤ 100)"
fi
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
