#!/usr/bin/python3
"""Measures a count net on a folder laid out like ../shared/data (measure only: nothing
here is used for training). Runs the ONNX model with OpenCV dnn, as the C++ code does.

Usage: measure.py MODEL.onnx [DATA_DIR] [--real] [--floor F] [--plain]

--floor F: sum only density above F (hairs per half-resolution pixel), as the C++ code
does with its noise floor. --plain: feed the field without taking out its local mean
(models trained without train.py --high-pass, i.e. before phase 3).
"""
import glob
import json
import os
import sys
import xml.etree.ElementTree as ET

import cv2
import numpy as np

import features

SCALE = 100.0  # train.py SCALE
FLOOR = float(sys.argv[sys.argv.index("--floor") + 1]) if "--floor" in sys.argv else 0.0
HIGH_PASS = "--plain" not in sys.argv  # --plain: a model trained without --high-pass


def count(net, bgr, um):
    small, mean = features.net_input(bgr, um)
    h, w = small.shape[:2]
    ph = -(-(h + 2 * features.MARGIN) // 16) * 16
    pw = -(-(w + 2 * features.MARGIN) // 16) * 16
    x = np.zeros((ph, pw, 3), np.float32)
    m = features.MARGIN
    f = (small.astype(np.float32) - mean) / 64.0
    x[m:m + h, m:m + w] = features.high_pass(f, np.ones((h, w), bool)) if HIGH_PASS else f
    net.setInput(np.ascontiguousarray(x.transpose(2, 0, 1)[None]))
    d = net.forward()[0, 0] / SCALE
    field = d[m // 2:(m + h) // 2, m // 2:(m + w) // 2]
    return float(field[field > FLOOR].sum()), d


def main():
    model = sys.argv[1]
    root = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else \
        os.path.join(os.path.dirname(__file__), "../../../shared/data")
    net = cv2.dnn.readNetFromONNX(model)
    errs = {"even": [], "odd": [], "clipped": [], "long": []}
    for js in sorted(glob.glob(f"{root}/synthetic/trichoscopy/*.json")):
        t = json.load(open(js))
        img = cv2.imread(js[:-5] + ".jpg")
        c, _ = count(net, img, t["um_per_px"])
        e = 100 * (c - t["hair_count"]) / t["hair_count"]
        idx = int(os.path.basename(js)[6:9])
        errs["even" if idx % 2 == 0 else "odd"].append(e)
        errs["clipped" if t["clipped"] else "long"].append(e)
        print(f"{os.path.basename(js)[:-5]} truth {t['hair_count']:4d} net {c:7.1f} ({e:+6.1f} %)")
    for k, v in errs.items():
        v = np.array(v)
        print(f"synthetic {k:8s} n={len(v):3d} MAPE {np.abs(v).mean():5.1f} % bias {v.mean():+5.1f}")
    if "--real" in sys.argv:
        rs = []
        for xml in sorted(glob.glob(f"{root}/real/trichoscopy-70x/*.xml")):
            n = len(ET.parse(xml).getroot().findall("object"))
            img = cv2.imread(xml[:-4] + ".jpg")
            if img is None or n == 0:
                continue
            c, _ = count(net, img, 1000.0 / 365)
            rs.append(100 * (c - n) / n)
        rs = np.array(rs)
        print(f"real 70x n={len(rs)} MAPE {np.abs(rs).mean():.1f} % bias {rs.mean():+.1f}")


if __name__ == "__main__":
    main()
