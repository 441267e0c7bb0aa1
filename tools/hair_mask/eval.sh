#!/usr/bin/env bash
# Builds and runs eval_figaro.cc against the current src/imaging/hair_mask*.cc (no CMake needed;
# the unchanging objects are cached in $TMPDIR).
#   tools/hair_mask/eval.sh [DIR] [--threads N] [--dump OUTDIR] [--only odd|even|quarter] [--stems A,B]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/../shared/data/real/hair-segmentation}"
shift || true
cache="${TMPDIR:-/tmp}/tricholog_hair_mask_eval"
mkdir -p "$cache"
flags=(-std=c++20 -O2 -DNDEBUG -Wno-deprecated-enum-enum-conversion -I "$root/src"
  $(pkg-config --cflags opencv4))
objects=()
for f in "$root/tools/hair_mask/eval_figaro.cc" "$root"/src/imaging/hair_mask*.cc \
  "$root/src/imaging/mask_metrics.cc" "$root/src/core/error.cc"; do
  [[ $f == *_test.cc ]] && continue
  o="$cache/$(basename "$f" .cc).o"
  [[ $o -nt $f && $o -nt $root/src/imaging/hair_mask.h ]] || g++ "${flags[@]}" -c "$f" -o "$o"
  objects+=("$o")
done
g++ "${objects[@]}" $(pkg-config --libs opencv4) -lfmt -pthread -o "$cache/eval"
exec "$cache/eval" "$dir" "$@"
