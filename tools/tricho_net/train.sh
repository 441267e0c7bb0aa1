#!/usr/bin/env bash
# Renders the training fields and trains the trichoscopy count net (see README.md).
#   tools/tricho_net/train.sh [OUT.onnx] [STEPS]
# Default: data/models/count_net.onnx, three phases of 3500 steps. Needs Debian's python3-torch,
# python3-opencv and python3-numpy; renders in two processes, trains on two threads.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../data/models/count_net.onnx}"
steps="${2:-3500}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tricho_net.XXXXXX")"
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
echo "rendering 1400 fields in two shards into $work"
"$py" "$here/render.py" "$work/shard1.npz" 700 1 &
"$py" "$here/render.py" "$work/shard2.npz" 700 2 &
wait
# Activations of a batch pass 32 MB, where glibc malloc switches to mmap and every step
# page-faults its buffers afresh (8x slower); keep them on the heap.
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=4000000000
echo "phase 1: from random weights, learning rate 2e-3"
"$py" "$here/train.py" "$work/phase1.onnx" "$steps" 7 "$work/shard1.npz" "$work/shard2.npz"
# Phase 2 restarts the cosine schedule from phase 1's weights at a lower rate with a fresh
# optimizer and another seed (another order of the crops); see README.md for what it gained.
echo "phase 2: from phase 1, learning rate 7e-4"
"$py" "$here/train.py" "$work/phase2.onnx" "$steps" 8 --init "$work/phase1.onnx" --lr 7e-4 \
  "$work/shard1.npz" "$work/shard2.npz"
# Phase 3 feeds the net the field minus its local mean (features.high_pass), as the C++ code
# does: uneven dermoscope lighting no longer reads as hair (see README.md).
echo "phase 3: from phase 2, high-pass input, learning rate 7e-4"
"$py" "$here/train.py" "$out.tmp" "$steps" 9 --init "$work/phase2.onnx" --lr 7e-4 --high-pass \
  "$work/shard1.npz" "$work/shard2.npz"
mv "$out.tmp" "$out"
echo "wrote $out"
