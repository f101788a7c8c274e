#!/usr/bin/env bash
# Real-terminal smoke test of the review screens.
#
# Usage: Scripts/tmux-review-smoke.sh /path/to/rapport
# Builds nothing. Makes a small demo caseload with a passphrase, runs `rapport review` (and
# `review --plain` on TERM=dumb) in a private
# tmux server, unlocks it, opens the first client, switches chart, adds a note (checked in the store
# with `rapport chart --client`), makes a kiosk code, opens a session, goes back with Esc and quits
# with q, after checking that the client view is locked (q, Ctrl-C, Ctrl-Z, Ctrl-\ do not leave it);
# checks the exit status and that the alternate screen is left; then opens the review screens from
# the home menu and comes back to it. Polls, with one fixed wait: the second in which the locked
# client view must not end.
set -euo pipefail
NAME=tmux-review-smoke
T=review:0.0
# shellcheck source=Scripts/lib-tmux.sh
source "$(dirname "$0")/lib-tmux.sh"

# The older layout (one clinic passphrase): these screens are driven with the clinic passphrase.
"$BIN" demo --unsealed --clients 8 --sessions 10 --data-dir "$DATA" >/dev/null
# The unsealed demo sets the documented passphrase "rapport-demo"; changing it needs the current one first.
printf 'rapport-demo\ncorrect horse\n' | "$BIN" init --passphrase-stdin --data-dir "$DATA" >/dev/null

tm -f /dev/null start-server \; set-option -g remain-on-exit on \; \
  set-option -g default-terminal tmux-256color \; \
  new-session -d -s review -x 100 -y 30 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
  -e RAPPORT_ASSETS="$RAPPORT_ASSETS" -e SWIFT_BACKTRACE=interactive=no "$BIN review --data-dir $DATA"

wait_for "Therapist passphrase:"
tm send-keys -t "$T" "wrong pass" Enter
wait_for "Wrong passphrase."
tm send-keys -t "$T" "correct horse" Enter
wait_for "Caseload — 8 clients"
tm capture-pane -p -t "$T" | grep -qP '^\s+D\d{4}\s+\d+\s+\d{4}-\d\d-\d\d' || fail "no caseload rows"

tm send-keys -t "$T" Enter
wait_for "Alerts"
wait_for "WAI-SR — client"
tm capture-pane -p -t "$T" | grep -qP '[\x{2801}-\x{28FF}]{3}' || fail "no braille chart"
CLIENT=$(tm capture-pane -p -t "$T" | head -1 | awk '{print $1}')
tm send-keys -t "$T" Tab
wait_for "client vs therapist"
tm send-keys -t "$T" n
wait_for "Note for session"
tm send-keys -t "$T" "smoke note" Enter
wait_for "Note added to session"
tm send-keys -t "$T" c
wait_for "Kiosk code for $CLIENT:"
tm send-keys -t "$T" Enter
wait_for "◇ smoke note"
tm send-keys -t "$T" Escape
wait_for "Tab chart"
# The client view is locked: q, Ctrl-C, Ctrl-Z and Ctrl-\ neither leave it nor reach a shell; Esc
# then the passphrase does.
tm send-keys -t "$T" v
wait_for "Your progress"
tm send-keys -t "$T" q C-c C-z 'C-\'
sleep 1
[ "$(tm display -p -t "$T" '#{pane_dead}')" = 0 ] || fail "a key left the client view (the process ended)"
tm capture-pane -p -t "$T" | head -1 | grep -qF "Your progress" || fail "a key left the client view"
tm send-keys -t "$T" Escape
wait_for "Therapist passphrase:"
tm send-keys -t "$T" "correct horse" Enter
wait_for "Tab chart"
tm send-keys -t "$T" Escape
wait_for "Caseload — 8 clients"
tm send-keys -t "$T" q
status=$(wait_exit)
[ "$status" = 0 ] || fail "exit status $status"
[ "$(tm display -p -t "$T" '#{alternate_on}')" = 0 ] || fail "alternate screen still on"

"$BIN" chart --client "$CLIENT" --data-dir "$DATA" --width 80 --height 24 | grep -qF "◇ note" \
  || fail "the note is not on the chart"

# From the home menu: 3 opens the review screens; q there goes back to the menu; q quits.
tm respawn-pane -k -t "$T" "$BIN --data-dir $DATA"
wait_for "What would you like to do?"
wait_for "3. Review the caseload and charts"
tm send-keys -t "$T" 3
wait_for "Therapist passphrase:"
tm send-keys -t "$T" "correct horse" Enter
wait_for "Caseload — 8 clients"
tm send-keys -t "$T" q
wait_for "What would you like to do?"
tm send-keys -t "$T" q
status=$(wait_exit)
[ "$status" = 0 ] || fail "home menu exit status $status"

# review --plain on TERM=dumb (the path the TERM=dumb message points to): the passphrase without
# echo, the caseload rows, a client's summary, a session's answers; q quits.
tm respawn-pane -k -t "$T" "env TERM=dumb $BIN review --plain --data-dir $DATA"
wait_for "Therapist passphrase (empty line: quit):"
tm send-keys -t "$T" "correct horse" Enter
wait_for "Type a client's number or id"
tm capture-pane -p -S - -t "$T" | grep -qF "correct horse" && fail "review --plain echoed the passphrase"
tm send-keys -t "$T" 1 Enter
wait_for "Type a session's number"
pane | grep -qF "Alliance: " || fail "review --plain: no chart sentence in the client summary"
tm send-keys -t "$T" 1 Enter
wait_for "b to go back, q to quit:"
tm send-keys -t "$T" q Enter
status=$(wait_exit)
[ "$status" = 0 ] || fail "review --plain exit status $status"

# Without a UTF-8 locale (LANG=C) the screens use ASCII stand-ins: the caseload's dashes and
# arrows, the chart as an ASCII plot with "+" ticks, the key hints; nothing vanishes.
tm respawn-pane -k -t "$T" "env LANG=C LC_ALL=C $BIN review --data-dir $DATA"
wait_for "Therapist passphrase:"
tm send-keys -t "$T" "correct horse" Enter
wait_for "Caseload - 8 clients"
wait_for "^v move  Enter open"
tm send-keys -t "$T" Enter
wait_for "WAI-SR - client"
pane | grep -qE '^ +1 [A-Za-z ]*\+' || fail "LANG=C: no ASCII y axis on the chart"
pane | grep -qP '[^\x00-\x7F]' && fail "LANG=C: a non-ASCII character reached the terminal"
tm send-keys -t "$T" q
status=$(wait_exit)
[ "$status" = 0 ] || fail "LANG=C review exit status $status"

# The default demo (sealed, with accounts): review signs lee in on the terminal (the passphrase
# without echo) and shows lee's caseload only (half of the 8 demo clients).
"$BIN" demo --clients 8 --sessions 6 --data-dir "$TMPD/sealed" >/dev/null
tm respawn-pane -k -t "$T" "$BIN review --data-dir $TMPD/sealed --as lee"
wait_for "Passphrase for lee:"
tm send-keys -t "$T" "demo-lee-passphrase" Enter
wait_for "Caseload — 4 clients"
tm send-keys -t "$T" q
status=$(wait_exit)
[ "$status" = 0 ] || fail "sealed demo review exit status $status"
tm capture-pane -p -S - -t "$T" | grep -qF "demo-lee-passphrase" && fail "review --as echoed the passphrase"
echo "tmux-review-smoke: ok"
