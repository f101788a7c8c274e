# Shared set-up of the tmux smoke tests (sourced, not run). Before sourcing, set NAME (for messages)
# and T (the pane target, e.g. smoke:0.0); pass the rapport binary as the script's $1.
# Gives: BIN (absolute), ROOT, TMPD, SOCK, DATA, and tm, fail, pane, wait_for TEXT, wait_exit.
BIN=${1:?usage: $0 /path/to/rapport}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[ -x "$BIN" ] || { echo "$NAME: $BIN is not executable" >&2; exit 2; }
command -v tmux >/dev/null || { echo "$NAME: tmux is not installed" >&2; exit 2; }
export LC_ALL=C.UTF-8 LANG=C.UTF-8
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export RAPPORT_ASSETS=${RAPPORT_ASSETS:-$ROOT/assets}

TMPD=$(mktemp -d)
SOCK=$TMPD/tmux.sock
DATA=$TMPD/data
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null || true; rm -rf "$TMPD"' EXIT

fail() {
  echo "$NAME: FAIL: $*" >&2
  echo "---- pane ----" >&2
  tm capture-pane -p -t "$T" >&2 2>/dev/null || true
  exit 1
}
pane() { tm capture-pane -p -t "$T"; }
wait_for() {  # wait_for TEXT: poll the pane until TEXT shows (10 s at most)
  for _ in $(seq 100); do
    pane | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  fail "timed out waiting for: $1"
}
wait_exit() {  # prints the exit status once the pane's process is reaped
  for _ in $(seq 100); do
    local dead status
    dead=$(tm display -p -t "$T" '#{pane_dead}')
    status=$(tm display -p -t "$T" '#{pane_dead_status}')
    if [ "$dead" = 1 ] && [ -n "$status" ]; then echo "$status"; return 0; fi
    # Debian's tmux sometimes misses SIGCHLD (tmux/tmux#311): nudge the server.
    if [ "$dead" = 1 ]; then kill -CHLD "$(tm display -p '#{pid}')" 2>/dev/null || true; fi
    sleep 0.1
  done
  fail "the program did not exit"
}
