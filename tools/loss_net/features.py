"""The loss net's input, computed exactly as src/imaging/hair_loss_net.cc does.

From the photo at the analysis scale (8-bit BGR) and the scalp template drawn there:
  channels 0-2: B, G, R / 255, area-resized to NET_SIZE;
  channel 3:    the strand response (CIELAB distance of each pixel from its 1.5-px Gaussian
                neighbourhood, src/imaging/hair_loss_segmentation.cc StrandResponse) / 8,
                area-resized;
  channel 4:    the scalp template / 255, area-resized;
  channel 5:    the area-resized strand response relative to this photo's hair: divided by its
                90th percentile over the template's pixels (at least RELATIVE_FLOOR), clipped
                to RELATIVE_CLIP, then halved. The classical mask judges loss against the same
                photo's full-hair level (hair_loss_segmentation.cc); a small net cannot take a
                percentile over the whole view itself, so it is given one.
"""
import cv2
import numpy as np

NET_SIZE = (256, 192)  # width, height
RESPONSE_SCALE = 1.0 / 8.0
RELATIVE_FLOOR = 3.0   # CIELAB units; bare skin reads about 0.7, hair 4.7 and more
RELATIVE_CLIP = 4.0
CHANNELS = 6


def strand_response(bgr):
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2Lab)
    k = cv2.getGaussianKernel(13, 1.5, cv2.CV_32F)
    smooth = cv2.sepFilter2D(lab, cv2.CV_32F, k, k, borderType=cv2.BORDER_REFLECT_101)
    d = lab.astype(np.float32) - smooth
    d[..., 0] *= 100.0 / 255.0
    return np.sqrt((d * d).sum(-1))


def relative_response(resp, scalp):
    """Channel 5 from the area-resized response (CIELAB units) and template (0..1)."""
    vals = resp[scalp >= 128.0 / 255.0].astype(np.float32)
    ref = RELATIVE_FLOOR
    if len(vals):
        k = int(0.9 * (len(vals) - 1))
        ref = max(float(np.partition(vals, k)[k]), RELATIVE_FLOOR)
    return 0.5 * np.minimum(resp / np.float32(ref), RELATIVE_CLIP)


def with_relative(x):
    """Adds channel 5 to a stored 5-channel input (channels first; float16 is fine)."""
    resp = x[3].astype(np.float32) / RESPONSE_SCALE
    rel = relative_response(resp, x[4].astype(np.float32))
    return np.concatenate([x, rel[None].astype(x.dtype)], 0)


def base_input(bgr, scalp):
    """Channels 0-4 (channels first, float16): what render.py stores."""
    rgb = cv2.resize(bgr, NET_SIZE, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    resp = cv2.resize(strand_response(bgr), NET_SIZE, interpolation=cv2.INTER_AREA)
    sc = cv2.resize(scalp, NET_SIZE, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    x = np.concatenate([rgb, (resp * RESPONSE_SCALE)[..., None], sc[..., None]], -1)
    return np.ascontiguousarray(x.transpose(2, 0, 1)).astype(np.float16)


def net_input(bgr, scalp):
    """All six channels (channels first, float16), as the C++ code gives them to the net.
    train.py adds channel 5 to the stored base channels the same way (with_relative)."""
    return with_relative(base_input(bgr, scalp))
