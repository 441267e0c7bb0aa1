#!/usr/bin/env bash
# Builds tools/demo/screenshots.cc against the libraries of a CMake build (default build/ci)
# and writes docs/screenshots/demo/*.png: example demo renders with their true and measured
# masks drawn over them.
#   tools/demo/screenshots.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/ci}"
out="${2:-$root/docs/screenshots/demo}"
exe="${TMPDIR:-/tmp}/tricholog_demo_screenshots"
g++ -std=c++20 -O2 -I"$root/src" -I/usr/include/opencv4 "$root/tools/demo/screenshots.cc" \
  "$build/src/app/libtricholog_app.a" "$build/src/store/libtricholog_store.a" \
  "$build/src/imaging/libtricholog_imaging.a" "$build/src/io/libtricholog_io.a" \
  "$build/src/core/libtricholog_core.a" \
  -lopencv_imgcodecs -lopencv_dnn -lopencv_objdetect -lopencv_photo -lopencv_video \
  -lopencv_imgproc -lopencv_core -lturbojpeg -lspng -lwebp -lexif -lsqlite3 -lpqxx -lpq \
  -lsodium -lfmt -ldl -lpthread -o "$exe"
"$exe" "$out"
