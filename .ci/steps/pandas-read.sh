#!/usr/bin/env bash
# Every CSV export (long, items, wide, notes, deidentified, REDCap records) read back without options
# by pandas (Scripts/csv_read_check.py, in the virtual environment .build/ci-venv that
# fhir-validate.sh also uses) and by R's read.csv where Rscript is installed (skipped, said so, if not).
set -euo pipefail
BIN="$1"
cd "$(dirname "$0")/../.."
VENV=.build/ci-venv
if ! "$VENV/bin/python" -c 'import pandas' 2>/dev/null; then
  echo "installing pandas into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check 'pandas==3.1.1'
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data="$tmp/data"
"$BIN" demo --data-dir "$data" --clients 5 --sessions 6 >/dev/null
# A German administration (through import) and a note with commas, quotes and umlauts (notes.json as
# docs/data-format.md describes it; there is no command that writes notes outside the review screens).
printf 'client_id,session_date,instrument,item,answer,language\n' >"$tmp/forms.csv"
for i in 1 2 3 4 5 6 7; do printf 'X1,2026-01-05,gad-7,%s,%s,de\n' "$i" $((i % 4)) >>"$tmp/forms.csv"; done
"$BIN" import --format csv --data-dir "$data" "$tmp/forms.csv" >/dev/null
printf '{"schemaVersion":2,"notes":[{"session":1,"date":"2026-01-05","text":"Müde, \\"sehr\\" – Schlaf","createdAt":"2026-01-05T10:00:00Z"}]}\n' \
  >"$data/clients/X1/notes.json"
export_csv() { "$BIN" export --data-dir "$data" "$@"; }
export_csv --format csv --output "$tmp/long.csv" --notes-output "$tmp/notes.csv"
export_csv --format csv --items --output "$tmp/items.csv"
export_csv --format csv --wide --output "$tmp/wide.csv"
export_csv --format csv --deidentify --output "$tmp/deid-long.csv"
export_csv --format csv --deidentify --wide --output "$tmp/deid-wide.csv"
export_csv --format redcap --output "$tmp/redcap.csv"
grep -q 'Müde' "$tmp/notes.csv" || { echo "the note is not in the notes file"; exit 1; }
files=(long items wide notes deid-long deid-wide redcap)
args=()
for k in "${files[@]}"; do args+=("$k=$tmp/$k.csv"); done
"$VENV/bin/python" Scripts/csv_read_check.py "${args[@]}"
if command -v Rscript >/dev/null 2>&1; then
  for k in "${files[@]}"; do
    rows=$(( $("$VENV/bin/python" -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))))' "$tmp/$k.csv") - 1 ))
    Rscript -e 'a <- commandArgs(TRUE); d <- read.csv(a[1]); stopifnot(nrow(d) == as.integer(a[2])); cat(a[3], ": R read.csv ", nrow(d), " rows\n", sep = "")' \
      "$tmp/$k.csv" "$rows" "$k"
  done
else
  echo "R read.csv: skipped (Rscript is not installed)"
fi
echo "csv read-back: ok"
