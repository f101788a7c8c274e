#!/usr/bin/env bash
# The Instruments DocC catalog builds without warnings: every symbol link resolves and the articles
# follow DocC's structure. Symbol graphs come from a separate scratch path so the main build's
# flags stay untouched.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v docc >/dev/null 2>&1; then
    echo "docc not on PATH (it ships with the Swift toolchain)" >&2
    exit 1
fi
graphs=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$graphs" "$out"' EXIT
swift build --scratch-path .build/docc --target Instruments \
    -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$graphs" 2>&1 | tail -n 1
docc convert Sources/Instruments/Instruments.docc --additional-symbol-graph-dir "$graphs" \
    --fallback-display-name Instruments --fallback-bundle-identifier rapport.Instruments \
    --output-path "$out" --analyze --warnings-as-errors
echo "docc: Instruments catalog builds without warnings"
