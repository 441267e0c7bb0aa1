#!/usr/bin/python3
"""Writes rendered evaluation sets in exactly the layout of ../shared/data/synthetic, so that
`tricholog bench imaging` (and the tests' readers) take them as they take the shared sets.

  export.py views   OUT N SEED [--hard]   OUT/caseNNN/{top,back,left,right,front}.jpg,
                                          VIEW.scalp.png, VIEW.loss.png, truth.json;
                                          OUT/index.json (case, salt)
  export.py repeats OUT N SEED [--hard]   OUT/caseNNN/cap0, cap1: one scene, two captures;
                                          OUT/index.json (case, salt_per_capture)
  export.py density OUT N SEED            OUT/caseNNN/level0..level4 (top and back): 40, 55,
                                          70, 85, 100 % of the same strands, nothing else
                                          changed; OUT/index.json (case, levels, coverage)

  --hard: persons, scenes and captures in the hard mode. --scene normal|hard and
  --capture normal|hard set the two parts apart (the same persons and scenes photographed
  in the other mode's conditions: which part breaks a method).

One case is one person (skin, hair colour, length, density, opacity, loss kind) seen from
the five views. Photos are drawn at 1008 x 756 (the analysis scale), resized to 2016 x 1512
(bilinear) and saved as JPEG at the capture's quality; the masks are drawn from the scene at
2016 x 1512, moved by the capture's framing. Each case also gets scene.json (how it was
drawn: mode, loss kind, hair, thin or full, capture settings); truth.json has the shared keys
only. Everything comes from numpy generators seeded with (SEED, case, stream), so a case does
not depend on N, and cases of different SEEDs are unrelated.
"""
import json
import os
import sys

import cv2
import numpy as np

import render as R

FULL = (2 * R.W, 2 * R.H)
SALT_WEIGHTS = {"top": 0.40, "back": 0.24, "left": 0.18, "right": 0.18}
LEVELS = [0.4, 0.55, 0.7, 0.85, 1.0]
PATCH_SHARE = 0.6  # a person with patches shows them in about this share of the views


def rng_for(seed, case, stream):
    return np.random.default_rng([seed, case, stream])


def person_for(seed, case, mode, density=False):
    rng = rng_for(seed, case, 0)
    p = R.make_person(rng, mode)
    if density:  # a series about hair density: a head that has hair to thin out
        while p["kind"] in ("total", "extensive"):
            p["kind"] = str(rng.choice(R.LOSS_KINDS, p=R.LOSS_P))
    p["patch_share"] = 1.0 if density else PATCH_SHARE
    return p


def write_view(out_dir, scene, capture, level=1.0):
    """Photographs the scene and writes VIEW.jpg, VIEW.scalp.png, VIEW.loss.png; returns the
    view's truth."""
    view = scene["view"]
    photo, m, cov = R.shoot(scene, capture, level)
    full = cv2.resize(photo, FULL, interpolation=cv2.INTER_LINEAR)
    cv2.imwrite(os.path.join(out_dir, f"{view}.jpg"), full,
                [cv2.IMWRITE_JPEG_QUALITY, int(capture["quality"])])
    scalp = R.warp_mask(scene["scalp"], m, FULL, 2) > 0.5
    loss = (R.warp_mask(scene["loss"], m, FULL, 2) > 0.5) & scalp
    cv2.imwrite(os.path.join(out_dir, f"{view}.scalp.png"), scalp.astype(np.uint8) * 255)
    cv2.imwrite(os.path.join(out_dir, f"{view}.loss.png"), loss.astype(np.uint8) * 255)
    # mean strand opacity over the scalp, at the drawing scale
    scalp_small = R.warp_mask(scene["scalp"], m) > 0.5
    cov_small = R.warp_mask(cov, m)
    coverage = float(cov_small[scalp_small].mean() * 100) if scalp_small.any() else 0.0
    scalp_px, loss_px = int(scalp.sum()), int(loss.sum())
    person = scene["person"]
    return {"view": view, "width": FULL[0], "height": FULL[1], "scalp_area_px": scalp_px,
            "hair_loss_area_px": loss_px,
            "hair_loss_percent": 100.0 * loss_px / scalp_px if scalp_px else 0.0,
            "hair_coverage_percent": coverage, "hair_color": person["hair_color"],
            "skin_lightness": 100.0 * person["skin_lightness"]}


def salt(views):
    return sum(w * views[v]["hair_loss_percent"] for v, w in SALT_WEIGHTS.items())


def describe(person, captures):
    def plain(x):
        if isinstance(x, np.ndarray):
            return [round(float(v), 4) for v in x.ravel()]
        if isinstance(x, (float, np.floating)):
            return round(float(x), 4)
        if isinstance(x, np.integer):
            return int(x)
        if isinstance(x, np.bool_):
            return bool(x)
        return x
    return {"person": {k: plain(v) for k, v in person.items()},
            "captures": {k: {a: plain(b) for a, b in c.items()} for k, c in captures.items()}}


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)


def export_views(out, n, seed, mode, cap_mode):
    index = []
    for i in range(n):
        case = f"case{i:03d}"
        d = os.path.join(out, case)
        os.makedirs(d, exist_ok=True)
        person = person_for(seed, i, mode)
        views, caps = {}, {}
        for j, view in enumerate(R.VIEWS):
            scene = R.make_scene(rng_for(seed, i, 1 + j), view, person, mode)
            cap = R.make_capture(rng_for(seed, i, 10 + j), cap_mode)
            views[view] = write_view(d, scene, cap)
            caps[view] = cap
        s = salt(views)
        write_json(os.path.join(d, "truth.json"), {"views": views, "salt": s})
        write_json(os.path.join(d, "scene.json"), describe(person, caps))
        index.append({"case": case, "salt": s})
        print(case, f"salt {s:.1f}", person["hair_color"], person["kind"],
              "thin" if person["thin"] else "", flush=True)
    write_json(os.path.join(out, "index.json"), index)


def export_repeats(out, n, seed, mode, cap_mode):
    index = []
    for i in range(n):
        case = f"case{i:03d}"
        person = person_for(seed, i, mode)
        scenes = [R.make_scene(rng_for(seed, i, 1 + j), view, person, mode)
                  for j, view in enumerate(R.VIEWS)]
        salts, caps = [], {}
        for k in range(2):
            d = os.path.join(out, case, f"cap{k}")
            os.makedirs(d, exist_ok=True)
            views = {}
            for j, scene in enumerate(scenes):
                cap = R.make_capture(rng_for(seed, i, 10 + 10 * k + j), cap_mode)
                views[scene["view"]] = write_view(d, scene, cap)
                caps[f"cap{k}/{scene['view']}"] = cap
            salts.append(salt(views))
            write_json(os.path.join(d, "truth.json"), {"views": views, "salt": salts[-1]})
        write_json(os.path.join(out, case, "scene.json"), describe(person, caps))
        index.append({"case": case, "salt_per_capture": salts})
        print(case, "salt", [round(s, 2) for s in salts], person["hair_color"], person["kind"],
              flush=True)
    write_json(os.path.join(out, "index.json"), index)


def export_density(out, n, seed, mode="normal", cap_mode="normal"):
    index = []
    for i in range(n):
        case = f"case{i:03d}"
        person = person_for(seed, i, mode, density=True)
        views = ["top", "back"]
        scenes = [R.make_scene(rng_for(seed, i, 1 + j), v, person, mode)
                  for j, v in enumerate(views)]
        caps = [R.make_capture(rng_for(seed, i, 10 + j), cap_mode) for j in range(len(views))]
        coverage = {v: [] for v in views}
        for k, level in enumerate(LEVELS):
            d = os.path.join(out, case, f"level{k}")
            os.makedirs(d, exist_ok=True)
            truth = {}
            for scene, cap in zip(scenes, caps):
                truth[scene["view"]] = write_view(d, scene, cap, level)
                coverage[scene["view"]].append(truth[scene["view"]]["hair_coverage_percent"])
            write_json(os.path.join(d, "truth.json"), {"density_level": level, "views": truth})
        write_json(os.path.join(out, case, "scene.json"),
                   describe(person, {v: c for v, c in zip(views, caps)}))
        index.append({"case": case, "levels": LEVELS, "coverage": coverage})
        print(case, {v: [round(c, 1) for c in cs] for v, cs in coverage.items()},
              person["hair_color"], person["kind"], flush=True)
    write_json(os.path.join(out, "index.json"), index)


def main():
    args = sys.argv[1:]
    hard = "--hard" in args
    args = [a for a in args if a != "--hard"]
    mode = cap_mode = "hard" if hard else "normal"
    for flag in ("--scene", "--capture"):  # one part hard, the other normal (ablations)
        if flag in args:
            i = args.index(flag)
            if args[i + 1] not in ("normal", "hard"):
                sys.exit(__doc__)
            if flag == "--scene":
                mode = args[i + 1]
            else:
                cap_mode = args[i + 1]
            del args[i:i + 2]
    if len(args) != 4 or args[0] not in ("views", "repeats", "density"):
        sys.exit(__doc__)
    what, out, n, seed = args[0], args[1], int(args[2]), int(args[3])
    os.makedirs(out, exist_ok=True)
    if what == "views":
        export_views(out, n, seed, mode, cap_mode)
    elif what == "repeats":
        export_repeats(out, n, seed, mode, cap_mode)
    else:
        export_density(out, n, seed, mode, cap_mode)


if __name__ == "__main__":
    main()
