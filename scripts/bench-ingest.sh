#!/usr/bin/env bash
# Whole-process figures for photo ingest (issue 16), with public tools only: the number of
# shared libraries the binary loads, the start-up time of `tricholog --version`, one-shot
# `analyze scalp` on a 12-MP JPEG against libjpeg-turbo's `djpeg` on the same file, and a
# decompression bomb (a 60000 x 60000 JPEG header in a 5 KB file) refused: wall time and peak
# memory of the whole process. Medians of RUNS runs, the two commands alternating.
# In-process decode figures are in `tricholog bench imaging` ("speed, 12 MP JPEG" rows).
#   scripts/bench-ingest.sh [BINARY] [RUNS]   (default build/release/tricholog, 11)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
binary="$(realpath "${1:-$root/build/release/tricholog}")"
runs="${2:-11}"
source_jpeg="${SOURCE_JPEG:-$root/../shared/data/synthetic/scalp-views/case000/top.jpg}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A 12-MP JPEG (4032 x 3024) from a 3-MP synthetic scalp photo, and the bomb: a small JPEG
# whose frame header is patched to 60000 x 60000.
djpeg -scale 2/1 -ppm "$source_jpeg" | cjpeg -quality 92 >"$work/photo12.jpg"
djpeg -scale 1/8 -ppm "$source_jpeg" | cjpeg -quality 50 >"$work/small.jpg"
python3 - "$work/small.jpg" "$work/bomb.jpg" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
i = 2
while d[i + 1] != 0xC0:
    i += 2 + ((d[i + 2] << 8) | d[i + 3])
d[i + 5:i + 9] = (60000).to_bytes(2, 'big') * 2
open(sys.argv[2], 'wb').write(d)
PY

now_ms() { echo $(($(date +%s%N) / 1000)); }  # microseconds
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_us() {  # time_us CMD... -> microseconds of one run
  local start end
  start=$(now_ms)
  "$@" >/dev/null 2>&1 || true
  end=$(now_ms)
  echo $((end - start))
}

# The floor for start-up: an empty C++ program linked with exactly the libraries the binary
# names (its DT_NEEDED entries), so the dynamic loader does the same loading and relocation work.
needed=$(readelf -d "$binary" | sed -n 's/.*Shared library: \[lib\(.*\)\.so.*\]/-l:lib\1.so/p' |
         grep -v -e '-l:libc.so' -e '-l:libm.so' -e '-l:libgcc_s.so' -e '-l:libstdc++.so' || true)
echo 'int main() { return 0; }' >"$work/bare.cc"
# shellcheck disable=SC2086
c++ -O2 -o "$work/bare" "$work/bare.cc" -Wl,--no-as-needed $needed

echo "binary: $binary"
echo "shared libraries (ldd): $(ldd "$binary" | wc -l); an empty program with the same: $(ldd "$work/bare" | wc -l)"
for _ in 1 2; do "$binary" --version >/dev/null; "$work/bare"; done
: >"$work/version"
: >"$work/bare.times"
for ((i = 0; i < runs * 3; ++i)); do
  time_us "$binary" --version >>"$work/version"
  time_us "$work/bare" >>"$work/bare.times"
done
v=$(median <"$work/version")
b=$(median <"$work/bare.times")
echo "tricholog --version, median of $((runs * 3)): $(awk -v v="$v" 'BEGIN{printf "%.1f ms", v/1000}')"
echo "empty program with the same libraries, median of $((runs * 3)): $(awk -v b="$b" 'BEGIN{printf "%.1f ms", b/1000}')"
echo "tricholog --version / empty program: $(awk -v v="$v" -v b="$b" 'BEGIN{printf "%.2fx", v/b}')"

: >"$work/analyze"
: >"$work/djpeg"
for ((i = 0; i < runs; ++i)); do
  time_us "$binary" analyze scalp --view top "$work/photo12.jpg" >>"$work/analyze"
  time_us djpeg -outfile /dev/null "$work/photo12.jpg" >>"$work/djpeg"
done
a=$(median <"$work/analyze")
d=$(median <"$work/djpeg")
echo "analyze scalp, 12-MP JPEG, median of $runs: $(awk -v a="$a" 'BEGIN{printf "%.0f ms", a/1000}')"
echo "djpeg, same file, median of $runs: $(awk -v d="$d" 'BEGIN{printf "%.0f ms", d/1000}')"
echo "analyze scalp / djpeg: $(awk -v a="$a" -v d="$d" 'BEGIN{printf "%.2fx", a/d}')"

/usr/bin/time -f "%e %M" -o "$work/bomb.time" "$binary" analyze scalp --view top "$work/bomb.jpg" \
  >/dev/null 2>"$work/bomb.err" || true
read -r seconds kb < <(tail -1 "$work/bomb.time")  # after "Command exited with ..."
echo "bomb ($(stat -c %s "$work/bomb.jpg") bytes, 60000x60000): whole process ${seconds} s," \
  "peak RSS $((kb / 1024)) MB; $(grep -o 'exceeds the limit[^"]*' "$work/bomb.err" | head -1)"
