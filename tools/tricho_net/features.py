"""The count net's input and target, computed as src/imaging/hair_count_net.cc does.

Input: the field resampled to UM_PER_PX (INTER_AREA when shrinking, INTER_LINEAR when
enlarging), as float (B, G, R minus the field's mean colour) / 64, framed by MARGIN pixels
of zeros on every side and then padded with zeros on the right and bottom to a multiple
of 16. The shipped model (phase 3 of train.sh) takes the field minus its local mean
(high_pass). Output: a density at half that resolution with 0.5 at every hair end in the
field and 0.5 where a shaft crosses the field's edge; its sum over the field is the number
of hairs in view (each has two ends, or one end and one crossing).
"""
import cv2
import numpy as np

UM_PER_PX = 8.0
MARGIN = 48         # input pixels of zeros around the field
CROP = 320          # training crop (input pixels); the loss counts its centre only
CENTRE = CROP - 2 * MARGIN
CROPS_PER_FIELD = 4
SIGMA = 1.5         # output pixels
HIGH_PASS_SIGMA = 12.0  # input pixels (96 µm): the local mean taken out of the field


def high_pass(f, field):
    """f: float32 H x W x 3, the field's (B, G, R - mean) / 64 (anything outside the field is
    ignored); field: H x W bool. Returns f minus its local mean over the field (a Gaussian of
    HIGH_PASS_SIGMA, normalised by the share of the field under it), zero outside the field.
    Real dermoscopes light a field unevenly (a bright centre, dark corners, coloured
    gradients); only what changes within a few hair widths is left."""
    m = field.astype(np.float32)
    num = cv2.GaussianBlur(f * m[..., None], (0, 0), HIGH_PASS_SIGMA,
                           borderType=cv2.BORDER_CONSTANT)
    den = cv2.GaussianBlur(m, (0, 0), HIGH_PASS_SIGMA, borderType=cv2.BORDER_CONSTANT)
    local = num / np.maximum(den, 1e-3)[..., None]
    return ((f - local) * m[..., None]).astype(np.float32)


def resample(bgr, um_per_px):
    f = um_per_px / UM_PER_PX
    size = (max(1, round(bgr.shape[1] * f)), max(1, round(bgr.shape[0] * f)))
    interp = cv2.INTER_AREA if f < 1 else cv2.INTER_LINEAR
    return cv2.resize(bgr, size, interpolation=interp)


def net_input(bgr, um_per_px):
    """uint8 BGR field at UM_PER_PX and its mean colour."""
    small = resample(bgr, um_per_px)
    return small, small.reshape(-1, 3).astype(np.float64).mean(0).astype(np.float32)


def density_target(ends, hw):
    """Marks (x, y, weight) in input pixels -> density at half resolution, each mark
    summing to its weight."""
    h, w = (hw[0] + 1) // 2, (hw[1] + 1) // 2
    d = np.zeros((h, w), np.float32)
    r = int(3 * SIGMA + 1)
    for x, y, weight in ends:
        ox, oy = x / 2 - 0.5, y / 2 - 0.5
        ix, iy = int(round(ox)), int(round(oy))
        x0, x1 = max(0, ix - r), min(w, ix + r + 1)
        y0, y1 = max(0, iy - r), min(h, iy + r + 1)
        if x1 <= x0 or y1 <= y0:
            continue
        gx = np.exp(-0.5 * ((np.arange(x0, x1) - ox) / SIGMA) ** 2)
        gy = np.exp(-0.5 * ((np.arange(y0, y1) - oy) / SIGMA) ** 2)
        g = np.outer(gy, gx)
        d[y0:y1, x0:x1] += weight * g / g.sum()
    return d


def random_crop(rng, small, mean, density):
    """One training crop: uint8 input CROP x CROP (the margin outside the field filled with
    the mean colour, i.e. zero after normalising) and the density over the whole crop."""
    h, w = small.shape[:2]
    pad = np.empty((h + 2 * MARGIN + CROP, w + 2 * MARGIN + CROP, 3), np.uint8)
    pad[:] = np.round(mean).astype(np.uint8)
    pad[MARGIN:MARGIN + h, MARGIN:MARGIN + w] = small
    dh, dw = density.shape
    dpad = np.zeros(((h + 2 * MARGIN + CROP) // 2 + 1, (w + 2 * MARGIN + CROP) // 2 + 1),
                    np.float32)
    dpad[MARGIN // 2:MARGIN // 2 + dh, MARGIN // 2:MARGIN // 2 + dw] = density
    # the centre (CENTRE x CENTRE, field coordinates cy, cx) starts on the 16-pixel grid
    cy = int(rng.integers(0, max(1, (h - CENTRE) // 16 + 1))) * 16
    cx = int(rng.integers(0, max(1, (w - CENTRE) // 16 + 1))) * 16
    x = pad[cy:cy + CROP, cx:cx + CROP].copy()
    d = dpad[cy // 2:cy // 2 + CROP // 2, cx // 2:cx // 2 + CROP // 2].copy()
    return x, d
