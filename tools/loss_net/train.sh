#!/bin/sh
# Reproduces data/models/loss_net.onnx from nothing but random numbers (see README.md).
# Needs Debian's python3-torch, python3-opencv and python3-numpy. CPU only, 2 threads.
#   [HARD_SHARE=0.5] tools/loss_net/train.sh [OUT.onnx] [STEPS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../data/models/loss_net.onnx}
steps=${2:-12000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
# 3000 renders in two shards with fixed seeds (1 and 2; the evaluation sets use 1001-1005
# and 2001-2005, see README.md), rendered side by side; half of them in the hard mode.
hard_share=${HARD_SHARE:-0.5}
OMP_NUM_THREADS=1 "$py" "$here/render.py" "$work/shard1.npz" 1500 1 --hard-share "$hard_share" &
OMP_NUM_THREADS=1 "$py" "$here/render.py" "$work/shard2.npz" 1500 2 --hard-share "$hard_share" &
wait
mkdir -p "$(dirname "$out")"
# glibc would hand each freed batch buffer back to the kernel and fault it in again
MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=4000000000 \
  "$py" "$here/train.py" "$out" "$steps" 7 "$work/shard1.npz" "$work/shard2.npz"
ls -l "$out"
