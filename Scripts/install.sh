#!/usr/bin/env bash
# Installs rapport as a user gets it: a release build with the Swift standard library linked
# statically (the usual way to ship a Swift CLI on Linux: no Swift runtime needed on the target),
# plus the instrument files.
#   PREFIX/bin/rapport
#   PREFIX/share/rapport/instruments/*.json   (found by the binary next to its bin/ folder)
#   PREFIX/share/rapport/prompts/*.json       (the therapist prompt library)
#   PREFIX/share/rapport/strings/*.json       (the client-facing text, one file per language)
# Usage: Scripts/install.sh [PREFIX]          (default /usr/local)
#   RAPPORT_INSTALL_BINARY=FILE installs FILE instead of building (the smoke test installs the
#   binary it was given this way, to run it by name from another directory).
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${1:-/usr/local}
if [ -n "${RAPPORT_INSTALL_BINARY:-}" ]; then
    BIN=$RAPPORT_INSTALL_BINARY
else
    swift build -c release --static-swift-stdlib --product rapport
    BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)/rapport"
fi
install -d "$PREFIX/bin" "$PREFIX/share/rapport/instruments" "$PREFIX/share/rapport/prompts" \
    "$PREFIX/share/rapport/strings"
install -m 0755 "$BIN" "$PREFIX/bin/rapport"
install -m 0644 assets/instruments/*.json "$PREFIX/share/rapport/instruments/"
install -m 0644 assets/prompts/*.json "$PREFIX/share/rapport/prompts/"
install -m 0644 assets/strings/*.json "$PREFIX/share/rapport/strings/"
echo "installed $PREFIX/bin/rapport and its assets in $PREFIX/share/rapport (instruments, prompts, strings)"
