#!/usr/bin/python3
"""Renders synthetic scalp views with an exact hair-loss mask, for training the loss net.

Everything is drawn from random numbers (no photographs): a head ellipse with a neck on a
smooth colourful background, mottled skin, a scalp region per view (the templates of
src/imaging/scalp_segmentation.cc DrawScalpRegion, with the hairline varied per render),
thousands of thin strands rooted inside the scalp minus the loss patches and flowing down
(back, sides, front) or out from a whorl (top), and alopecia areata loss patterns.

Images are drawn at the analysis scale of a 2016x1512 photo (1008x756, what the C++ code
decodes a 12-MP JPEG to) and passed through JPEG. The net's inputs are computed from them
exactly as the C++ code does (features.py).

Usage: render.py OUT.npz COUNT SEED [--preview DIR]
"""
import math
import os
import sys

import cv2
import numpy as np

import features

W, H = 1008, 756
VIEWS = ["top", "back", "left", "right", "front"]
HAIR_COLOURS = {  # BGR
    "black": (25, 22, 20), "dark_brown": (30, 45, 70), "brown": (45, 75, 115),
    "auburn": (40, 60, 140), "blond": (110, 175, 215), "gray": (150, 150, 150),
    "white": (225, 228, 230),
}


def smooth_field(rng, cells_x, cells_y, channels, size=(W, H)):
    grid = rng.random((cells_y, cells_x, channels)).astype(np.float32)
    out = cv2.resize(grid, size, interpolation=cv2.INTER_CUBIC)
    if channels == 1:
        out = out[..., None]
    return out


def background(rng):
    cells = int(rng.integers(2, 6))
    small = (W // 8, H // 8)
    field = smooth_field(rng, cells + 1, cells, 3, small)
    lo, hi = rng.uniform(0, 120), rng.uniform(150, 255)
    bg = cv2.GaussianBlur(lo + (hi - lo) * field, (0, 0), rng.uniform(25, 60) / 8)
    return cv2.resize(bg, (W, H), interpolation=cv2.INTER_LINEAR)


def skin_colour(rng):
    lightness = rng.uniform(0.12, 0.95)  # deep .. very fair
    fair = np.array([180, 200, 235], np.float32)
    deep = np.array([35, 50, 85], np.float32)
    base = deep + (fair - deep) * lightness
    base *= rng.uniform(0.9, 1.1, 3).astype(np.float32)  # tint
    return np.clip(base, 10, 250)


def scalp_template(view, u, v, p):
    r2 = u * u + v * v
    rad = p["radius"]
    if view == "top":
        return ((u / (0.84 * p["scale"])) ** 2 + (v / (0.83 * p["scale"])) ** 2 <= 1) & (
            v <= 0.70 + p["shift"])
    if view == "back":
        return (r2 <= rad * rad) & (v <= 0.54 + p["shift"] + p["wave"])
    if view == "front":
        return (r2 <= rad * rad) & (v <= -0.264 + p["shift"] + p["curve"] * u * u + p["wave"])
    s = u if view == "left" else -u
    du, dv = s - 0.937, v - 0.011
    return ((r2 <= rad * rad) & (v <= 0.029 + p["shift"] - p["slope"] * s + p["wave"]) &
            (du * du + dv * dv >= p["ear"] ** 2))


def loss_pattern(rng, view, u, v, scalp):
    """Boolean loss mask (before intersecting with the scalp) and its kind."""
    kind = rng.choice(["none", "patches", "ophiasis", "extensive", "total", "patches+ophiasis"],
                      p=[0.2, 0.42, 0.1, 0.12, 0.06, 0.1])
    loss = np.zeros(u.shape, bool)
    ys, xs = np.nonzero(scalp)
    if len(xs) == 0:
        return loss, "none"
    noise = smooth_field(rng, 12, 9, 1)[..., 0] - 0.5

    def patch(n_lo, n_hi, r_lo, r_hi):
        out = np.zeros(u.shape, bool)
        for _ in range(int(rng.integers(n_lo, n_hi + 1))):
            i = int(rng.integers(len(xs)))
            cu, cv = u[ys[i], xs[i]], v[ys[i], xs[i]]
            ra = rng.uniform(r_lo, r_hi)
            rb = ra * rng.uniform(0.55, 1.0)
            th = rng.uniform(0, math.pi)
            du, dv = u - cu, v - cv
            a = du * math.cos(th) + dv * math.sin(th)
            b = -du * math.sin(th) + dv * math.cos(th)
            d = (a / ra) ** 2 + (b / rb) ** 2
            out |= d + 0.6 * noise * rng.uniform(0, 1) <= 1
        return out

    if kind in ("patches", "patches+ophiasis"):
        small = rng.random() < 0.4
        loss |= patch(1, 6 if small else 4, 0.04, 0.12 if small else 0.3)
    if kind in ("ophiasis", "patches+ophiasis"):
        if view == "top":
            loss |= patch(1, 3, 0.08, 0.25)
        else:
            # a band along the lower margin of the scalp: pixels within `width` of its bottom
            width = rng.uniform(0.08, 0.35)
            col_bottom = np.where(scalp.any(0), H - 1 - np.argmax(scalp[::-1], 0), -1)
            rows = np.arange(H)[:, None]
            ry = (v[1, 0] - v[0, 0])  # v per pixel row
            band = rows >= col_bottom[None, :] - (width + 0.05 * noise) / ry
            loss |= band
    if kind == "extensive":
        keep = patch(1, 5, 0.08, 0.3)
        loss = ~keep
    if kind == "total":
        loss[:] = True
    return loss, str(kind)


def draw_strands(rng, img, view, head, rooted, n_strands, colour, length, curl, alpha):
    """Draws `n_strands` strands rooted at random pixels of `rooted`, flowing with the view."""
    cx, cy, rx, ry = head
    ys, xs = np.nonzero(rooted)
    if len(xs) == 0 or n_strands <= 0:
        return
    idx = rng.integers(0, len(xs), n_strands)
    x0 = xs[idx] + rng.random(n_strands)
    y0 = ys[idx] + rng.random(n_strands)
    u, v = (x0 - cx) / rx, (y0 - cy) / ry
    if view == "top":  # radiating from a whorl near the crown, with a swirl
        wu, wv, swirl = rng.normal(0, 0.15), rng.normal(-0.1, 0.15), rng.normal(0, 0.4)
        ang = np.arctan2(v - wv, u - wu) + swirl
    else:  # hanging down, a little outwards
        ang = math.pi / 2 - rng.uniform(0, 0.6) * u
    ang = ang + rng.normal(0, 0.45, n_strands)
    r_mean = 0.5 * (rx + ry)
    lengths = length * r_mean * rng.uniform(0.4, 1.3, n_strands)
    segs = int(np.clip(length * r_mean / 6, 3, 24))
    step = (lengths / segs)[:, None]
    bend = (rng.normal(0, curl, n_strands) / segs)[:, None]
    turn = np.cumsum(bend + rng.normal(0, 0.08, (n_strands, segs)), 1) + ang[:, None]
    px = np.concatenate([x0[:, None], x0[:, None] + np.cumsum(step * np.cos(turn), 1)], 1)
    py = np.concatenate([y0[:, None], y0[:, None] + np.cumsum(step * np.sin(turn), 1)], 1)
    shift = 3
    pts = np.round(np.stack([px, py], -1) * (1 << shift)).astype(np.int32)
    groups = rng.integers(0, 12, n_strands)
    for g in range(12):
        sel = pts[groups == g]
        if len(sel) == 0:
            continue
        col = np.clip(np.array(colour, np.float32) * rng.uniform(0.75, 1.25) +
                      rng.normal(0, 12, 3), 0, 255)
        thick = 1
        overlay = img.copy()
        cv2.polylines(overlay, list(sel), False, tuple(float(c) for c in col), thick,
                      cv2.LINE_AA, shift)
        a = float(np.clip(alpha * rng.uniform(0.8, 1.1), 0, 1))
        cv2.addWeighted(overlay, a, img, 1 - a, 0, img)


def render(rng, view=None):
    view = view or VIEWS[int(rng.integers(len(VIEWS)))]
    img = background(rng)
    # head
    if view == "top":
        ry = rng.uniform(0.33, 0.46) * H
        cx, cy = W * rng.uniform(0.45, 0.55), H * rng.uniform(0.45, 0.55)
    else:
        ry = rng.uniform(0.28, 0.42) * H
        cx, cy = W * rng.uniform(0.43, 0.57), H * rng.uniform(0.36, 0.5)
    rx = ry * rng.uniform(0.85, 1.12)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    u = (xx + 0.5 - cx) / rx
    v = (yy + 0.5 - cy) / ry
    head = (u * u + v * v) <= 1
    body = head.copy()
    if view != "top":
        neck_w = rx * rng.uniform(0.45, 0.65)
        neck_cx = cx + (rx * rng.uniform(-0.1, 0.1))
        body |= (np.abs(xx - neck_cx) <= neck_w) & (yy >= cy)
    skin = skin_colour(rng)
    mott = smooth_field(rng, int(rng.integers(25, 60)), int(rng.integers(20, 45)), 3)
    mott = cv2.GaussianBlur(mott, (0, 0), rng.uniform(2, 6)) - 0.5
    amp = rng.uniform(0.04, 0.16)
    shade = 1 - rng.uniform(0, 0.15) * np.clip(u * u + v * v, 0, 1)[..., None]
    skin_img = skin[None, None, :] * (1 + amp * mott[..., :1] * 2 + 0.3 * amp * mott) * shade
    # a soft edge
    alpha = cv2.GaussianBlur(body.astype(np.float32), (0, 0), 1.2)[..., None]
    img = img * (1 - alpha) + skin_img * alpha
    img = np.clip(img, 0, 255).astype(np.uint8)

    params = {"radius": rng.uniform(0.84, 0.92), "scale": rng.uniform(0.95, 1.04),
              "shift": rng.normal(0, 0.05), "curve": rng.uniform(0.15, 0.38),
              "slope": rng.uniform(0.22, 0.39), "ear": rng.uniform(0.56, 0.67)}
    if view == "front":
        params["shift"] = rng.uniform(-0.12, 0.12)
    params["wave"] = 0.04 * (smooth_field(rng, 5, 1, 1)[..., 0][0:1, :] - 0.5) * rng.uniform(0, 1)
    params["wave"] = np.repeat(params["wave"], H, 0)
    scalp = scalp_template(view, u, v, params)
    loss_raw, kind = loss_pattern(rng, view, u, v, scalp)
    loss = loss_raw & scalp
    rooted = scalp & ~loss
    # hair
    colour_name = list(HAIR_COLOURS)[int(rng.integers(len(HAIR_COLOURS)))]
    colour = HAIR_COLOURS[colour_name]
    length = float(np.exp(rng.uniform(math.log(0.04), math.log(0.45))))
    density = float(np.exp(rng.uniform(math.log(0.012), math.log(0.08))))  # per rooted px
    n = int(density * rooted.sum() * min(1.0, 0.1 / length + 0.3))
    n = min(n, 40000)
    curl = rng.uniform(0.2, 1.5)
    a = rng.uniform(0.6, 1.0)
    draw_strands(rng, img, view, (cx, cy, rx, ry), rooted, n, colour, length, curl, a)
    # sparse regrowth / vellus hairs inside patches sometimes
    if loss.any() and rng.random() < 0.25:
        draw_strands(rng, img, view, (cx, cy, rx, ry), loss,
                     int(loss.sum() * rng.uniform(0.0002, 0.001)), colour, 0.03, 0.5, 0.35)
    if rng.random() < 0.3:  # a slightly soft photo now and then
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 0.6))
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(80, 96))])
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    jitter = (cx + rng.normal(0, 0.015) * rx, cy + rng.normal(0, 0.015) * ry,
              rx * (1 + rng.normal(0, 0.02)), ry * (1 + rng.normal(0, 0.02)))
    return img, scalp, loss, view, jitter, kind, params


def main():
    out, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    preview = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--preview" else None
    rng = np.random.default_rng(seed)
    xs, ys, ws = [], [], []
    for i in range(count):
        img, scalp, loss, view, head, kind, params = render(rng)
        # the scalp the C++ code would draw from its (slightly wrong) head ellipse
        ju = (np.mgrid[0:H, 0:W][1] + 0.5 - head[0]) / head[2]
        jv = (np.mgrid[0:H, 0:W][0] + 0.5 - head[1]) / head[3]
        base = {"radius": 0.88, "scale": 1.0, "shift": params["shift"] if view == "front" else 0,
                "curve": 0.265, "slope": 0.305, "ear": 0.616, "wave": 0}
        work_scalp = scalp_template(view, ju, jv, base)
        x = features.base_input(img, work_scalp.astype(np.uint8) * 255)
        xs.append(x)
        ys.append(cv2.resize(loss.astype(np.float32), features.NET_SIZE,
                             interpolation=cv2.INTER_AREA))
        ws.append(cv2.resize(scalp.astype(np.float32), features.NET_SIZE,
                             interpolation=cv2.INTER_AREA))
        if preview and i < 12:
            os.makedirs(preview, exist_ok=True)
            ov = img.copy()
            ov[scalp & ~loss] = (ov[scalp & ~loss] * 0.6 + np.array([0, 100, 0])).astype(np.uint8)
            ov[loss] = (0, 0, 255)
            cv2.imwrite(f"{preview}/{i:02d}_{view}_{kind}.png",
                        np.hstack([img, ov])[::2, ::2])
    np.savez_compressed(out, x=np.stack(xs), y=np.stack(ys).astype(np.float16),
                        scalp=np.stack(ws).astype(np.float16))


if __name__ == "__main__":
    main()
