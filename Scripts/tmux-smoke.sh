#!/usr/bin/env bash
# Real-terminal smoke test of the questionnaire screens (the only test that touches a terminal).
#
# Usage: Scripts/tmux-smoke.sh /path/to/rapport
# Builds nothing. Drives the real binary in a private tmux server: answers a full wai-sr with keys,
# changes one answer on the review screen, submits, and checks the saved record through
# `rapport export --format csv`; checks that a client's `rate` cannot be left without the therapist
# passphrase (q, Ctrl-C, the end of the battery), that "finish later" (f) wipes the screen and the
# scrollback, that a bracketed paste answers nothing, that a binary installed by Scripts/install.sh
# runs by name from another directory; then that SIGTERM and SIGHUP restore the
# terminal and that an unknown or missing TERM gives a one-line error.
# Polls (never fixed sleeps) and exits non-zero on the first failure, printing the pane.
set -euo pipefail
NAME=tmux-smoke
T=smoke:0.0
# shellcheck source=Scripts/lib-tmux.sh
source "$(dirname "$0")/lib-tmux.sh"

expect_restored() {  # expect_restored STATUS WHAT
  local status
  status=$(wait_exit)
  [ "$status" = "$1" ] || fail "$2: exit status $status, expected $1"
  [ "$(tm display -p -t "$T" '#{alternate_on}')" = 0 ] || fail "$2: still in the alternate screen"
}

# A data directory of the older layout (one clinic passphrase, no accounts) and two clients; the
# default (accounts, sealed) is set up on the terminal further down.
echo "smoke passphrase" | "$BIN" init --unsealed --passphrase-stdin --data-dir "$DATA" >/dev/null
"$BIN" client add C1 --therapist "Dr Lee" --battery wai-sr --data-dir "$DATA" >/dev/null
"$BIN" client add C2 --battery gad-7 --data-dir "$DATA" >/dev/null

RATE="$BIN rate --client C1 --data-dir $DATA"
tm -f /dev/null start-server \; set-option -g remain-on-exit on \; \
  set-option -g default-terminal tmux-256color \; \
  new-session -d -s smoke -x 80 -y 24 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
  -e SWIFT_BACKTRACE=interactive=no -e RAPPORT_ASSETS="$RAPPORT_ASSETS" "$RATE"

# Intro, then item 1: ↓ highlights the first option, and the hardware cursor sits on it.
wait_for "Press Enter to begin."
tm send-keys -t "$T" Enter
wait_for "Item 1 of 12 · questionnaire 1 of 1"
tm send-keys -t "$T" Down
wait_for "▸ 1  Seldom"
row=$(tm display -p -t "$T" '#{cursor_y}')
pane | sed -n "$((row + 1))p" | grep -qF "▸ 1  Seldom" || fail "the cursor is not on the highlighted option"

# Twelve answers with digit keys; each moves on to the next item.
answers=(4 5 3 2 4 5 3 4 2 4 5 3)
for i in $(seq 0 11); do
  tm send-keys -t "$T" "${answers[$i]}"
  if [ "$i" -lt 11 ]; then wait_for "Item $((i + 2)) of 12"; fi
done
wait_for "Type an item number to change its answer"
pane | grep -qE "^ +3  I believe Dr Lee likes me\. +3 Fairly often" || fail "review does not show item 3 = 3"

# Change item 3 on the review screen: 3 opens it, 5 chooses and returns to the review.
tm send-keys -t "$T" 3
wait_for "Item 3 of 12"
tm send-keys -t "$T" 5
wait_for "Type an item number to change its answer"
for _ in $(seq 100); do pane | grep -qE "^ +3  I believe Dr Lee likes me\. +5 Always" && break; sleep 0.1; done
pane | grep -qE "^ +3  I believe Dr Lee likes me\. +5 Always" || fail "review does not show the changed answer"

# Submit, thank-you screen (no item text left on screen); Enter leads to the lock, not the shell:
# only the therapist passphrase ends the program.
tm send-keys -t "$T" Enter
wait_for "Thank you. Your answers have been saved."
pane | grep -qF "Dr Lee" && fail "the thank-you screen still shows questionnaire text"
tm send-keys -t "$T" Enter
wait_for "Please hand the terminal back to your therapist."
wait_for "Therapist passphrase:"
tm send-keys -t "$T" q Enter C-c Escape
sleep 0.3
[ "$(tm display -p -t "$T" '#{pane_dead}')" = 0 ] || fail "rate ended without the passphrase after the battery"
tm send-keys -t "$T" "smoke passphrase" Enter
expect_restored 0 "after the battery"

# The saved record: bond = items 3, 5, 7, 9 = 5, 4, 3, 2 → 3.5; total 46/12 = 3.833….
CSV=$("$BIN" export --format csv --data-dir "$DATA")
echo "$CSV" | grep -qE "^C1,1,[0-9-]+,client,wai-sr,1\.0\.0,bond,3\.5," || { echo "$CSV" >&2; fail "bond score not 3.5 in export"; }
echo "$CSV" | grep -qE "^C1,1,[0-9-]+,client,wai-sr,1\.0\.0,total,3\.833" || { echo "$CSV" >&2; fail "total score not 3.833… in export"; }
[ -z "$(ls -A "$DATA/clients/C1/drafts")" ] || fail "the draft was not removed after the battery"

# A client's rate cannot be left without the passphrase: Ctrl-C, Ctrl-Z, Ctrl-\ and q lead to
# the passphrase (a wrong one is refused, Esc goes back to the item); the draft is kept.
tm respawn-pane -k -t "$T" "$BIN rate --client C2 --data-dir $DATA"
wait_for "Press Enter to begin."
tm send-keys -t "$T" Enter
wait_for "Item 1 of 7"
tm send-keys -t "$T" 2
wait_for "Item 2 of 7"
tm send-keys -t "$T" C-z 'C-\'
sleep 0.3
[ "$(tm display -p -t "$T" '#{pane_dead}')" = 0 ] || fail "Ctrl-Z or Ctrl-\\ left the client's rate"
pane | grep -qF "Item 2 of 7" || fail "Ctrl-Z or Ctrl-\\ changed the screen"
tm send-keys -t "$T" C-c
wait_for "Leaving needs the therapist's passphrase"
pane | grep -qF "Not at all" && fail "the passphrase screen shows the questionnaire"
tm send-keys -t "$T" "not it" Enter
wait_for "Wrong passphrase."
[ "$(tm display -p -t "$T" '#{pane_dead}')" = 0 ] || fail "a wrong passphrase left the client's rate"
tm send-keys -t "$T" Escape
wait_for "Item 2 of 7"
tm send-keys -t "$T" q
wait_for "Leaving needs the therapist's passphrase"
tm send-keys -t "$T" "smoke passphrase" Enter
expect_restored 0 "q and the passphrase"
ls "$DATA"/clients/C2/drafts/*.json >/dev/null 2>&1 || fail "leaving lost the draft"

# A bracketed paste answers nothing (the pasted digits are dropped).
tm respawn-pane -k -t "$T" "$BIN rate --client C2 --data-dir $DATA"
wait_for "Item 2 of 7"
tm set-buffer -b pasted "3333333"
tm paste-buffer -p -b pasted -t "$T"
sleep 0.5
pane | grep -qF "Item 2 of 7" || fail "a paste answered items"

# "Finish later" (f): saved, and the screen and its scrollback are wiped at once.
tm send-keys -t "$T" 1
wait_for "Item 3 of 7"
tm send-keys -t "$T" Left
wait_for "Item 2 of 7"
tm send-keys -t "$T" f
wait_for "Your answers so far are saved; you can finish later."
tm capture-pane -p -S - -E - -t "$T" | grep -qE "Not at all|Several days|Nervous|Item [0-9]" \
  && fail "finish later left questionnaire text on the screen or in the scrollback"
[ "$(tm display -p -t "$T" '#{history_size}')" = 0 ] || fail "finish later left scrollback"
tm send-keys -t "$T" "smoke passphrase" Enter
expect_restored 0 "finish later"
ls "$DATA"/clients/C2/drafts/*.json >/dev/null 2>&1 || fail "finish later lost the draft"

# SIGTERM restores the terminal (143); the run resumes at item 3 (items 1 and 2 are in the draft).
tm respawn-pane -k -t "$T" "$BIN rate --client C2 --data-dir $DATA"
wait_for "Item 3 of 7"
kill -TERM "$(tm display -p -t "$T" '#{pane_pid}')"
expect_restored 143 "SIGTERM"

# The therapist's own form is not locked: q quits at once (0).
tm respawn-pane -k -t "$T" "$BIN rate --client C2 --rater therapist --data-dir $DATA"
wait_for "Press Enter to begin."
tm send-keys -t "$T" q
expect_restored 0 "q on the therapist's form"

# SIGHUP (the terminal went away) restores it too (129).
tm respawn-pane -k -t "$T" "$BIN rate --client C2 --data-dir $DATA"
wait_for "Item 3 of 7"
kill -HUP "$(tm display -p -t "$T" '#{pane_pid}')"
expect_restored 129 "SIGHUP"

# An unknown or missing TERM: a one-line error and exit 64, never a busy loop.
tm respawn-pane -k -t "$T" "env TERM=nosuchterm $BIN rate --client C2 --data-dir $DATA"
expect_restored 64 "unknown TERM"
tm capture-pane -p -J -S - -t "$T" | grep -qF "rapport: unknown terminal type 'nosuchterm' (check TERM); use --plain for line prompts" \
  || fail "no one-line error for an unknown TERM"
tm respawn-pane -k -t "$T" "env -u TERM $BIN rate --client C2 --data-dir $DATA"
expect_restored 64 "missing TERM"

# `rapport init` on a terminal makes the admin account of a sealed directory: the passphrase twice,
# without echo (one that is too short is refused at once and asked for again), the recovery key
# shown once; the passphrase is stored nowhere.
tm respawn-pane -k -t "$T" "$BIN init --data-dir $TMPD/data2"
wait_for "Passphrase for the admin account admin (at least 8 characters):"
tm send-keys -t "$T" "short" Enter
wait_for "at least 8 characters; try again"
for _ in $(seq 100); do  # the prompt again (twice on the pane)
  [ "$(pane | grep -cF 'Passphrase for the admin account admin (at least 8 characters):')" -ge 2 ] && break
  sleep 0.1
done
tm send-keys -t "$T" "typed twice here" Enter
wait_for "Type it again:"
tm send-keys -t "$T" "typed twice here" Enter
expect_restored 0 "init"
tm capture-pane -p -S - -t "$T" | grep -qF "typed twice" && fail "the passphrase was echoed"
pane | grep -qF "Recovery key (shown once" || fail "init did not show the recovery key"
grep -qE '"schemaVersion" ?: ?3' "$TMPD/data2/rapport.json" || fail "init did not make a sealed directory"
[ -f "$TMPD/data2/accounts/admin.json" ] || fail "init made no admin account"
grep -rqF "typed twice" "$TMPD/data2" && fail "init stored the passphrase in clear"

# A crash while the full-screen terminal is active: the fixed one-line message, exit 70, and the
# terminal put back (out of the alternate screen, echo on: typed text shows in the shell after).
tm respawn-pane -k -t "$T" "$BIN debug crash --answers 4,5,3 --full-screen --kind segv; if stty -a | grep -qw -- -echo; then echo ECHO-OFF; else echo ECHO-ON; fi"
[ "$(wait_exit)" = 0 ] || fail "after a crash: the shell line did not run"
tm capture-pane -p -J -S - -t "$T" | grep -qF "rapport: internal error: rapport crashed; nothing more is printed" \
  || fail "after a crash: no one-line crash message"
[ "$(tm display -p -t "$T" '#{alternate_on}')" = 0 ] || fail "after a crash: still in the alternate screen"
pane | grep -qF "ECHO-ON" || fail "after a crash: terminal echo was not restored"
tm capture-pane -p -S - -t "$T" | grep -qF "about to crash" && fail "after a crash: the full-screen text was left on the main screen"

# The same crash in the plain kiosk (its signal keys off, echo off as at the passphrase prompt):
# the fixed message, exit 70, and the terminal settings from before (echo and ISIG on).
tm respawn-pane -k -t "$T" "$BIN debug crash --answers 4,5,3 --plain-kiosk --kind segv; s=\$?; stty -a | grep -qw -- -echo && echo ECHO-OFF || echo ECHO-ON; stty -a | grep -qw -- -isig && echo ISIG-OFF || echo ISIG-ON; exit \$s"
[ "$(wait_exit)" = 70 ] || fail "plain crash: not exit 70"
tm capture-pane -p -J -S - -t "$T" | grep -qF "rapport: internal error: rapport crashed; nothing more is printed" \
  || fail "plain crash: no one-line crash message"
pane | grep -qF "ECHO-ON" || fail "plain crash: terminal echo was not restored"
pane | grep -qF "ISIG-ON" || fail "plain crash: the terminal's signal keys were not restored"

# The kiosk's --plain mode: Ctrl-C, Ctrl-Z, Ctrl-\ and Ctrl-D do not end it (no way to the shell),
# the therapist passphrase is read without echo, and the terminal settings come back afterwards.
tm respawn-pane -k -t "$T" "$BIN kiosk --plain --data-dir $DATA; s=\$?; stty -a | grep -qw -- -isig && echo ISIG-OFF || echo ISIG-ON; exit \$s"
wait_for "Type the 6-digit code"
tm send-keys -t "$T" C-c C-z 'C-\' C-d Enter
wait_for "The code has 6 digits"
[ "$(tm display -p -t "$T" '#{pane_dead}')" = 0 ] || fail "kiosk --plain ended on Ctrl-C, Ctrl-Z, Ctrl-\\ or Ctrl-D"
tm send-keys -t "$T" q Enter
wait_for "Therapist passphrase to leave the kiosk"
tm send-keys -t "$T" "smoke passphrase" Enter
expect_restored 0 "kiosk --plain unlock"
tm capture-pane -p -S - -t "$T" | grep -qF "smoke passphrase" && fail "kiosk --plain echoed the passphrase"
pane | grep -qF "ISIG-ON" || fail "kiosk --plain did not give the terminal's signal keys back"

# --plain has the idle timeout too: after --idle seconds without a line, the questionnaire closes
# (answers kept in the draft), and the screen and its scroll-back are cleared.
tm respawn-pane -k -t "$T" "$BIN rate --client C2 --plain --idle 10 --data-dir $DATA"
wait_for "Answer 0–3"
tm send-keys -t "$T" 1 Enter
wait_for "b to go back, f to finish later, ? for commands"
for _ in $(seq 150); do pane | grep -qF "The questionnaire was closed after 10 seconds" && break; sleep 0.1; done
pane | grep -qF "The questionnaire was closed after 10 seconds" || fail "--plain: no idle timeout"
tm capture-pane -p -S - -t "$T" | grep -qF "Nearly every day" && fail "--plain: questionnaire text left after the idle timeout"
# --plain is locked too: Ctrl-C does not end it; the passphrase (not echoed) does.
tm send-keys -t "$T" C-c Enter
sleep 0.3
[ "$(tm display -p -t "$T" '#{pane_dead}')" = 0 ] || fail "--plain: Ctrl-C left the client's rate"
tm send-keys -t "$T" "smoke passphrase" Enter
expect_restored 0 "--plain after the idle timeout"
tm capture-pane -p -S - -t "$T" | grep -qF "smoke passphrase" && fail "--plain rate echoed the passphrase"

# The home menu on a fresh directory sets up the admin account (the passphrase twice, the recovery
# key until Enter, then wiped from the screen and its scroll-back) and opens signed in.
tm respawn-pane -k -t "$T" "$BIN --data-dir $TMPD/fresh"
wait_for "Passphrase for the admin account admin (at least 8 characters):"
tm send-keys -t "$T" "first run passphrase" Enter
wait_for "Type it again:"
tm send-keys -t "$T" "first run passphrase" Enter
wait_for "Press Enter once the recovery key is written down"
key=$(tm capture-pane -p -J -t "$T" | sed -n '/Recovery key (shown once/{n;p;}' | tr -d ' ' | cut -c1-19)
[ -n "$key" ] || fail "home first run: no recovery key shown"
tm send-keys -t "$T" Enter
wait_for "What would you like to do?"
tm send-keys -t "$T" q
expect_restored 0 "home menu first run"
tm capture-pane -p -S - -t "$T" | grep -qF "$key" && fail "home first run: the recovery key stayed on the screen"
tm capture-pane -p -S - -t "$T" | grep -qF "first run passphrase" && fail "home first run: the passphrase was echoed"
grep -qE '"schemaVersion" ?: ?3' "$TMPD/fresh/rapport.json" || fail "home first run did not make a sealed directory"

# An older directory without a passphrase: Kiosk says how to set one, in the menu, without exiting.
"$BIN" init --unsealed --data-dir "$TMPD/data3" </dev/null >/dev/null
tm respawn-pane -k -t "$T" "$BIN --data-dir $TMPD/data3"
wait_for "What would you like to do?"
tm send-keys -t "$T" 2
wait_for "No therapist passphrase is set yet."
[ "$(tm display -p -t "$T" '#{pane_dead}')" = 0 ] || fail "the home menu exited without a passphrase"
tm send-keys -t "$T" q
expect_restored 0 "home menu quit"

# With a passphrase: the kiosk started from the menu returns to the menu when left.
tm respawn-pane -k -t "$T" "$BIN --data-dir $DATA"
wait_for "What would you like to do?"
tm send-keys -t "$T" 2
wait_for "Please type the 6-digit code"
tm send-keys -t "$T" q
wait_for "Therapist passphrase:"
tm send-keys -t "$T" "smoke passphrase" Enter
wait_for "What would you like to do?"
tm send-keys -t "$T" q
expect_restored 0 "home menu after the kiosk"

# At 40×12 the lock screen still asks for the passphrase and "finish later" stays visible.
tm resize-window -t smoke -x 40 -y 12
tm respawn-pane -k -t "$T" "$BIN rate --client C2 --data-dir $DATA"
wait_for "f finish later"
tm send-keys -t "$T" f
wait_for "Therapist passphrase:"
tm capture-pane -p -S - -E - -t "$T" | grep -qE "Not at all|Several days|Item [0-9]" \
  && fail "40x12: finish later left questionnaire text"
tm send-keys -t "$T" "smoke passphrase" Enter
expect_restored 0 "40x12 finish later"

# Installed with Scripts/install.sh into a prefix and run by name (PATH) from another directory,
# without RAPPORT_ASSETS: it finds its instrument files next to its bin/ folder.
PREFIX=$TMPD/prefix
RAPPORT_INSTALL_BINARY=$BIN "$ROOT/Scripts/install.sh" "$PREFIX" >/dev/null
tm resize-window -t smoke -x 80 -y 24
tm respawn-pane -k -t "$T" "cd / && env -u RAPPORT_ASSETS PATH=$PREFIX/bin:/usr/bin:/bin rapport rate --client C2 --data-dir $DATA"
wait_for "Generalized Anxiety Disorder"
tm send-keys -t "$T" q
wait_for "Therapist passphrase:"
tm send-keys -t "$T" "smoke passphrase" Enter
expect_restored 0 "installed binary run by name from /"

echo "tmux-smoke: ok"
