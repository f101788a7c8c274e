#!/usr/bin/env bash
# Keystroke-to-screen time on a real terminal: runs `rapport-bench keys` (N keys through the app's
# runtime) inside a private tmux pane (so curses draws for real) and prints the figures.
#
# Usage: Scripts/bench-keys.sh /path/to/rapport-bench DATA_DIR CLIENT [KEYS]
# Make a large store first, e.g.: rapport demo --unsealed --clients 1000 --sessions 50 --data-dir /tmp/bench-data
set -euo pipefail
BIN=$(cd "$(dirname "${1:?usage: $0 rapport-bench DATA_DIR CLIENT [KEYS]}")" && pwd)/$(basename "$1")
DATA=${2:?data directory}
CLIENT=${3:?client id}
KEYS=${4:-2000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LC_ALL=C.UTF-8 LANG=C.UTF-8 RAPPORT_ASSETS=${RAPPORT_ASSETS:-$ROOT/assets}
TMPD=$(mktemp -d)
SOCK=$TMPD/tmux.sock
T=bench:0.0
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null || true; rm -rf "$TMPD"' EXIT
tm -f /dev/null start-server \; set-option -g remain-on-exit on \; \
  set-option -g default-terminal tmux-256color \; \
  new-session -d -s bench -x 80 -y 24 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
  -e SWIFT_BACKTRACE=interactive=no -e RAPPORT_ASSETS="$RAPPORT_ASSETS" \
  "$BIN keys $DATA $RAPPORT_ASSETS $CLIENT $KEYS 2>$TMPD/figures"
for _ in $(seq 1200); do
  dead=$(tm display -p -t "$T" '#{pane_dead}')
  status=$(tm display -p -t "$T" '#{pane_dead_status}')
  if [ "$dead" = 1 ] && [ -n "$status" ]; then break; fi
  if [ "$dead" = 1 ]; then kill -CHLD "$(tm display -p '#{pid}')" 2>/dev/null || true; fi
  sleep 0.1
done
cat "$TMPD/figures"
[ "${status:-1}" = 0 ]
