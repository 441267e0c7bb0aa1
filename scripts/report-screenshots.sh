#!/usr/bin/env bash
# The first two pages of the demo patient's physician report as PNG, into docs/screenshots/report/
# (linked from the README), made from a real `tricholog report` on a fresh demo store and rendered
# by poppler's pdftoppm. Fixed dates, so the pages change only when the report does.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset ci >/dev/null
cmake --build --preset ci --target tricholog
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
build/ci/tricholog demo --db "sqlite:$work/t.db" --start 2025-11-20 >/dev/null
build/ci/tricholog report --db "sqlite:$work/t.db" --to 2026-12-03 --out "$work/report.pdf"
mkdir -p docs/screenshots/report
pdftoppm -r 110 -png -f 1 -l 2 "$work/report.pdf" "$work/page"
for n in 1 2; do
  src=$(ls "$work"/page-*"$n".png | head -1)
  cp "$src" "docs/screenshots/report/page-$n.png"
done
pdffonts "$work/report.pdf"
echo "report-screenshots: wrote docs/screenshots/report/page-1.png and page-2.png"
