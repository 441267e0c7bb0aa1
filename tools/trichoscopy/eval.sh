#!/usr/bin/env bash
# Builds and runs eval_trichoscopy.cc against the current src/imaging trichoscopy sources with plain
# g++ (no CMake; objects cached in $TMPDIR).
#   tools/trichoscopy/eval.sh [DIR] [--part synthetic|real] [--only even|odd] [--threads N]
#                             [--dump OUTDIR] [--quiet]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/../shared/data}"
shift || true
cache="${TMPDIR:-/tmp}/tricholog_trichoscopy_eval"
imaging="$root/src/imaging"
# OpenCV's dnn and photo (the learned counter, inpainting) are a module of the CMake build
# (src/io/module_loader.h): build `tricholog` with the ci preset first, or set $TRICHOLOG_BUILD_DIR.
build="${TRICHOLOG_BUILD_DIR:-$root/build/ci}"
version="$(sed -n 's/^project(tricholog VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
export DEV_BUILD_FLAGS="-DTRICHOLOG_VERSION=\"$version\" -DTRICHOLOG_MODULE_BUILD_DIR=\"$build\""
export DEV_BUILD_LIBS="-ldl"
"$root/tools/dev_build.sh" "$cache" "$cache/eval" \
  "$imaging/trichoscopy.h $imaging/shaft_graph.h $imaging/scale_bar.h $imaging/hair_count_net.h $imaging/analysis_budget.h $imaging/vision.h" \
  "$root/tools/trichoscopy/eval_trichoscopy.cc" \
  "$imaging"/{trichoscopy,shaft_graph,scale_bar,hair_count_net,model_files,component_mask,analysis_budget,vision}.cc \
  "$root/src/io/module_loader.cc" "$root/src/core/error.cc"
# the learned counter from data/models unless $TRICHOLOG_HAIR_COUNT_MODEL says otherwise
export TRICHOLOG_DATA_DIR="${TRICHOLOG_DATA_DIR:-$root/data}"
exec "$cache/eval" "$dir" "$@"
