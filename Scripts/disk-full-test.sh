#!/usr/bin/env bash
# Disk full and read-only test on a real file system: a 64 KiB tmpfs is filled with records until a
# save fails; the failing save must exit 74 with one line on stderr and leave every file exactly as
# it was. Then the tmpfs is remounted read-only and saves, drafts and exports must fail the same way.
# Needs root (mount); skipped with exit 0 where mounting is not permitted.
#
# Usage: Scripts/disk-full-test.sh [RAPPORT_BINARY=.build/debug/rapport]
set -euo pipefail

BIN=${1:-.build/debug/rapport}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
HERE=$(cd "$(dirname "$0")/.." && pwd)
export RAPPORT_ASSETS=${RAPPORT_ASSETS:-$HERE/assets}
export SWIFT_BACKTRACE=enable=no
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rapport-diskfull.XXXXXX")
MNT=$WORK/mnt
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=64k,mode=0700 tmpfs "$MNT" 2>/dev/null; then
    rmdir "$MNT" "$WORK"
    echo "disk-full-test: skipped (cannot mount a tmpfs here)"
    exit 0
fi
trap 'umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null; rm -rf "$WORK"' EXIT
DATA=$MNT/data
fail() { echo "disk-full-test: FAIL: $*" >&2; exit 1; }
# Every entry with its type and mode, and every file's hash, except the contents of the clients'
# .lock files (the lock and its change counter, bumped before a save starts; not data).
snapshot() { (cd "$DATA" && find . -printf '%p %y %m\n' | sort && find . -type f ! -name .lock -exec sha256sum {} + | sort -k2); }

"$BIN" init --unsealed --data-dir "$DATA" >/dev/null
"$BIN" client add C1 --data-dir "$DATA" >/dev/null

# expect_refused CODE DESCRIPTION ARGS...: the command fails with CODE, one stderr line, nothing changed.
expect_refused() {
    local code=$1 what=$2 rc=0
    shift 2
    snapshot >"$WORK/before"
    "$@" --data-dir "$DATA" >"$WORK/out" 2>"$WORK/err" || rc=$?
    ((rc == code)) || fail "$what: exit $rc, expected $code ($(cat "$WORK/err"))"
    [[ $(wc -l <"$WORK/err") -eq 1 ]] || fail "$what: stderr is not one line: $(cat "$WORK/err")"
    snapshot >"$WORK/after"
    diff -q "$WORK/before" "$WORK/after" >/dev/null || { diff "$WORK/before" "$WORK/after" >&2; fail "$what: the data directory changed"; }
    echo "disk-full-test: $what -> exit $rc: $(cat "$WORK/err")"
}

# Fill the disk.
saved=0 rc=0
for ((s = 1; s <= 200; s++)); do
    snapshot >"$WORK/before"
    rc=0
    "$BIN" record --client C1 --instrument phq-9 --answers 1,2,3,0,1,2,3,0,1 --session "$s" --date "$(date -d "2024-01-05 + $s days" +%F)" \
        --data-dir "$DATA" >"$WORK/out" 2>"$WORK/err" || rc=$?
    ((rc == 0)) || break
    saved=$((saved + 1))
done
((rc != 0)) || fail "the 64 KiB file system never filled up"
((rc == 74)) || fail "a save on a full disk exited $rc, expected 74: $(cat "$WORK/err")"
[[ $(wc -l <"$WORK/err") -eq 1 ]] || fail "stderr is not one line: $(cat "$WORK/err")"
snapshot >"$WORK/after"
diff -q "$WORK/before" "$WORK/after" >/dev/null || { diff "$WORK/before" "$WORK/after" >&2; fail "the failed save changed the data directory"; }
echo "disk-full-test: $saved records fitted; save $s -> exit 74: $(cat "$WORK/err")"

expect_refused 74 "draft save on a full disk" "$BIN" debug save-draft --client C1 --session 999 --instrument wai-sr --answers 1,2,3,4,5,1,2,3,4,5,1,2

# Everything saved before is intact.
"$BIN" check --data-dir "$DATA" >"$WORK/check" || { cat "$WORK/check" >&2; fail "check failed on the full disk"; }
n=$("$BIN" export --format json --data-dir "$DATA" 2>/dev/null | jq '.records | length' || echo 0)
# (export itself may fail to log on a full disk; count the files instead then)
files=$(find "$DATA/clients/C1/records" -name '*.json' | wc -l)
((files == saved)) || fail "$files record files, expected $saved"

# Read-only.
mount -o remount,ro "$MNT"
expect_refused 74 "save on a read-only file system" "$BIN" record --client C1 --instrument gad-7 --answers 1,1,1,1,1,1,1 --session 1 --date 2024-01-06
expect_refused 74 "draft save on a read-only file system" "$BIN" debug save-draft --client C1 --session 998 --instrument wai-sr --answers 1,2,3,4,5,1,2,3,4,5,1,2
expect_refused 74 "client add on a read-only file system" "$BIN" client add C2
expect_refused 74 "export on a read-only file system (cannot be audited)" "$BIN" export --format csv
"$BIN" check --data-dir "$DATA" >/dev/null || fail "check failed on the read-only disk"
mount -o remount,rw "$MNT"
"$BIN" check --data-dir "$DATA" >/dev/null || fail "check failed after remounting"
echo "disk-full-test: OK ($saved records intact, export saw ${n:-0})"
