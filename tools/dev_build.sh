#!/usr/bin/env bash
# Builds a development tool from sources of src/ with plain g++ (no CMake). Each object is cached
# in CACHE and rebuilt when its source, or any header in HEADERS (one space-separated word), is
# newer than it. Test sources (*_test.cc) are skipped, so a glob like hair_mask*.cc may be passed.
#   tools/dev_build.sh CACHE OUTPUT "HEADERS" SOURCE...
# $DEV_BUILD_FLAGS (compile) and $DEV_BUILD_LIBS (link) add flags, e.g. defines for module_loader.cc.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$1" output="$2" headers="$3"
shift 3
mkdir -p "$cache"
flags=(-std=c++20 -O2 -DNDEBUG -Wno-deprecated-enum-enum-conversion -I "$root/src"
  $(pkg-config --cflags opencv4) ${DEV_BUILD_FLAGS:-})
objects=()
for f in "$@"; do
  [[ $f == *_test.cc ]] && continue
  o="$cache/$(basename "$f" .cc).o"
  stale=0
  [[ -f $o && $o -nt $f ]] || stale=1
  for h in $headers; do [[ $o -nt $h ]] || stale=1; done
  ((stale)) && g++ "${flags[@]}" -c "$f" -o "$o"
  objects+=("$o")
done
g++ "${objects[@]}" $(pkg-config --libs opencv4) -lfmt -pthread ${DEV_BUILD_LIBS:-} -o "$output"
