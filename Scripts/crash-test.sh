#!/usr/bin/env bash
# Crash test: starts `rapport record` (new records and corrections) and draft saves in a loop,
# kills each with SIGKILL at a random moment, then checks that
#   - `rapport check` passes: every file parses, the audit chain is intact;
#   - every record and draft whose command exited 0 is there, with its answers (via `rapport export`);
#   - every acknowledged record has its line in the audit log;
#   - the caseload index, and every client's summary, say what the records say.
#
# Usage: Scripts/crash-test.sh [KILLS] [RAPPORT_BINARY]
#   KILLS           processes to kill (default 200); the loop runs until that many were killed
#   RAPPORT_BINARY  default .build/debug/rapport
# Needs bash, jq, GNU coreutils. Exit 0 when nothing was lost.
set -euo pipefail
command -v jq >/dev/null 2>&1 || { echo "$(basename "$0"): needs jq (apt-get install jq)" >&2; exit 69; }

KILLS=${1:-200}
BIN=${2:-.build/debug/rapport}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
HERE=$(cd "$(dirname "$0")/.." && pwd)
export RAPPORT_ASSETS=${RAPPORT_ASSETS:-$HERE/assets}
export SWIFT_BACKTRACE=enable=no
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rapport-crash.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/data
ACKED=$WORK/acked   # kind client session date instrument answers id
: >"$ACKED"

fail() { echo "crash-test: FAIL: $*" >&2; exit 1; }

"$BIN" init --unsealed --data-dir "$DATA" >/dev/null
for c in C1 C2 C3; do "$BIN" client add "$c" --data-dir "$DATA" >/dev/null; done

# Measure how long one save takes, so kills land anywhere from start-up to exit.
start=$(date +%s%N)
"$BIN" record --client C3 --instrument phq-9 --answers 0,0,0,0,0,0,0,0,0 --session 1 --date 2024-01-05 \
    --data-dir "$DATA" >"$WORK/out" || fail "a plain record failed"
echo "record C3 1 2024-01-05 phq-9 0,0,0,0,0,0,0,0,0 $(awk '/^Saved /{print $2}' "$WORK/out")" >>"$ACKED"
span_us=$(( ($(date +%s%N) - start) / 1000 * 3 / 2 ))
(( span_us < 20000 )) && span_us=20000

random_answers() { # count min max
    local out="" i
    for ((i = 0; i < $1; i++)); do out+="${out:+,}$(($2 + RANDOM % ($3 - $2 + 1)))"; done
    echo "$out"
}

killed=0 acked=0 iteration=0 session=1 corrections=0
while ((killed < KILLS)); do
    iteration=$((iteration + 1))
    client=C$((RANDOM % 2 + 1))
    op=$((RANDOM % 10))
    if ((op < 6)); then
        session=$((session + 1))
        kind=record instrument=phq-9 answers=$(random_answers 9 0 3) day=$(date -d "2024-01-05 + $session days" +%F)
        # The date decides the session (sessions are numbered in date order).
        args=(record --client "$client" --instrument phq-9 --answers "$answers" --date "$day")
        s=$session
    elif ((op < 8)) && [[ -s "$ACKED" ]]; then
        # A correction of an acknowledged record (a new record that supersedes it).
        read -r _ client s day instrument _ _ < <(grep '^record ' "$ACKED" | shuf -n 1)
        kind=correction answers=$(random_answers 9 0 3)
        args=(record --client "$client" --instrument "$instrument" --answers "$answers" --replace --date "$day")
    else
        session=$((session + 1))
        kind=draft instrument=wai-sr answers=$(random_answers 12 1 5 | sed 's/,[0-9]*$/,/') day=-
        args=(debug save-draft --client "$client" --session "$session" --instrument wai-sr --answers "$answers")
        s=$session
    fi
    "$BIN" "${args[@]}" --data-dir "$DATA" >"$WORK/out" 2>"$WORK/err" &
    pid=$!
    delay=$((RANDOM * 32768 + RANDOM))
    delay=$((delay % span_us))
    sleep "$(printf '0.%06d' "$delay")"
    kill -KILL "$pid" 2>/dev/null || true
    rc=0
    { wait "$pid"; } 2>/dev/null || rc=$?
    if ((rc == 137)); then
        killed=$((killed + 1))
    elif ((rc == 0)); then
        acked=$((acked + 1))
        id=$(awk '/^Saved s[0-9]/{print $2}' "$WORK/out")
        if [[ $kind == draft ]]; then id=-; fi
        [[ $kind == correction ]] && corrections=$((corrections + 1))
        echo "$kind $client $s $day $instrument $answers ${id:--}" >>"$ACKED"
    else
        fail "iteration $iteration: ${args[*]} exited $rc: $(cat "$WORK/err")"
    fi
done

# 1. Every file parses; the audit chain is intact (warnings such as leftover temp files are fine).
"$BIN" check --data-dir "$DATA" >"$WORK/check" || { cat "$WORK/check" >&2; fail "rapport check failed"; }
leftovers=$(grep -c 'leftover temporary file' "$WORK/check" || true)

# 2. Every acknowledged record is present with its answers; every acknowledged draft holds its answers.
"$BIN" export --format json --data-dir "$DATA" >"$WORK/export.json" || fail "export failed"
jq -c '.records[] | {id, answers, supersedes}' "$WORK/export.json" | sort >"$WORK/records"
lost=0
while read -r kind client s _ instrument answers id; do
    json_answers="[$(sed -e 's/,,/,null,/g' -e 's/,,/,null,/g' -e 's/,$/,null/' -e 's/^,/null,/' <<<"$answers")]"
    case $kind in
    record | correction)
        # Record ids are per client (two clients may both have s0001-client-phq-9-r00001).
        if ! jq -e --arg id "$id" --arg c "$client" --argjson a "$json_answers" --arg k "$kind" \
            '.records[] | select(.id == $id and .clientId == $c) | select(.answers == $a) | select(($k == "record") or (.supersedes != null))' \
            "$WORK/export.json" >/dev/null; then
            echo "lost: $kind $client session $s ($id)" >&2
            lost=$((lost + 1))
        elif ! grep -q "\"record\":\"$id\"" "$DATA/audit.log" || ! grep "\"record\":\"$id\"" "$DATA/audit.log" | grep -q "\"client\":\"$client\""; then
            echo "not audited: $id" >&2
            lost=$((lost + 1))
        fi
        ;;
    draft)
        file=$(printf '%s/clients/%s/drafts/s%04d-client.json' "$DATA" "$client" "$s")
        if ! jq -e --argjson a "$json_answers" '.answers["wai-sr"] == $a' "$file" >/dev/null 2>&1; then
            echo "lost: draft $client session $s" >&2
            lost=$((lost + 1))
        fi
        ;;
    esac
done <"$ACKED"

# 3. Corrections never overwrite: at most one current record per client, session and instrument.
dups=$(jq -r '[.records[] | select(.supersedes != null) | .clientId + "/" + .supersedes] | group_by(.) | map(select(length > 1)) | length' "$WORK/export.json")
((dups == 0)) || fail "$dups records superseded twice"

# 4. The caseload index after the kills says what a rebuild from the summaries says (never stale).
"$BIN" client list --json --data-dir "$DATA" >"$WORK/list-index.json"
rm -f "$DATA/caseload/index.jsonl"
"$BIN" client list --json --data-dir "$DATA" >"$WORK/list-rebuilt.json"
cmp -s "$WORK/list-index.json" "$WORK/list-rebuilt.json" || fail "client list from the caseload index differs from a rebuilt one"

# 5. The summaries after the kills say what the records say (none stale and trusted): the same list
#    with every summary and the index removed, so that each client is read from its records.
find "$DATA/clients" -name summary.json -delete
rm -f "$DATA/caseload/index.jsonl"
"$BIN" client list --json --data-dir "$DATA" >"$WORK/list-records.json"
cmp -s "$WORK/list-rebuilt.json" "$WORK/list-records.json" || fail "client list from the summaries differs from one read from the records"

records=$(jq '.records | length' "$WORK/export.json")
acked_records=$(grep -c -v '^draft ' "$ACKED" || true)
echo "crash-test: $iteration runs, $killed killed with SIGKILL, $acked acknowledged ($corrections corrections)"
echo "crash-test: $records records on disk ($((records - acked_records)) written by a process killed before it exited), $leftovers leftover temp files (killed mid-write), $lost lost"
((lost == 0)) || fail "$lost acknowledged saves lost"
echo "crash-test: caseload index after the kills = rebuilt index = summaries rebuilt from the records (client list --json identical)"
echo "crash-test: OK"
