#!/usr/bin/env bash
# The real-terminal smoke test of the questionnaire screens (see Scripts/tmux-smoke.sh).
set -euo pipefail
exec "$(dirname "$0")/../../Scripts/tmux-smoke.sh" "$1"
