#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs Tricholog's main job: the web app
# (`tricholog serve --demo`) on an embedded SQLite store with demo data under build/demo/. The
# first start creates the demo (a patient with AA and AD on dupilumab and the physician they share
# with, a year of sessions whose photos are analysed renders), later starts reuse it. It prints
# the URL and the two demo sign-ins, and serves until Ctrl-C. LISTEN=ADDR:PORT to change where.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake --workflow --preset release

bin=build/release/tricholog
demo=build/demo
mkdir -p "$demo"
db="sqlite:$demo/tricholog.db"

echo
echo "== tricholog serve --demo --db $db --listen ${LISTEN:-127.0.0.1:8080}"
exec "$bin" serve --demo --db "$db" --listen "${LISTEN:-127.0.0.1:8080}"
