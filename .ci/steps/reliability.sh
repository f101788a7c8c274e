#!/usr/bin/env bash
# CI step (called by .ci/run with the rapport binary): the reliability scripts of issue 7 at CI size.
#   crash test: 40 SIGKILLs (run locally with 200+), concurrency: 2+2 processes × 200 saves,
#   disk full / read-only on a 64 KiB tmpfs (skipped where mount is not permitted).
# About 40 s on 2 cores.
set -euo pipefail
BIN=${1:?usage: .ci/steps/reliability.sh RAPPORT_BINARY}
cd "$(dirname "$0")/../.."
if ! command -v jq >/dev/null 2>&1; then
    echo "== installing: jq"
    apt-get update -qq
    apt-get install -y -qq jq >/dev/null
fi
start=$(date +%s)
Scripts/crash-test.sh "${CRASH_KILLS:-40}" "$BIN"
Scripts/concurrency-test.sh 200 2 "$BIN"
Scripts/disk-full-test.sh "$BIN"
echo "reliability: done in $(($(date +%s) - start)) s"
