#!/usr/bin/env bash
# CI step: the tests must pass in a fresh clone with nothing beside it (no ../shared, no untracked
# files). Clones HEAD into an empty temporary folder and runs the instrument tests there (the ones
# that compare item texts with their reference texts). A few minutes on 2 cores (a second debug
# build); a full second `swift test` would cost too much CI time, so every other test target is
# instead checked by a grep for paths that leave the checkout.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)

# 1. No test or test helper names a path beside the checkout.
if grep -rnE '"\.\./shared|shared/reference|deletingLastPathComponent\(\)\.appendingPathComponent\("shared' \
        Tests Sources/TestSupport --include='*.swift'; then
    echo "fresh clone: a test reads a path outside the checkout (above)"; exit 1
fi

# 2. A clone in a folder with nothing beside it.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
git clone -q --no-hardlinks "$PWD" "$TMP/rapport"
if [ -e "$TMP/shared" ]; then echo "fresh clone: $TMP/shared exists"; exit 1; fi
cd "$TMP/rapport"
LOG="$TMP/test.log"
if ! swift test --filter InstrumentsTests >"$LOG" 2>&1; then
    grep -E "✘|error:|Fatal error" "$LOG" | head -n 40 || true
    echo "fresh clone: swift test --filter InstrumentsTests failed"; exit 1
fi
grep -E "Test run with" "$LOG" | tail -n 1
echo "fresh clone: done in $(($(date +%s) - start)) s"
