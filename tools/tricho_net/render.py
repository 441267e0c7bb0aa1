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

--wide (issue 18): the variation real dermoscopes and phone clip-on lenses give besides the
default fields, drawn from the same generator: hair from black to white (grey, blond, white
hairs with little contrast on the skin, salt-and-pepper mixtures), skin from very fair to very
dark, more and finer vellus hairs, shafts that fade into the skin at the root, the hairs of a
follicular unit side by side, density 15-600 per cm2, scales down to 2.5 um per pixel (70x),
uneven light (vignetting, a gradient, a hot spot, a dark round aperture), strong colour casts,
blur (sometimes over part of the field only), noise and JPEG quality 70-95. Without --wide the
fields are drawn exactly as before (the same numbers from the same seed).

Usage: render.py OUT.npz COUNT SEED [--wide] [--preview DIR]
"""
import math
import os
import sys

import cv2
import numpy as np

import features

W, H = 1600, 1200
VELLUS_MAX_UM = 40.0  # vellus: shaft narrower than this (TrichoScan; the shared truth files)


def smooth_field(rng, cells_x, cells_y, size):
    grid = rng.random((cells_y, cells_x)).astype(np.float32)
    return cv2.resize(grid, size, interpolation=cv2.INTER_CUBIC)


def skin(rng, w, h, wide=False):
    # base tone from fair pink to deep brown, sometimes reddish (inflamed) or bluish (light)
    light = rng.uniform(0.15, 0.95) if not wide else rng.uniform(0.0, 1.0)
    fair = np.array([rng.uniform(170, 215), rng.uniform(165, 200), rng.uniform(200, 240)])
    deep = np.array([rng.uniform(35, 70), rng.uniform(45, 75), rng.uniform(70, 110)])
    if wide:  # very dark skin too (Fitzpatrick VI reads about 25-40 in a dermoscope's blue)
        deep = deep * rng.uniform(0.55, 1.0)
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
    if rng.random() < (0.5 if not wide else 0.75):
        img = skin_texture(rng, img)
    return img, base.astype(np.float32)


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
    """Yellow dots (a yellow ring, often with a dark plug) and black dots (cadaverized hairs).
    Returns how many of each were drawn."""
    n_yellow = int(rng.integers(0, 7))
    for _ in range(n_yellow):
        c = (int(rng.integers(0, W)), int(rng.integers(0, H)))
        r = max(3, int(rng.uniform(50, 130) / um))
        yellow = (rng.uniform(20, 90), rng.uniform(150, 210), rng.uniform(190, 240))
        cv2.circle(img, c, r, yellow, -1, cv2.LINE_AA)
        if rng.random() < 0.7:
            cv2.circle(img, c, max(2, int(r * rng.uniform(0.3, 0.6))),
                       (rng.uniform(20, 60),) * 3, -1, cv2.LINE_AA)
    n_black = int(rng.integers(0, 6))
    for _ in range(n_black):
        c = (int(rng.integers(0, W)), int(rng.integers(0, H)))
        cv2.circle(img, c, max(2, int(rng.uniform(25, 70) / um)),
                   (rng.uniform(10, 40), rng.uniform(10, 35), rng.uniform(10, 40)), -1,
                   cv2.LINE_AA)
    return n_yellow, n_black


def hair_palette(rng):
    """The field's hair colour (BGR) from black to blond/grey, and a per-field fading."""
    kind = rng.choice(["black", "dark", "brown", "auburn", "blond", "grey"],
                      p=[0.3, 0.25, 0.15, 0.12, 0.1, 0.08])
    return {"black": (22, 20, 24), "dark": (30, 35, 45), "brown": (40, 60, 95),
            "auburn": (40, 70, 130), "blond": (90, 150, 195), "grey": (140, 140, 145)}[kind]


def hair_path(rng, root, angle, length_px):
    """The shaft's centre line from its root, a gentle arc in segments of about 12 px: its
    points and their distances along the shaft."""
    segs = max(2, int(length_px / 12))
    curv = rng.normal(0, 0.4) / max(length_px, 1)  # radians per px: gentle arcs
    t = np.linspace(0, length_px, segs + 1)
    th = angle + curv * t
    dx = np.cos(th[:-1]) * np.diff(t)
    dy = np.sin(th[:-1]) * np.diff(t)
    px = root[0] + np.concatenate([[0], np.cumsum(dx)])
    py = root[1] + np.concatenate([[0], np.cumsum(dy)])
    return px, py, t


def draw_hair(rng, img, root, angle, length_px, width_px, colour, alpha):
    px, py, _ = hair_path(rng, root, angle, length_px)
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


def hair_palette_wide(rng, skin_base):
    """--wide: the field's hair colour (BGR) from black to white, the share of white hairs
    among pigmented ones (salt and pepper), and whether the hair is close to the skin's colour
    (blond on fair skin, grey on grey-lit skin: little contrast)."""
    kind = rng.choice(["black", "dark", "brown", "auburn", "blond", "light blond", "grey",
                       "silver", "white", "like skin"],
                      p=[0.16, 0.12, 0.1, 0.07, 0.1, 0.08, 0.1, 0.08, 0.09, 0.1])
    if kind == "like skin":
        colour = skin_base * rng.uniform(0.7, 1.15, 3)
    else:
        colour = np.array({"black": (22, 20, 24), "dark": (30, 35, 45), "brown": (40, 60, 95),
                           "auburn": (40, 70, 130), "blond": (90, 150, 195),
                           "light blond": (150, 195, 225), "grey": (140, 140, 145),
                           "silver": (190, 190, 195), "white": (228, 230, 232)}[kind])
    white_share = rng.uniform(0.1, 0.7) if kind in ("black", "dark", "brown") and \
        rng.random() < 0.3 else 0.0
    return np.array(colour, np.float32), white_share


def draw_hair_wide(rng, img, root, angle, length_px, width_px, colour, alpha, fade):
    """draw_hair with an opacity that rises from the root over its first `fade` share of the
    length (the shaft leaving the skin at a slant) and a slight taper of cut-off vellus tips;
    drawn as an 8-bit opacity mask (anti-aliased) and blended once."""
    px, py, t = hair_path(rng, root, angle, length_px)
    segs = len(t) - 1
    x0, x1 = int(max(0, px.min() - width_px - 3)), int(min(W, px.max() + width_px + 4))
    y0, y1 = int(max(0, py.min() - width_px - 3)), int(min(H, py.max() + width_px + 4))
    if x1 <= x0 or y1 <= y0:
        return px, py
    roi = img[y0:y1, x0:x1]
    mask = np.zeros(roi.shape[:2], np.uint8)
    shift = 3
    pts = np.round((np.stack([px, py], -1) - [x0, y0]) * (1 << shift)).astype(np.int32)
    thick = max(1, int(round(width_px)))
    if fade <= 0:
        cv2.polylines(mask, [pts], False, 255, thick, cv2.LINE_AA, shift)
    else:
        rise = np.clip(t / max(fade * length_px, 1e-6), 0, 1)
        for i in range(segs - 1, -1, -1):  # the tip first: the root's faint part on top
            a = 0.15 + 0.85 * rise[i + 1]
            cv2.line(mask, tuple(pts[i]), tuple(pts[i + 1]), int(255 * a), thick,
                     cv2.LINE_AA, shift)
    m = (mask.astype(np.float32) * (alpha / 255.0))[..., None]
    roi[:] = roi * (1 - m) + np.array(colour, np.float32) * m
    return px, py


def light_wide(rng, img):
    """--wide: the light of a dermoscope or a phone lens: a colour cast (sometimes changing
    across the field), vignetting up to dark corners, a gradient, a hot spot, and sometimes
    the dark round edge of the lens's aperture."""
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    u, v = (xx - W / 2) / (W / 2), (yy - H / 2) / (H / 2)
    gain = np.ones((H, W), np.float32)
    gain *= 1 - rng.uniform(0, 0.6) * (u * u + v * v) / 2
    d = rng.uniform(0, 2 * math.pi)
    gain *= 1 + rng.uniform(0, 0.35) * (u * math.cos(d) + v * math.sin(d))
    if rng.random() < 0.3:  # a hot spot
        cx, cy, r = rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.6), rng.uniform(0.2, 0.6)
        gain *= 1 + rng.uniform(0.1, 0.4) * np.exp(-((u - cx) ** 2 + (v - cy) ** 2) / (2 * r * r))
    if rng.random() < 0.25:  # the round aperture: dark corners
        rad = np.sqrt(u * u * (W / H) ** 2 + v * v) / (W / H)
        edge = rng.uniform(0.85, 1.15)
        soft = rng.uniform(0.03, 0.12)
        floor = rng.uniform(0.15, 0.4)
        gain *= floor + (1 - floor) / (1 + np.exp((rad - edge) / soft))
    cast = rng.uniform(0.78, 1.22, 3).astype(np.float32)
    img *= gain[..., None] * cast
    if rng.random() < 0.3:  # one channel's gain changes across the field
        c = int(rng.integers(3))
        img[..., c] *= 1 + rng.uniform(-0.2, 0.2) * (u * math.sin(d) - v * math.cos(d))
    return img


def finish_wide(rng, img):
    """--wide: noise (sometimes coloured), blur (sometimes over part of the field: depth of
    field), JPEG quality 70-95."""
    sigma = rng.uniform(1, 10)
    if rng.random() < 0.5:
        noise = rng.normal(0, sigma, img.shape)
    else:
        noise = rng.normal(0, sigma, img.shape[:2])[..., None]
    img = np.clip(img + noise.astype(np.float32), 0, 255).astype(np.uint8)
    if rng.random() < 0.6:
        blurred = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 2.5))
        if rng.random() < 0.5:
            part = np.clip((smooth_field(rng, 3, 2, (W, H)) - 0.3) * 3, 0, 1)[..., None]
            img = (img * (1 - part) + blurred * part).astype(np.uint8)
        else:
            img = blurred
    return img, int(rng.integers(70, 96))


def render(rng, mode="normal", rim=None):
    """One field. mode "wide" draws the wider variation (module docstring); rim 0 roots every
    hair in the field (the exported evaluation sets, whose truth lists the hairs rooted in
    it). Returns the decoded JPEG, the count marks (x, y, weight), um per px, whether clipped,
    and the field's truth (hairs rooted in the field, dots, the JPEG bytes)."""
    wide = mode == "wide"
    um = rng.uniform(3.8, 8.5) if not wide else rng.uniform(2.5, 8.5)
    img, skin_base = skin(rng, W, H, wide)
    n_yellow, n_black = signs(rng, img, um)
    clipped = rng.random() < 0.6
    field_mm2 = W * H * (um / 1000) ** 2
    density = math.exp(rng.uniform(math.log(30), math.log(450)) if not wide else
                       rng.uniform(math.log(15), math.log(600)))  # hairs per cm2
    n = int(rng.poisson(density * field_mm2 / 100))
    vellus_share = rng.uniform(0, 0.6) if rng.random() < 0.8 else 0.0
    if wide and rng.random() < 0.3:  # miniaturised, regrowing hair: mostly vellus
        vellus_share = rng.uniform(0.5, 0.9)
    if not wide:
        base, white_share = np.array(hair_palette(rng), np.float32), 0.0
    else:
        base, white_share = hair_palette_wide(rng, skin_base)
    flow = rng.uniform(0, 2 * math.pi)
    flow_spread = rng.uniform(0.2, 1.2)
    # half the time hairs are rooted only in the field (as in a field whose truth lists the
    # hairs rooted in it), else also round it, crossing in as on a real scalp
    drawn_rim = 0 if rng.random() < 0.5 else 0.15
    rim = drawn_rim if rim is None else rim
    n = int(n * (1 + 2 * rim) ** 2)
    # --wide: the hairs of a unit often leave side by side, nearly parallel
    parallel = wide and rng.random() < 0.6
    fade_share = rng.uniform(0.1, 0.35) if wide and rng.random() < 0.5 else 0.0
    roots = []
    while len(roots) < n:  # follicular units: 1 to 3 hairs from (nearly) one spot
        x, y = rng.uniform(-rim * W, (1 + rim) * W), rng.uniform(-rim * H, (1 + rim) * H)
        k = int(rng.choice([1, 2, 3], p=[0.6, 0.3, 0.1])) if not wide else \
            int(rng.choice([1, 2, 3, 4], p=[0.5, 0.3, 0.15, 0.05]))
        unit = (rng.uniform(0, 2 * math.pi), rng.uniform(0.8, 1.6)) if parallel and k > 1 \
            else None
        for j in range(k):
            if len(roots) < n:
                if unit is None:
                    roots.append((x + rng.normal(0, 3), y + rng.normal(0, 3), None))
                else:  # side by side, a shaft width or so apart across the unit's heading
                    off = (j - (k - 1) / 2) * unit[1] * 80 / um
                    roots.append((x - off * math.sin(unit[0]), y + off * math.cos(unit[0]),
                                  unit[0]))
    order = rng.permutation(len(roots))
    kept, hairs = [], []
    halo = rng.random() < 0.3
    for i in order:
        x, y, unit_angle = roots[i]
        vellus = rng.random() < vellus_share
        w_um = rng.uniform(12, 40) if vellus else rng.uniform(40, 110)
        if wide and vellus:
            w_um = rng.uniform(8, 40)
        if clipped:
            length_um = rng.uniform(300, 1500)
            angle = rng.uniform(0, 2 * math.pi) if rng.random() < 0.6 else \
                flow + rng.normal(0, flow_spread)
        else:
            length_um = rng.uniform(1500, 6000)
            angle = flow + rng.normal(0, flow_spread * 0.5)
        if unit_angle is not None:
            angle = unit_angle + rng.normal(0, 0.12)
        col = base * rng.uniform(0.7, 1.3) + rng.normal(0, 10, 3)
        if wide and white_share and rng.random() < white_share:
            col = np.array([225, 228, 230], np.float32) + rng.normal(0, 8, 3)
        alpha = rng.uniform(0.75, 1.0)
        if vellus:  # pale and see-through
            col = col + (np.array([150, 150, 160]) - col) * rng.uniform(0.2, 0.6)
            alpha = rng.uniform(0.35, 0.75) if not wide else rng.uniform(0.25, 0.75)
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
        if not wide:
            px, py = draw_hair(rng, img, (x, y), angle, length_um / um, w_um / um, col, alpha)
        else:
            px, py = draw_hair_wide(rng, img, (x, y), angle, length_um / um, w_um / um, col,
                                    alpha, fade_share)
        kept += count_marks(px, py)
        if 0 <= x < W and 0 <= y < H:
            hairs.append({"x": float(x), "y": float(y), "angle": float(angle % (2 * math.pi)),
                          "length_um": float(length_um), "width_um": float(w_um),
                          "vellus": bool(w_um < VELLUS_MAX_UM)})
    if wide:
        img = light_wide(rng, img)
        img, quality = finish_wide(rng, img)
    else:
        if rng.random() < 0.4:  # the device's light: a colour cast and darker corners
            img *= rng.uniform(0.8, 1.2, 3).astype(np.float32)
            yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
            r2 = ((xx - W / 2) / (W / 2)) ** 2 + ((yy - H / 2) / (H / 2)) ** 2
            img *= (1 - rng.uniform(0, 0.25) * r2 / 2)[..., None]
        img = img + rng.normal(0, rng.uniform(1, 4), img.shape).astype(np.float32)
        img = np.clip(img, 0, 255).astype(np.uint8)
        if rng.random() < 0.3:
            img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.4, 1.2))
        quality = int(rng.integers(75, 96))
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    truth = {"hairs": hairs, "yellow_dots": n_yellow, "black_dots": n_black, "jpeg": buf,
             "quality": quality}
    return img, np.array(kept, np.float32).reshape(-1, 3), um, clipped, truth


def main():
    args = sys.argv[1:]
    mode = "wide" if "--wide" in args else "normal"
    args = [a for a in args if a != "--wide"]
    out, count, seed = args[0], int(args[1]), int(args[2])
    preview = args[4] if len(args) > 4 and args[3] == "--preview" else None
    rng = np.random.default_rng(seed)
    crops, dens, means = [], [], []
    for i in range(count):
        img, roots, um, clipped, _ = render(rng, mode)
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
