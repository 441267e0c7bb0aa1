#!/usr/bin/python3
"""Writes a rendered evaluation set of trichoscopy fields in exactly the layout of
../shared/data/synthetic/trichoscopy, so that `tricholog bench imaging ROOT`,
tools/trichoscopy/eval.sh ROOT and measure.py MODEL ROOT take it as they take the shared set.

  export.py ROOT SEEDBASE N [--wide]   ROOT/synthetic/trichoscopy/trichoNNN.{jpg,json}

Field i is drawn by render.render from numpy's generator seeded with (SEEDBASE, i), so a field
does not depend on N, and no field can repeat the training renders (train.sh seeds single
integers: render.py SEED uses default_rng(SEED), a different stream from default_rng([SEED,
i])). Use SEEDBASE 1000 and up for evaluation sets. --wide: the wider variation of
render.py --wide.

Every hair is rooted in the field (render's rim 0), as in the shared set, whose truth lists
the hairs rooted in the field; a hair may leave the field. The JSON has the shared set's keys:
um_per_px, width, height, area_cm2, hair_count, density_per_cm2, vellus_count,
terminal_count, vellus_percent, mean_width_um, vellus_max_um, clipped, yellow_dots,
black_dots, hairs (x, y, angle, length_um, width_um, vellus); and "render" (the mode, the
seed and the JPEG quality), which readers of the shared set ignore.
"""
import json
import os
import sys

import numpy as np

import render as R


def truth_of(info, um, clipped):
    hairs = info["hairs"]
    area_cm2 = R.W * R.H * (um / 1e4) ** 2
    n = len(hairs)
    vellus = sum(1 for h in hairs if h["vellus"])
    return {"um_per_px": um, "width": R.W, "height": R.H, "area_cm2": area_cm2,
            "hair_count": n, "density_per_cm2": n / area_cm2, "vellus_count": vellus,
            "terminal_count": n - vellus, "vellus_percent": 100.0 * vellus / n if n else 0.0,
            "mean_width_um": float(np.mean([h["width_um"] for h in hairs])) if n else 0.0,
            "vellus_max_um": R.VELLUS_MAX_UM, "clipped": bool(clipped),
            "yellow_dots": info["yellow_dots"], "black_dots": info["black_dots"],
            "hairs": hairs}


def main():
    args = sys.argv[1:]
    mode = "wide" if "--wide" in args else "normal"
    args = [a for a in args if a != "--wide"]
    if len(args) != 3:
        sys.exit(__doc__)
    root, seed, n = args[0], int(args[1]), int(args[2])
    out = os.path.join(root, "synthetic", "trichoscopy")
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        rng = np.random.default_rng([seed, i])
        while True:  # a field with no hair rooted in it has no count error to report
            _, _, um, clipped, info = R.render(rng, mode, rim=0)
            if info["hairs"]:
                break
        t = truth_of(info, um, clipped)
        t["render"] = {"mode": mode, "seed": [seed, i], "jpeg_quality": info["quality"]}
        name = os.path.join(out, f"tricho{i:03d}")
        with open(name + ".jpg", "wb") as f:
            f.write(info["jpeg"].tobytes())
        with open(name + ".json", "w") as f:
            json.dump(t, f, indent=1)
        print(f"tricho{i:03d} {mode} {t['hair_count']} hairs, {um:.2f} um/px, "
              f"{'clipped' if clipped else 'long'}, vellus {t['vellus_percent']:.0f} %",
              flush=True)


if __name__ == "__main__":
    main()
