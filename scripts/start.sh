#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs Tricholog's main job.
# Until the web server exists that is the CLI on demo data: a demo store (SQLite file plus
# photo blobs: a year of rendered scalp photos, each analysed as it is stored; about a minute)
# under build/demo/, its patient record exported, the dupilumab tracking schedule from today and
# a SALT score against a baseline. The demo prints its demo-only sign-ins (docs/demo.md). Once
# the server exists this becomes `tricholog serve --demo`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake --workflow --preset release

bin=build/release/tricholog
demo=build/demo
db="sqlite:$demo/tricholog.db"
rm -rf "$demo"
mkdir -p "$demo"

echo
echo "== tricholog demo --db $db"
"$bin" demo --db "$db"
echo
echo "== tricholog export --db $db --format json --out $demo/patient.json"
"$bin" export --db "$db" --format json --out "$demo/patient.json"
echo "wrote $demo/patient.json ($(wc -c <"$demo/patient.json") bytes)"
echo
echo "== tricholog store check --db $db"
"$bin" store check --db "$db"
echo
echo "== tricholog protocols list"
"$bin" protocols list
echo
echo "== tricholog schedule --protocol dupilumab --start $(date +%F) --weeks 60"
"$bin" schedule --protocol dupilumab --start "$(date +%F)" --weeks 60
echo
echo "== tricholog score salt --top 60 --back 40 --left 30 --right 20 --baseline 70"
"$bin" score salt --top 60 --back 40 --left 30 --right 20 --baseline 70
echo
echo "Demo store: $db (photos in $demo/tricholog.db.blobs/). Try: $bin --help"
