#!/usr/bin/env bash
# Renders the chart examples in docs/screenshots/charts from docs/charts/example-course.json:
# each chart as SVG with `tricholog chart`, then as PNG at 2x with rsvg-convert (librsvg2-bin),
# the same renderer the PDF report uses. Usage: scripts/render-chart-examples.sh [path/to/tricholog]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/ci/tricholog}
out=docs/screenshots/charts
mkdir -p "$out"
render() {  # kind width
  "$bin" chart "$1" --in docs/charts/example-course.json --out "$out/$1-$2.svg" --width "$2" >/dev/null
  rsvg-convert --zoom 2 --format png "$out/$1-$2.svg" --output "$out/$1-$2.png"
}
for width in 360 680 1280; do render salt "$width"; done
for kind in easi itch zones; do render "$kind" 680; done
render zones 360
"$bin" chart salt --in docs/charts/example-course.json --out "$out/salt-680.html" --format html \
  --width 680 >/dev/null
ls -l "$out"
