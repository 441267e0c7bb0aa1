#!/usr/bin/env bash
# Builds and runs eval_figaro.cc against the current src/imaging/hair_mask*.cc (no CMake needed;
# the unchanging objects are cached in $TMPDIR).
#   tools/hair_mask/eval.sh [DIR] [--threads N] [--dump OUTDIR] [--only odd|even|quarter] [--stems A,B]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/../shared/data/real/hair-segmentation}"
shift || true
cache="${TMPDIR:-/tmp}/tricholog_hair_mask_eval"
"$root/tools/dev_build.sh" "$cache" "$cache/eval" "$root/src/imaging/hair_mask.h" \
  "$root/tools/hair_mask/eval_figaro.cc" "$root"/src/imaging/hair_mask*.cc \
  "$root/src/imaging/mask_metrics.cc" "$root/src/imaging/component_mask.cc" "$root/src/core/error.cc"
exec "$cache/eval" "$dir" "$@"
