#!/usr/bin/env bash
# Concurrency test: several `rapport record` processes write for the same client at once.
#   A. PROCS processes × PER records of the same instrument for the same client and session, each a
#      correction (--replace) of whatever is current: every save must land, each superseding a
#      different record (one linear chain), one current record at the end.
#   B. At the same time, PROCS processes × PER records on distinct dates without --session: each is a
#      new session; in date order (as exported) no number may be given twice, none skipped.
# Then `rapport check` (every file parses, audit chain intact) and audit line counts.
#
# Usage: Scripts/concurrency-test.sh [PER=200] [PROCS=2] [RAPPORT_BINARY=.build/debug/rapport]
set -euo pipefail
command -v jq >/dev/null 2>&1 || { echo "$(basename "$0"): needs jq (apt-get install jq)" >&2; exit 69; }

PER=${1:-200}
PROCS=${2:-2}
BIN=${3:-.build/debug/rapport}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
HERE=$(cd "$(dirname "$0")/.." && pwd)
export RAPPORT_ASSETS=${RAPPORT_ASSETS:-$HERE/assets}
export SWIFT_BACKTRACE=enable=no
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rapport-concurrency.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/data

fail() { echo "concurrency-test: FAIL: $*" >&2; exit 1; }

"$BIN" init --unsealed --data-dir "$DATA" >/dev/null
"$BIN" client add C1 --data-dir "$DATA" >/dev/null
# Session 1 (2024-01-05) exists before the writers start; otherwise a B writer may create session 1
# on its own date first and A's "--session 1 --date 2024-01-05" is rightly refused.
"$BIN" record --client C1 --instrument core-10 --answers 1,1,1,1,1,1,1,1,1,1 --session 1 --date 2024-01-05 --data-dir "$DATA" >/dev/null

# Distinct dates for B, computed up front (session 1 is 2024-01-05, used by A).
seq 1 $((PER * PROCS)) | while read -r k; do date -d "2024-01-05 + $k days" +%F; done >"$WORK/dates"

writer_a() { # same session, corrections
    local p=$1 i failures=0
    for ((i = 0; i < PER; i++)); do
        "$BIN" record --client C1 --instrument wai-sr --answers "$((p % 5 + 1)),5,4,3,2,1,2,3,4,5,4,$((i % 5 + 1))" \
            --session 1 --date 2024-01-05 --replace --data-dir "$DATA" >/dev/null 2>>"$WORK/errors" || failures=$((failures + 1))
    done
    echo "$failures" >"$WORK/fail-a-$p"
}

writer_b() { # new sessions
    local p=$1 i failures=0 day
    for ((i = 0; i < PER; i++)); do
        day=$(sed -n "$((p * PER + i + 1))p" "$WORK/dates")
        "$BIN" record --client C1 --instrument phq-9 --answers "1,2,3,0,1,2,3,0,$((i % 2))" --date "$day" \
            --data-dir "$DATA" >/dev/null 2>>"$WORK/errors" || failures=$((failures + 1))
    done
    echo "$failures" >"$WORK/fail-b-$p"
}

start=$(date +%s)
pids=()
for ((p = 0; p < PROCS; p++)); do
    writer_a "$p" &
    pids+=($!)
    writer_b "$p" &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
seconds=$(($(date +%s) - start))

failures=$(cat "$WORK"/fail-* | awk '{s += $1} END {print s + 0}')
((failures == 0)) || fail "$failures saves failed: $(sort -u "$WORK/errors" | head -3)"

"$BIN" check --data-dir "$DATA" >"$WORK/check" || { cat "$WORK/check" >&2; fail "rapport check failed"; }
"$BIN" export --format json --data-dir "$DATA" >"$WORK/export.json"
J=$WORK/export.json
total=$((PER * PROCS))

# A: every correction landed, as one linear chain.
a_count=$(jq '[.records[] | select(.instrument.id == "wai-sr")] | length' "$J")
a_ids=$(jq '[.records[] | select(.instrument.id == "wai-sr") | .id] | unique | length' "$J")
a_roots=$(jq '[.records[] | select(.instrument.id == "wai-sr" and .supersedes == null)] | length' "$J")
a_superseded=$(jq '[.records[] | select(.instrument.id == "wai-sr") | .supersedes // empty] | unique | length' "$J")
a_sessions=$(jq '[.records[] | select(.instrument.id == "wai-sr") | .session] | unique | length' "$J")
((a_count == total)) || fail "A: $a_count of $total records"
((a_ids == total)) || fail "A: duplicate record ids"
((a_roots == 1)) || fail "A: $a_roots records supersede nothing (expected 1)"
((a_superseded == total - 1)) || fail "A: $a_superseded distinct records superseded (expected $((total - 1))): lost update"
((a_sessions == 1)) || fail "A: records spread over $a_sessions sessions"

# B: every save landed, each in its own new session. Sessions are numbered in date order when read
# (a record's stored `session` is its number at save time, which writers of interleaved dates make
# differ), so the numbers come from the CSV export, which numbers them as `client list` does.
"$BIN" export --format csv --client C1 --data-dir "$DATA" >"$WORK/export.csv"
b_rows() { awk -F, '$5 == "phq-9" { print $2, $3 }' "$WORK/export.csv"; }
b_count=$(jq '[.records[] | select(.instrument.id == "phq-9")] | length' "$J")
b_sessions=$(b_rows | cut -d' ' -f1 | sort -u | wc -l)
b_min=$(b_rows | cut -d' ' -f1 | sort -n | head -1)
b_max=$(b_rows | cut -d' ' -f1 | sort -n | tail -1)
b_dates=$(b_rows | sort -u | wc -l)
b_stored_dates=$(jq '[.records[] | select(.instrument.id == "phq-9") | .sessionDate] | unique | length' "$J")
((b_stored_dates == total)) || fail "B: $b_stored_dates distinct dates for $total records"
((b_count == total)) || fail "B: $b_count of $total records"
((b_sessions == total)) || fail "B: duplicate session numbers ($b_sessions distinct for $total records)"
((b_min == 2 && b_max == total + 1)) || fail "B: sessions run $b_min–$b_max, expected 2–$((total + 1))"
((b_dates == total)) || fail "B: a session has two dates"

# No torn file and a complete audit trail: one line per save.
audited=$(grep -c '"event":"record' "$DATA/audit.log")
((audited == 2 * total + 1)) || fail "audit log has $audited record lines, expected $((2 * total + 1))"
current=$(jq '[.records[] | select(.instrument.id == "wai-sr")] as $r | [$r[] | .supersedes // empty] as $s | [$r[] | select(.id as $i | $s | index($i) | not)] | length' "$J")
((current == 1)) || fail "A: $current current records, expected 1"

# The caseload index, appended to by every save, agrees with one rebuilt from the summaries.
"$BIN" client list --json --data-dir "$DATA" >"$J.list-index"
rm -f "$DATA/caseload/index.jsonl"
"$BIN" client list --json --data-dir "$DATA" >"$J.list-rebuilt"
cmp -s "$J.list-index" "$J.list-rebuilt" || fail "client list from the caseload index differs from a rebuilt one"

echo "concurrency-test: $((2 * PROCS)) processes, $((2 * total)) saves in ${seconds}s: A $a_count corrections of one session in one chain, B $b_count new sessions ($b_min–$b_max), 0 lost, 0 duplicate sessions, check OK, $audited audit lines"
echo "concurrency-test: OK"
