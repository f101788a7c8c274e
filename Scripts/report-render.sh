#!/usr/bin/env bash
# Renders `rapport report` with headless Chromium (PDF on Letter and A4, PNG screenshot) and checks the
# result: Chromium exits 0, the PDF is a PDF with 1–12 pages of the requested size, the PNG is not empty,
# and the HTML loads nothing from outside (no scripts, links or external references).
# Usage: Scripts/report-render.sh path/to/rapport [output-dir]
set -euo pipefail
BIN="$1"
if [ -n "${2:-}" ]; then
  OUT="$2"
  mkdir -p "$OUT"
else
  OUT=$(mktemp -d)
  trap 'rm -rf "$OUT"' EXIT
fi
data="$OUT/data"
rm -rf "$data"
"$BIN" demo --data-dir "$data" --clients 3 --sessions 14 >/dev/null
# The demo is sealed, with accounts: every read signs in as the demo admin.
as_admin() { printf 'demo-admin-passphrase\n' | "$BIN" "$@" --as admin --passphrase-stdin; }
client=$(as_admin client list --data-dir "$data" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["client"])')
fail() { echo "report-render: $*" >&2; exit 1; }
render() { # html pdf
  local html="$1" pdf="$2" log="$2.log"
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf-no-header --print-to-pdf="$pdf" "file://$html" >"$log" 2>&1 \
    || { cat "$log"; fail "chromium failed on $html"; }
  [ -s "$pdf" ] || fail "no PDF from $html"
}
for view in therapist client; do
  html="$OUT/report-$view.html"
  as_admin report --client "$client" --view "$view" --data-dir "$data" --output "$html"
  if grep -qiE '<script|src=|href=|url\(|@import|<link' "$html"; then fail "$view view loads something from outside"; fi
  # Letter (Chromium's default paper) and A4 (the same file with the page size set).
  render "$html" "$OUT/report-$view-letter.pdf"
  sed 's|@page {|@page { size: A4;|' "$html" >"$OUT/report-$view-a4.html"
  render "$OUT/report-$view-a4.html" "$OUT/report-$view-a4.pdf"
  for size in letter a4; do
    info=$(pdfinfo "$OUT/report-$view-$size.pdf")
    pages=$(awk '/^Pages:/ {print $2}' <<<"$info")
    width=$(awk '/^Page size:/ {printf "%d", $3 + 0.5}' <<<"$info")
    want=$([ "$size" = letter ] && echo 612 || echo 595)
    [ $((width - want)) -ge -1 ] && [ $((width - want)) -le 1 ] || fail "$view $size: page width $width pt, expected $want"
    [ "$pages" -ge 1 ] && [ "$pages" -le 12 ] || fail "$view $size: $pages pages"
    echo "$view view, $size: $pages page(s)"
  done
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=800,2400 \
    --screenshot="$OUT/report-$view.png" "file://$html" >"$OUT/report-$view.png.log" 2>&1 || fail "screenshot of $view failed"
  [ "$(stat -c %s "$OUT/report-$view.png")" -gt 20000 ] || fail "screenshot of $view is (nearly) empty"
done
# The client view must be free of therapist-only content.
if grep -q '<td>therapist</td>' "$OUT/report-client.html"; then fail "client view shows therapist ratings"; fi
echo "report render: ok"
