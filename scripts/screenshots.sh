#!/usr/bin/env bash
# Screenshots of the web app's main pages at 390 px and 1280 px into docs/screenshots/web/,
# from a real `tricholog serve --demo` in Debian's chromium (e2e/screenshots.mjs). Builds the
# ci preset first.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset ci >/dev/null
cmake --build --preset ci --target tricholog
exec node e2e/screenshots.mjs
