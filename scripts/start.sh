#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs Tricholog's main job.
# Today that is the CLI on demo data: a dupilumab course's tracking schedule from today and
# a SALT score against a baseline. Once the server exists this becomes `tricholog serve`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake --workflow --preset release

bin=build/release/tricholog
echo
echo "== tricholog protocols list"
"$bin" protocols list
echo
echo "== tricholog schedule --protocol dupilumab --start $(date +%F) --weeks 60"
"$bin" schedule --protocol dupilumab --start "$(date +%F)" --weeks 60
echo
echo "== tricholog score salt --top 60 --back 40 --left 30 --right 20 --baseline 70"
"$bin" score salt --top 60 --back 40 --left 30 --right 20 --baseline 70 --json
