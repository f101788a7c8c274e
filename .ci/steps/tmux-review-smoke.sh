#!/usr/bin/env bash
# The real-terminal smoke test of the review screens (see Scripts/tmux-review-smoke.sh).
set -euo pipefail
exec "$(dirname "$0")/../../Scripts/tmux-review-smoke.sh" "$1"
