"""The loss net's input, computed exactly as src/imaging/hair_loss_net.cc does.

From the photo at the analysis scale (8-bit BGR) and the scalp template drawn there:
  channels 0-2: B, G, R / 255, area-resized to NET_SIZE;
  channel 3:    the strand response (CIELAB distance of each pixel from its 1.5-px Gaussian
                neighbourhood, src/imaging/hair_loss_segmentation.cc StrandResponse) / 8,
                area-resized;
  channel 4:    the scalp template / 255, area-resized.
"""
import cv2
import numpy as np

NET_SIZE = (256, 192)  # width, height
RESPONSE_SCALE = 1.0 / 8.0


def strand_response(bgr):
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2Lab)
    k = cv2.getGaussianKernel(13, 1.5, cv2.CV_32F)
    smooth = cv2.sepFilter2D(lab, cv2.CV_32F, k, k, borderType=cv2.BORDER_REFLECT_101)
    d = lab.astype(np.float32) - smooth
    d[..., 0] *= 100.0 / 255.0
    return np.sqrt((d * d).sum(-1))


def net_input(bgr, scalp):
    rgb = cv2.resize(bgr, NET_SIZE, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    resp = cv2.resize(strand_response(bgr), NET_SIZE, interpolation=cv2.INTER_AREA)
    sc = cv2.resize(scalp, NET_SIZE, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    x = np.concatenate([rgb, (resp * RESPONSE_SCALE)[..., None], sc[..., None]], -1)
    return np.ascontiguousarray(x.transpose(2, 0, 1)).astype(np.float16)
