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
"$root/tools/dev_build.sh" "$cache" "$cache/eval" \
  "$imaging/trichoscopy.h $imaging/shaft_graph.h $imaging/scale_bar.h $imaging/hair_count_net.h" \
  "$root/tools/trichoscopy/eval_trichoscopy.cc" \
  "$imaging"/{trichoscopy,shaft_graph,scale_bar,hair_count_net,model_files,component_mask}.cc \
  "$root/src/core/error.cc"
# the learned counter from data/models unless $TRICHOLOG_HAIR_COUNT_MODEL says otherwise
export TRICHOLOG_DATA_DIR="${TRICHOLOG_DATA_DIR:-$root/data}"
exec "$cache/eval" "$dir" "$@"
