#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan, coverage inside tricholog_imaging)
# and runs each for SECONDS (default 300) on a copy of its committed seed corpus
# (fuzz/corpus/<target>/); new inputs go to build/fuzz/corpus/<target>/, crashes to
# build/fuzz/crashes/. Prints executions, coverage and findings per target.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-300}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(image_decode_fuzzer jpeg_decode_fuzzer png_decode_fuzzer webp_decode_fuzzer
           heic_decode_fuzzer exif_fuzzer png_chunks_fuzzer heif_boxes_fuzzer
           url_encoded_fuzzer cookie_fuzzer multipart_fuzzer)
fi
build="$root/build/fuzz"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRICHOLOG_FUZZ=ON -DTRICHOLOG_BUILD_TESTS=OFF -DTRICHOLOG_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" --target "${targets[@]}"
mkdir -p "$build/crashes"
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  cp -n "$root/fuzz/corpus/$target/"* "$corpus/" 2>/dev/null || true
  log="$build/$target.log"
  status=0
  binary="$build/src/imaging/$target"
  [[ -x $binary ]] || binary="$build/src/http/$target"
  "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 "$corpus" >"$log" 2>&1 ||
    status=$?
  execs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -o 'cov: [0-9]*' || echo "cov: ?")
  echo "$target: exit $status, $execs executions, $cov, corpus $(ls "$corpus" | wc -l) files"
  if ((status != 0)); then grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5; fi
done
