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
mkdir -p "$cache"
flags=(-std=c++20 -O2 -DNDEBUG -Wno-deprecated-enum-enum-conversion -I "$root/src"
  $(pkg-config --cflags opencv4))
objects=()
for f in "$root/tools/trichoscopy/eval_trichoscopy.cc" "$root"/src/imaging/{trichoscopy,shaft_graph,scale_bar}.cc \
  "$root/src/core/error.cc"; do
  o="$cache/$(basename "$f" .cc).o"
  newest=$(ls -t "$f" "$root"/src/imaging/{trichoscopy,shaft_graph,scale_bar}.h | head -1)
  [[ -f $o && $o -nt $newest ]] || g++ "${flags[@]}" -c "$f" -o "$o"
  objects+=("$o")
done
g++ "${objects[@]}" $(pkg-config --libs opencv4) -lfmt -pthread -o "$cache/eval"
exec "$cache/eval" "$dir" "$@"
