#!/bin/sh
# Writes the project's own evaluation sets (see README.md, "Evaluation sets") in the layout of
# ../shared/data/synthetic, so that `tricholog bench imaging ROOT/SPLIT` reads them.
#   tools/loss_net/make_sets.sh ROOT dev    # seeds 1001-1005: for tuning
#   tools/loss_net/make_sets.sh ROOT held   # seeds 2001-2005: for reporting only
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$1
split=$2
case $split in
  dev) base=1000 ;;
  held) base=2000 ;;
  *) echo "split: dev or held" >&2; exit 2 ;;
esac
out=$root/$split/synthetic
py=/usr/bin/python3
export OMP_NUM_THREADS=1
"$py" "$here/export.py" views "$out/scalp-views" 20 $((base + 1))
"$py" "$here/export.py" views "$out/scalp-views-hard" 20 $((base + 2)) --hard
"$py" "$here/export.py" repeats "$out/scalp-repeats" 8 $((base + 3))
"$py" "$here/export.py" repeats "$out/scalp-repeats-hard" 8 $((base + 4)) --hard
"$py" "$here/export.py" density "$out/scalp-density" 4 $((base + 5))
