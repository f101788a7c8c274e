#!/usr/bin/env bash
# FHIR export of a demo caseload, validated with fhir.resources (R4B models) and rapport's own
# conformance check (Scripts/fhir_check.py). The virtual environment lives in .build/ (not in git).
set -euo pipefail
BIN="$1"
cd "$(dirname "$0")/../.."
VENV=.build/ci-venv
if ! "$VENV/bin/python" -c 'import fhir.resources.R4B' 2>/dev/null; then
  echo "installing fhir.resources into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check 'fhir.resources==8.3.0'
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BIN" demo --data-dir "$tmp/data" --clients 6 --sessions 6 >/dev/null
# The demo is sealed, with accounts: the exports sign in as the demo admin.
as_admin() { printf 'demo-admin-passphrase\n' | "$BIN" "$@" --as admin --passphrase-stdin; }
as_admin export --format fhir --data-dir "$tmp/data" --output "$tmp/bundle.json"
"$VENV/bin/python" Scripts/fhir_check.py "$tmp/bundle.json" --expect-no-text "https://rapport.example/fhir/CodeSystem/wai-"
as_admin export --format fhir --include-licensed-text --data-dir "$tmp/data" --output "$tmp/bundle-text.json"
"$VENV/bin/python" Scripts/fhir_check.py "$tmp/bundle-text.json"
grep -q '"code":"44249-1"' "$tmp/bundle.json" || { echo "no PHQ-9 LOINC panel code in the bundle"; exit 1; }
echo "fhir export: ok"
