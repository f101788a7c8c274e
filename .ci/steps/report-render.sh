#!/usr/bin/env bash
# The printable report in a real browser: headless Chromium renders both views of a demo client to
# PDF (Letter, Chromium's default, and A4) and PNG; each must render, and the page count must be sane.
set -euo pipefail
BIN="$1"
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
  echo "installing chromium and poppler-utils"
  apt-get install -y -qq chromium poppler-utils >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium poppler-utils >/dev/null; }
fi
exec Scripts/report-render.sh "$BIN"
