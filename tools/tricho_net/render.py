#!/usr/bin/python3
"""Renders dermoscope-like trichoscopy fields with every hair root known, for the count net.

Everything is drawn from random numbers (no photographs): mottled skin of any tone with
follicular openings and pigment dots, yellow and black dots (alopecia areata signs, not
hairs), and hair shafts as gently curved strokes of constant width, dark terminal hairs and
pale, see-through vellus hairs. A field is either clipped (stubs 0.3-1.5 mm) or long hair
(1.5-6 mm, a common flow direction). Some roots hold two or three hairs (follicular units);
in half the fields hairs rooted round the field also cross into it.
The scale is 4-8 um per pixel at 1600 x 1200, as a dermoscope photo; the net sees the field
resampled to features.UM_PER_PX.

Usage: render.py OUT.npz COUNT SEED [--preview DIR]
"""
import math
import os
import sys

import cv2
import numpy as np

import features

W, H = 1600, 1200


def smooth_field(rng, cells_x, cells_y, size):
    grid = rng.random((cells_y, cells_x)).astype(np.float32)
    return cv2.resize(grid, size, interpolation=cv2.INTER_CUBIC)


def skin(rng, w, h):
    # base tone from fair pink to deep brown, sometimes reddish (inflamed) or bluish (light)
    light = rng.uniform(0.15, 0.95)
    fair = np.array([rng.uniform(170, 215), rng.uniform(165, 200), rng.uniform(200, 240)])
    deep = np.array([rng.uniform(35, 70), rng.uniform(45, 75), rng.uniform(70, 110)])
    base = deep + (fair - deep) * light
    base = base * rng.uniform(0.85, 1.15, 3)
    img = np.zeros((h, w, 3), np.float32) + base.astype(np.float32)
    for cells, amp in ((int(rng.integers(8, 20)), rng.uniform(0.04, 0.14)),
                       (int(rng.integers(30, 70)), rng.uniform(0.02, 0.08))):
        f = smooth_field(rng, cells, max(2, cells * 3 // 4), (w, h)) - 0.5
        img *= (1 + 2 * amp * f)[..., None]
    # small round darker spots (follicular openings, pigment) and a few paler ones
    n_dots = int(rng.integers(0, 500))
    if n_dots:
        layer = img.copy()
        for _ in range(n_dots):
            c = (int(rng.integers(0, w)), int(rng.integers(0, h)))
            r = int(rng.integers(2, 9))
            k = rng.uniform(0.6, 0.92) if rng.random() < 0.85 else rng.uniform(1.05, 1.15)
            cv2.circle(layer, c, r, tuple(float(v) * k for v in base), -1, cv2.LINE_AA)
        a = rng.uniform(0.3, 1.0)
        img = img * (1 - a) + layer * a
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.8, 2.0))
    if rng.random() < 0.5:
        img = skin_texture(rng, img)
    return img


def skin_texture(rng, img):
    """What a real close-up shows besides hair and must not be counted: fine grain, white
    scale flakes, glints, and faint winding creases."""
    h, w = img.shape[:2]
    for cells in (int(rng.integers(80, 200)), int(rng.integers(200, 400))):
        f = smooth_field(rng, cells, cells * h // w, (w, h)) - 0.5
        img *= (1 + 2 * rng.uniform(0.0, 0.1) * f)[..., None]
    # scale: the brightest parts of a blotchy field turned whitish
    f = smooth_field(rng, int(rng.integers(40, 160)), int(rng.integers(30, 120)), (w, h))
    flakes = np.clip((f - rng.uniform(0.6, 0.85)) * 8, 0, 1)[..., None] * rng.uniform(0.2, 0.7)
    img = img * (1 - flakes) + np.float32(rng.uniform(200, 250)) * flakes
    for _ in range(int(rng.integers(0, 300))):  # glints
        c = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        cv2.circle(img, c, int(rng.integers(1, 4)), (245, 245, 250), -1, cv2.LINE_AA)
    for _ in range(int(rng.integers(0, 15))):  # creases: faint, thin and winding
        n = int(rng.integers(8, 30))
        ang = rng.uniform(0, 2 * math.pi) + np.cumsum(rng.normal(0, 0.7, n))
        x = rng.uniform(0, w) + np.cumsum(6 * np.cos(ang))
        y = rng.uniform(0, h) + np.cumsum(6 * np.sin(ang))
        pts = np.round(np.stack([x, y], -1) * 8).astype(np.int32)
        layer = img.copy()
        cv2.polylines(layer, [pts], False, tuple(float(v) for v in img[h // 2, w // 2] * 0.8),
                      int(rng.integers(1, 3)), cv2.LINE_AA, 3)
        a = rng.uniform(0.2, 0.6)
        img = img * (1 - a) + layer * a
    return img


def signs(rng, img, um):
    """Yellow dots (a yellow ring, often with a dark plug) and black dots (cadaverized hairs)."""
    for _ in range(int(rng.integers(0, 7))):
        c = (int(rng.integers(0, W)), int(rng.integers(0, H)))
        r = max(3, int(rng.uniform(50, 130) / um))
        yellow = (rng.uniform(20, 90), rng.uniform(150, 210), rng.uniform(190, 240))
        cv2.circle(img, c, r, yellow, -1, cv2.LINE_AA)
        if rng.random() < 0.7:
            cv2.circle(img, c, max(2, int(r * rng.uniform(0.3, 0.6))),
                       (rng.uniform(20, 60),) * 3, -1, cv2.LINE_AA)
    for _ in range(int(rng.integers(0, 6))):
        c = (int(rng.integers(0, W)), int(rng.integers(0, H)))
        cv2.circle(img, c, max(2, int(rng.uniform(25, 70) / um)),
                   (rng.uniform(10, 40), rng.uniform(10, 35), rng.uniform(10, 40)), -1,
                   cv2.LINE_AA)


def hair_palette(rng):
    """The field's hair colour (BGR) from black to blond/grey, and a per-field fading."""
    kind = rng.choice(["black", "dark", "brown", "auburn", "blond", "grey"],
                      p=[0.3, 0.25, 0.15, 0.12, 0.1, 0.08])
    return {"black": (22, 20, 24), "dark": (30, 35, 45), "brown": (40, 60, 95),
            "auburn": (40, 70, 130), "blond": (90, 150, 195), "grey": (140, 140, 145)}[kind]


def draw_hair(rng, img, root, angle, length_px, width_px, colour, alpha):
    segs = max(2, int(length_px / 12))
    curv = rng.normal(0, 0.4) / max(length_px, 1)  # radians per px: gentle arcs
    t = np.linspace(0, length_px, segs + 1)
    th = angle + curv * t
    dx = np.cos(th[:-1]) * np.diff(t)
    dy = np.sin(th[:-1]) * np.diff(t)
    px = root[0] + np.concatenate([[0], np.cumsum(dx)])
    py = root[1] + np.concatenate([[0], np.cumsum(dy)])
    shift = 3
    pts = np.round(np.stack([px, py], -1) * (1 << shift)).astype(np.int32)
    x0, x1 = int(max(0, px.min() - width_px - 3)), int(min(W, px.max() + width_px + 4))
    y0, y1 = int(max(0, py.min() - width_px - 3)), int(min(H, py.max() + width_px + 4))
    if x1 <= x0 or y1 <= y0:
        return px, py
    roi = img[y0:y1, x0:x1]
    over = roi.copy()
    off = np.array([x0, y0]) * (1 << shift)
    thick = max(1, int(round(width_px)))
    cv2.polylines(over, [pts - off], False, colour, thick, cv2.LINE_AA, shift)
    roi[:] = roi * (1 - alpha) + over * alpha
    return px, py


def count_marks(px, py):
    """The count target of one drawn hair: 0.5 at each end inside the field and 0.5 where
    the shaft crosses the field's edge. Every hair seen in the field, rooted in it or not,
    then sums to 1 (two ends, or one end and one crossing), and each mark is decided by what
    is in view around it. (x, y, weight) rows."""
    inside = (px >= 0) & (px < W) & (py >= 0) & (py < H)
    marks = []
    for i in (0, len(px) - 1):
        if inside[i]:
            marks.append((px[i], py[i], 0.5))
    for i in np.nonzero(inside[1:] != inside[:-1])[0]:
        a, b = (i, i + 1) if inside[i] else (i + 1, i)
        # the last point inside, moved along the segment to the edge
        lo, hi = 0.0, 1.0
        for _ in range(12):
            mid = 0.5 * (lo + hi)
            x = px[a] + (px[b] - px[a]) * mid
            y = py[a] + (py[b] - py[a]) * mid
            lo, hi = (mid, hi) if (0 <= x < W and 0 <= y < H) else (lo, mid)
        x = px[a] + (px[b] - px[a]) * lo
        y = py[a] + (py[b] - py[a]) * lo
        marks.append((min(max(x, 0), W - 1), min(max(y, 0), H - 1), 0.5))
    return marks


def render(rng):
    um = rng.uniform(3.8, 8.5)
    img = skin(rng, W, H)
    signs(rng, img, um)
    clipped = rng.random() < 0.6
    field_mm2 = W * H * (um / 1000) ** 2
    density = math.exp(rng.uniform(math.log(30), math.log(450)))  # hairs per cm2
    n = int(rng.poisson(density * field_mm2 / 100))
    vellus_share = rng.uniform(0, 0.6) if rng.random() < 0.8 else 0.0
    base = np.array(hair_palette(rng), np.float32)
    flow = rng.uniform(0, 2 * math.pi)
    flow_spread = rng.uniform(0.2, 1.2)
    # half the time hairs are rooted only in the field (as in a field whose truth lists the
    # hairs rooted in it), else also round it, crossing in as on a real scalp
    rim = 0 if rng.random() < 0.5 else 0.15
    n = int(n * (1 + 2 * rim) ** 2)
    roots = []
    while len(roots) < n:  # follicular units: 1 to 3 hairs from (nearly) one spot
        x, y = rng.uniform(-rim * W, (1 + rim) * W), rng.uniform(-rim * H, (1 + rim) * H)
        for _ in range(int(rng.choice([1, 2, 3], p=[0.6, 0.3, 0.1]))):
            if len(roots) < n:
                roots.append((x + rng.normal(0, 3), y + rng.normal(0, 3)))
    order = rng.permutation(len(roots))
    kept = []
    halo = rng.random() < 0.3
    for i in order:
        x, y = roots[i]
        vellus = rng.random() < vellus_share
        w_um = rng.uniform(12, 40) if vellus else rng.uniform(40, 110)
        if clipped:
            length_um = rng.uniform(300, 1500)
            angle = rng.uniform(0, 2 * math.pi) if rng.random() < 0.6 else \
                flow + rng.normal(0, flow_spread)
        else:
            length_um = rng.uniform(1500, 6000)
            angle = flow + rng.normal(0, flow_spread * 0.5)
        col = base * rng.uniform(0.7, 1.3) + rng.normal(0, 10, 3)
        alpha = rng.uniform(0.75, 1.0)
        if vellus:  # pale and see-through
            col = col + (np.array([150, 150, 160]) - col) * rng.uniform(0.2, 0.6)
            alpha = rng.uniform(0.35, 0.75)
        col = tuple(float(c) for c in np.clip(col, 0, 255))
        if halo and 0 <= x < W and 0 <= y < H:  # a grey-blue halo round the follicle
            r = int(w_um / um * rng.uniform(1.0, 2.5)) + 2
            x0, y0 = max(0, int(x) - 2 * r), max(0, int(y) - 2 * r)
            roi = img[y0:int(y) + 2 * r + 1, x0:int(x) + 2 * r + 1]
            blob = np.zeros(roi.shape[:2], np.float32)
            cv2.circle(blob, (int(x) - x0, int(y) - y0), r, 1.0, -1, cv2.LINE_AA)
            blob = cv2.GaussianBlur(blob, (0, 0), max(1.0, r / 3))[..., None]
            blob *= rng.uniform(0.1, 0.4)
            roi[:] = roi * (1 - blob) + np.array([150, 120, 110], np.float32) * blob
        px, py = draw_hair(rng, img, (x, y), angle, length_um / um, w_um / um, col, alpha)
        kept += count_marks(px, py)
    if rng.random() < 0.4:  # the device's light: a colour cast and darker corners
        img *= rng.uniform(0.8, 1.2, 3).astype(np.float32)
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        r2 = ((xx - W / 2) / (W / 2)) ** 2 + ((yy - H / 2) / (H / 2)) ** 2
        img *= (1 - rng.uniform(0, 0.25) * r2 / 2)[..., None]
    img = img + rng.normal(0, rng.uniform(1, 4), img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.3:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.4, 1.2))
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(75, 96))])
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return img, np.array(kept, np.float32).reshape(-1, 3), um, clipped


def main():
    out, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    preview = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--preview" else None
    rng = np.random.default_rng(seed)
    crops, dens, means = [], [], []
    for i in range(count):
        img, roots, um, clipped = render(rng)
        small, mean = features.net_input(img, um)
        ends = roots.copy()
        ends[:, :2] *= um / features.UM_PER_PX
        d = features.density_target(ends, small.shape[:2])
        for _ in range(features.CROPS_PER_FIELD):
            x, dc = features.random_crop(rng, small, mean, d)
            crops.append(x)
            dens.append(dc)
            means.append(mean)
        if preview and i < 8:
            os.makedirs(preview, exist_ok=True)
            v = img.copy()
            for (rx, ry, rw) in roots:
                cv2.circle(v, (int(rx), int(ry)), 6, (255, 255, 0), 1)
            n_hairs = int(round(roots[:, 2].sum()))
            cv2.imwrite(f"{preview}/{i:02d}_{'clipped' if clipped else 'long'}_{n_hairs}.jpg",
                        v)
        if (i + 1) % 50 == 0:
            print(f"{out}: {i + 1}/{count} fields", flush=True)
    np.savez_compressed(out, x=np.stack(crops), d=np.stack(dens).astype(np.float16),
                        mean=np.stack(means))


if __name__ == "__main__":
    main()
