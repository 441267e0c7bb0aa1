#!/usr/bin/env bash
# Runs the whole Tricholog test suite on a fresh Debian 12 machine (as root) or a prepared one:
# installs missing packages, builds the `ci` preset (optimised, assertions and -Werror on),
# starts the services the integration tests need, and runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"

start=$(date +%s)
cmake --preset ci
cmake --build --preset ci
echo "test.sh: build took $(( $(date +%s) - start )) s"

# The PostgreSQL integration tests get a throwaway cluster for the duration of ctest.
scripts/with-postgres.sh ctest --preset ci -j "$(nproc)"

# The hostile-input suite's own summary: how many hostile cases each command was given.
log=build/ci/Testing/Temporary/LastTest.log
if [[ -f $log ]]; then
  awk '/^hostile-input cases per command/{on=1} on&&/^[^ h]/{on=0} on' "$log" | head -40
fi
