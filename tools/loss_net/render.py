#!/usr/bin/python3
"""Renders synthetic scalp views with an exact hair-loss mask, for training the loss net and
for the project's own evaluation sets (export.py).

Everything is drawn from random numbers (no photographs). A render is a *scene* photographed
by a *capture*:

  person  what one patient brings to every view: skin, hair colour (black to white, browns,
          auburn, blond, grey, white and salt-and-pepper mixes, with a tint), hair length,
          density, opacity, curl, the kind of alopecia areata; a full head of hair or thin,
          diffuse hair over visible skin (which is not loss).
  scene   one view of that person: a head ellipse with a neck on a smooth colourful
          background, mottled skin, the scalp region (the templates of
          src/imaging/scalp_segmentation.cc DrawScalpRegion, with the hairline varied), loss
          patches of that kind, and thousands of thin strands rooted in the scalp minus the
          loss, flowing down (back, sides, front) or out from a whorl (top), short to long
          (long ones lie over patches). Deterministic from the random numbers it is given, so
          one scene can be photographed twice, or drawn with a share of its strands.
  capture what changes between photos taken minutes apart: framing (shift, scale, tilt),
          light (a linear gradient from one side, as from a window, and a radial falloff),
          exposure, white balance, focus blur, sensor noise and JPEG quality.

Two modes: "normal", close to the views the net was first trained on, and "hard", with what
phone photos at home bring (stronger light gradients, colour casts, blur, noise, JPEG quality
down to 70, longer strands, more grey, white and blond hair, more thin hair).

Images are drawn at the analysis scale of a 2016x1512 photo (1008x756, what the C++ code
decodes a 12-MP JPEG to). The ground truth is where strands are rooted: scalp pixels with no
strand rooted in them are loss, whatever lies over them.

Usage: render.py OUT.npz COUNT SEED [--hard-share F] [--preview DIR]
  writes COUNT training renders (the net's input channels 0-4, the loss and scalp masks, at
  the net's size); a share F of them (default 0.5) in the hard mode.
"""
import math
import os
import sys

import cv2
import numpy as np

import features

W, H = 1008, 756
VIEWS = ["top", "back", "left", "right", "front"]
LOSS_KINDS = ["none", "patches", "ophiasis", "extensive", "total", "patches+ophiasis"]
LOSS_P = [0.2, 0.42, 0.1, 0.12, 0.06, 0.1]
PIGMENT_GROUPS = 10  # strand colour layers of pigmented hair
WHITE_GROUPS = 6     # ... and of white hair (salt and pepper, grey, white)

# pigmented hair along its lightness (0 black .. 1 platinum), RGB
_PIGMENT_L = np.array([0.0, 0.2, 0.4, 0.6, 0.8, 1.0], np.float32)
_PIGMENT_RGB = np.array([[20, 18, 17], [58, 40, 29], [108, 72, 46], [152, 112, 72],
                         [202, 162, 108], [236, 218, 176]], np.float32)


def smooth_field(rng, cells_x, cells_y, channels, size=(W, H)):
    grid = rng.random((cells_y, cells_x, channels)).astype(np.float32)
    out = cv2.resize(grid, size, interpolation=cv2.INTER_CUBIC)
    if channels == 1:
        out = out[..., None]
    return out


def log_uniform(rng, lo, hi):
    return float(np.exp(rng.uniform(math.log(lo), math.log(hi))))


def background(rng):
    cells = int(rng.integers(2, 6))
    small = (W // 8, H // 8)
    field = smooth_field(rng, cells + 1, cells, 3, small)
    lo, hi = rng.uniform(0, 120), rng.uniform(150, 255)
    bg = cv2.GaussianBlur(lo + (hi - lo) * field, (0, 0), rng.uniform(25, 60) / 8)
    return cv2.resize(bg, (W, H), interpolation=cv2.INTER_LINEAR)


def skin_colour(rng, lightness):
    fair = np.array([180, 200, 235], np.float32)
    deep = np.array([35, 50, 85], np.float32)
    base = deep + (fair - deep) * lightness
    base *= rng.uniform(0.9, 1.1, 3).astype(np.float32)  # tint
    return np.clip(base, 10, 250)


def pigment_bgr(lightness, red):
    rgb = np.array([np.interp(lightness, _PIGMENT_L, _PIGMENT_RGB[:, c]) for c in range(3)],
                   np.float32)
    rgb *= np.array([1 + 0.55 * red, 1 - 0.12 * red, 1 - 0.4 * red], np.float32)
    return np.clip(rgb[::-1], 8, 250)


def hair_colour(rng, hard):
    """Continuous hair colour: a pigmented colour, a white/grey colour and the share of white
    strands (0 = all pigmented, 1 = all grey or white), with a tint. Returns (pigment BGR,
    white BGR, white share, name)."""
    tint = rng.uniform(0.93, 1.07, 3).astype(np.float32)
    # pigmented: lightness and redness (auburn / red now and then)
    if hard:
        lightness = float(rng.uniform(0, 1) ** 0.6)  # more blond
    else:
        lightness = float(rng.uniform(0, 0.92))
    red = float(rng.uniform(0.45, 1.0)) if rng.random() < 0.18 else float(rng.uniform(0, 0.2))
    pig = np.clip(pigment_bgr(lightness, red) * tint, 5, 250)
    grey_level = float(rng.uniform(115, 238))
    white = np.clip(np.array([grey_level] * 3, np.float32) * rng.uniform(0.96, 1.04, 3) * tint,
                    5, 250)
    u = rng.random()
    p_grey, p_mix = (0.3, 0.15) if hard else (0.25, 0.1)
    if u < p_grey:
        share = 1.0
        name = "white" if grey_level > 200 else "gray"
    elif u < p_grey + p_mix:
        share = float(rng.uniform(0.15, 0.85))
        name = "salt_and_pepper"
    else:
        share = 0.0
        if lightness < 0.12:
            name = "black"
        elif red > 0.45 and lightness < 0.75:
            name = "auburn"
        elif lightness < 0.3:
            name = "dark_brown"
        elif lightness < 0.62:
            name = "brown"
        else:
            name = "blond"
    return pig, white, share, name


def make_person(rng, mode="normal"):
    """What one patient brings to every view."""
    hard = mode == "hard"
    p = {"mode": mode}
    p["skin_lightness"] = float(rng.uniform(0.12, 0.95))  # deep .. very fair
    p["skin"] = skin_colour(rng, p["skin_lightness"])
    p["pigment"], p["white"], p["white_share"], p["hair_color"] = hair_colour(rng, hard)
    p["thin"] = bool(rng.random() < (0.3 if hard else 0.06))
    if p["thin"]:  # thin, diffuse hair over visible skin: fine, sparse, faint; not loss
        # Still a head of hair that can be seen (the shared hard views with hair cover 23 % of
        # the scalp or more): sparser and fainter than full hair, never invisible.
        p["density"] = log_uniform(rng, 0.008, 0.02)
        p["alpha"] = float(rng.uniform(0.45, 0.75))
        p["length"] = log_uniform(rng, 0.1, 0.55 if hard else 0.35)
    else:
        p["density"] = log_uniform(rng, 0.012, 0.08)  # strands per rooted pixel
        p["alpha"] = float(rng.uniform(0.6, 1.0))
        p["length"] = log_uniform(rng, 0.04, 0.65 if hard else 0.45)  # x head radius
    p["curl"] = float(rng.uniform(0.2, 1.5))
    p["kind"] = str(rng.choice(LOSS_KINDS, p=LOSS_P))
    p["regrowth"] = bool(rng.random() < 0.25)
    return p


def scalp_template(view, u, v, p):
    r2 = u * u + v * v
    rad = p["radius"]
    if view == "top":
        return ((u / (p["top_u"] * p["scale"])) ** 2 + (v / (p["top_v"] * p["scale"])) ** 2
                <= 1) & (v <= 0.70 + p["shift"])
    if view == "back":
        return (r2 <= rad * rad) & (v <= 0.54 + p["shift"] + p["wave"])
    if view == "front":
        return (r2 <= rad * rad) & (v <= -0.264 + p["shift"] + p["curve"] * u * u + p["wave"])
    s = u if view == "left" else -u
    du, dv = s - 0.937, v - 0.011
    return ((r2 <= rad * rad) & (v <= 0.029 + p["shift"] - p["slope"] * s + p["wave"]) &
            (du * du + dv * dv >= p["ear"] ** 2))


def loss_pattern(rng, view, u, v, scalp, kind, patch_here=True):
    """Boolean loss mask (before intersecting with the scalp) for a loss of `kind` seen from
    `view`. `patch_here` False: this view shows none of the person's patches."""
    loss = np.zeros(u.shape, bool)
    ys, xs = np.nonzero(scalp)
    if len(xs) == 0:
        return loss
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

    if kind in ("patches", "patches+ophiasis") and patch_here:
        small = rng.random() < 0.4
        loss |= patch(1, 6 if small else 4, 0.04, 0.12 if small else 0.3)
    if kind in ("ophiasis", "patches+ophiasis"):
        if view == "top":
            if patch_here:
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
    return loss


def make_strands(rng, view, head, rooted, n_strands, length, curl, groups):
    """Strand polylines (fixed-point, shift 3) rooted at random pixels of `rooted`, flowing
    with the view, each with a colour group from `groups` (an array of group ids to draw
    from) and a key in [0, 1): a render at density level L draws the strands with key < L."""
    cx, cy, rx, ry = head
    ys, xs = np.nonzero(rooted)
    if len(xs) == 0 or n_strands <= 0:
        return None
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
    pts = np.round(np.stack([px, py], -1) * 8).astype(np.int32)
    return {"pts": pts, "group": groups[rng.integers(0, len(groups), n_strands)],
            "key": rng.random(n_strands)}


def make_scene(rng, view=None, person=None, mode="normal"):
    """One view of one person, everything but the strands' pixels decided here."""
    person = person or make_person(rng, mode)
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
    skin = person["skin"]
    mott = smooth_field(rng, int(rng.integers(25, 60)), int(rng.integers(20, 45)), 3)
    mott = cv2.GaussianBlur(mott, (0, 0), rng.uniform(2, 6)) - 0.5
    amp = rng.uniform(0.04, 0.16)
    shade = 1 - rng.uniform(0, 0.15) * np.clip(u * u + v * v, 0, 1)[..., None]
    skin_img = skin[None, None, :] * (1 + amp * mott[..., :1] * 2 + 0.3 * amp * mott) * shade
    # a soft edge
    alpha = cv2.GaussianBlur(body.astype(np.float32), (0, 0), 1.2)[..., None]
    img = img * (1 - alpha) + skin_img * alpha
    img = np.clip(img, 0, 255).astype(np.uint8)

    # the hair-bearing scalp reaches (nearly) the head's outline above the hairline: no bare
    # ring of skin around the crown
    params = {"radius": rng.uniform(0.95, 1.0), "scale": rng.uniform(0.96, 1.04),
              "top_u": rng.uniform(0.93, 0.97), "top_v": rng.uniform(0.92, 0.96),
              "shift": rng.normal(0, 0.05), "curve": rng.uniform(0.15, 0.38),
              "slope": rng.uniform(0.22, 0.39), "ear": rng.uniform(0.56, 0.67)}
    if view == "front":
        params["shift"] = rng.uniform(-0.12, 0.12)
    params["wave"] = 0.04 * (smooth_field(rng, 5, 1, 1)[..., 0][0:1, :] - 0.5) * rng.uniform(0, 1)
    params["wave"] = np.repeat(params["wave"], H, 0)
    scalp = scalp_template(view, u, v, params)
    kind = person["kind"]
    patch_here = rng.random() < person.get("patch_share", 1.0)
    loss = loss_pattern(rng, view, u, v, scalp, kind, patch_here) & scalp
    rooted = scalp & ~loss
    # hair: pigmented and white groups in the person's share
    share = person["white_share"]
    length = person["length"]
    n = int(person["density"] * rooted.sum() * min(1.0, 0.1 / length + 0.3))
    n = min(n, 40000)
    n_white = int(round(n * share))
    hg = (cx, cy, rx, ry)
    layers = []
    if n - n_white > 0:
        layers.append(make_strands(rng, view, hg, rooted, n - n_white, length, person["curl"],
                                   np.arange(PIGMENT_GROUPS)))
    if n_white > 0:
        layers.append(make_strands(rng, view, hg, rooted, n_white, length, person["curl"],
                                   np.arange(PIGMENT_GROUPS, PIGMENT_GROUPS + WHITE_GROUPS)))
    groups = []
    for g in range(PIGMENT_GROUPS + WHITE_GROUPS):
        base = person["pigment"] if g < PIGMENT_GROUPS else person["white"]
        col = np.clip(np.array(base, np.float32) * rng.uniform(0.75, 1.25) +
                      rng.normal(0, 12, 3), 0, 255)
        a = float(np.clip(person["alpha"] * rng.uniform(0.8, 1.1), 0, 1))
        groups.append((col, a))
    # sparse regrowth / vellus hairs inside patches sometimes (drawn at every density level)
    regrowth = None
    if loss.any() and person["regrowth"]:
        regrowth = make_strands(rng, view, hg, loss,
                                int(loss.sum() * rng.uniform(0.0002, 0.001)), 0.03, 0.5,
                                np.array([0]))
        if regrowth is not None:
            regrowth["alpha"] = 0.35
            regrowth["white"] = bool(rng.random() < max(0.3, share))
    layers = [l for l in layers if l is not None]
    order = rng.permutation(PIGMENT_GROUPS + WHITE_GROUPS)  # white and pigmented interleaved
    return {"order": order, "view": view, "person": person, "base": img, "head": hg, "scalp": scalp,
            "loss": loss, "kind": kind, "params": params, "layers": layers, "groups": groups,
            "regrowth": regrowth}


def _paint(img, cov, pts, col, a, box):
    x0, y0, x1, y1 = box
    m = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.polylines(m, list(pts - np.array([x0 * 8, y0 * 8], np.int32)), False, 255, 1,
                  cv2.LINE_AA, 3)
    am = (a / 255.0) * m.astype(np.float32)
    roi = img[y0:y1, x0:x1]
    roi += (np.asarray(col, np.float32) - roi) * am[..., None]
    c = cov[y0:y1, x0:x1]
    c += (1 - c) * am


def paint(scene, level=1.0):
    """The scene's pixels with the strands of key < `level` drawn: (float32 BGR image,
    float32 strand opacity map 0..1)."""
    img = scene["base"].astype(np.float32)
    cov = np.zeros((H, W), np.float32)
    allp = [l["pts"] for l in scene["layers"]]
    if scene["regrowth"] is not None:
        allp.append(scene["regrowth"]["pts"])
    if allp:
        p = np.concatenate([q.reshape(-1, 2) for q in allp]) >> 3
        box = (max(0, int(p[:, 0].min()) - 2), max(0, int(p[:, 1].min()) - 2),
               min(W, int(p[:, 0].max()) + 3), min(H, int(p[:, 1].max()) + 3))
        if box[2] > box[0] and box[3] > box[1]:
            for g in scene["order"]:
                col, a = scene["groups"][g]
                sel = [l["pts"][(l["group"] == g) & (l["key"] < level)] for l in scene["layers"]]
                sel = np.concatenate(sel) if sel else np.zeros((0, 2, 2), np.int32)
                if len(sel):
                    _paint(img, cov, sel, col, a, box)
            r = scene["regrowth"]
            if r is not None and len(r["pts"]):
                # regrowth in a patch is often white at first
                col = scene["groups"][PIGMENT_GROUPS if r["white"] else 0][0]
                _paint(img, cov, r["pts"], col, r["alpha"], box)
    return img, cov


def make_capture(rng, mode="normal"):
    """What changes between two photos of the same scene taken minutes apart."""
    hard = mode == "hard"
    c = {"mode": mode}
    c["shift"] = rng.uniform(-0.03, 0.03, 2)  # of the frame
    c["scale"] = 1 + float(rng.uniform(-0.04, 0.04))
    c["tilt"] = float(rng.uniform(-3, 3))  # degrees
    c["light_angle"] = float(rng.uniform(0, 2 * math.pi))
    # ratio of the brightest to the darkest side of the head, as from a window
    c["light_ratio"] = log_uniform(rng, 1.15, 2.0) if hard else log_uniform(rng, 1.0, 1.15)
    c["falloff"] = float(rng.uniform(0.05, 0.3) if hard else rng.uniform(0, 0.1))
    c["falloff_centre"] = rng.normal(0, 0.3, 2)  # head radii from the head centre
    c["exposure"] = float(rng.uniform(0.85, 1.15) if hard else rng.uniform(0.93, 1.07))
    c["wb"] = rng.uniform(0.75, 1.3, 3) if hard else rng.uniform(0.93, 1.07, 3)  # B, G, R gains
    if hard:
        c["blur"] = float(rng.uniform(0, 1.5))
    else:
        c["blur"] = float(rng.uniform(0.3, 0.6)) if rng.random() < 0.3 else 0.0
    c["noise"] = float(rng.uniform(0, 8) if hard else rng.uniform(0, 2))
    c["noise_seed"] = int(rng.integers(0, 2**31 - 1))
    c["quality"] = int(rng.integers(70, 96) if hard else rng.integers(80, 96))
    return c


def framing_matrix(capture):
    """2x3 affine from scene pixels to photo pixels (both at W x H)."""
    m = cv2.getRotationMatrix2D((W / 2, H / 2), capture["tilt"], capture["scale"])
    m[0, 2] += capture["shift"][0] * W
    m[1, 2] += capture["shift"][1] * H
    return m


def shoot(scene, capture, level=1.0):
    """Photographs the scene: (8-bit BGR photo at W x H before JPEG, framing matrix, the
    strand opacity map in scene coordinates)."""
    img, cov = paint(scene, level)
    cx, cy, rx, ry = scene["head"]
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    u, v = (xx + 0.5 - cx) / rx, (yy + 0.5 - cy) / ry
    # light: a gradient across the head with the given ratio, and a radial falloff
    t = 0.5 * (u * math.cos(capture["light_angle"]) + v * math.sin(capture["light_angle"]))
    gain = np.exp(math.log(capture["light_ratio"]) * t)
    fu, fv = capture["falloff_centre"]
    gain *= 1 - capture["falloff"] * np.clip(((u - fu) ** 2 + (v - fv) ** 2) / 4, 0, 1)
    gain *= capture["exposure"]
    img *= gain[..., None]
    img = cv2.warpAffine(img, framing_matrix(capture), (W, H), flags=cv2.INTER_CUBIC,
                         borderMode=cv2.BORDER_REFLECT)
    img *= np.asarray(capture["wb"], np.float32)[None, None, :]
    if capture["blur"] > 0.05:
        img = cv2.GaussianBlur(img, (0, 0), capture["blur"])
    if capture["noise"] > 0:
        nrng = np.random.default_rng(capture["noise_seed"])
        img += nrng.normal(0, capture["noise"], img.shape).astype(np.float32)
    return np.clip(img + 0.5, 0, 255).astype(np.uint8), framing_matrix(capture), cov


def jpeg(img, quality):
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    return buf


def warp_mask(mask, m, size=(W, H), factor=1):
    """Moves a scene-coordinate mask (bool or 0..1 float) into the photo, at `factor` times
    the scene's size: float result (bilinear)."""
    mm = m.copy()
    if factor != 1:  # pixel centres: x_out + 0.5 = factor * (x + 0.5)
        mm = mm * factor
        mm[:, 2] += 0.5 * (factor - 1)
    return cv2.warpAffine(mask.astype(np.float32), mm, size, flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def render(rng, view=None, mode=None, hard_share=0.5):
    """One training render: (photo after JPEG at W x H, scalp mask, loss mask, view, the
    head ellipse as FindHead would find it (slightly wrong), loss kind, scalp params)."""
    if mode is None:
        mode = "hard" if rng.random() < hard_share else "normal"
    scene = make_scene(rng, view, None, mode)
    capture = make_capture(rng, mode)
    img, m, _ = shoot(scene, capture)
    img = cv2.imdecode(jpeg(img, capture["quality"]), cv2.IMREAD_COLOR)
    scalp = warp_mask(scene["scalp"], m) > 0.5
    loss = (warp_mask(scene["loss"], m) > 0.5) & scalp
    cx, cy, rx, ry = scene["head"]
    hx, hy = m @ np.array([cx, cy, 1.0])
    s = capture["scale"] * (1 + min(0.1, 0.25 * scene["person"]["length"]))
    jitter = (hx + rng.normal(0, 0.015) * rx * s, hy + rng.normal(0, 0.015) * ry * s,
              rx * s * (1 + rng.normal(0, 0.02)), ry * s * (1 + rng.normal(0, 0.02)))
    return img, scalp, loss, scene["view"], jitter, scene["kind"], scene["params"]


def main():
    args = sys.argv[1:]
    preview, hard_share = None, 0.5
    if "--preview" in args:
        i = args.index("--preview")
        preview = args[i + 1]
        del args[i:i + 2]
    if "--hard-share" in args:
        i = args.index("--hard-share")
        hard_share = float(args[i + 1])
        del args[i:i + 2]
    out, count, seed = args[0], int(args[1]), int(args[2])
    rng = np.random.default_rng(seed)
    xs, ys, ws = [], [], []
    grid = np.mgrid[0:H, 0:W]
    for i in range(count):
        img, scalp, loss, view, head, kind, params = render(rng, hard_share=hard_share)
        # the scalp the C++ code would draw from its (slightly wrong) head ellipse
        ju = (grid[1] + 0.5 - head[0]) / head[2]
        jv = (grid[0] + 0.5 - head[1]) / head[3]
        # DrawScalpRegion's constants (scalp_segmentation.h kScalpOuterRadius, 1.015 calibration)
        base = {"radius": 0.88 * 1.015, "scale": 1.0, "top_u": 0.84 * 1.015, "top_v": 0.83 * 1.015, "shift": params["shift"] if view == "front" else 0,
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
