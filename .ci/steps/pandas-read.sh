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
# The older plaintext layout: this check writes a notes file by hand (a sealed one cannot be).
"$BIN" demo --unsealed --data-dir "$data" --clients 5 --sessions 6 >/dev/null
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
  # R: rows as in the file; every empty cell is NA (numbers, logicals) or "" (text: read.csv's default);
  # the note's text intact.
  for k in "${files[@]}"; do
    read -r rows empty < <("$VENV/bin/python" -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding="utf-8", newline=""))); print(len(r)-1, sum(v=="" for x in r[1:] for v in x))' "$tmp/$k.csv")
    Rscript -e 'a <- commandArgs(TRUE); d <- read.csv(a[1])
      e <- sum(is.na(d)) + sum(vapply(d, function(x) if (is.character(x)) sum(x == "", na.rm = TRUE) else 0L, 0L))
      if (nrow(d) != as.integer(a[2])) stop(a[3], ": R read ", nrow(d), " rows, the file has ", a[2])
      if (e != as.integer(a[4])) stop(a[3], ": R sees ", e, " missing values, the file has ", a[4], " empty cells")
      if (a[3] == "notes" && d$text[1] != "M\u00fcde, \"sehr\" \u2013 Schlaf") stop("notes: text changed: ", d$text[1])
      cat(a[3], ": R read.csv ", nrow(d), " rows, ", e, " missing\n", sep = "")' \
      "$tmp/$k.csv" "$rows" "$k" "$empty"
  done
else
  echo "R read.csv: skipped (Rscript is not installed)"
fi
echo "csv read-back: ok"
