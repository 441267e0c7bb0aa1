#!/usr/bin/python3
"""Trains the hair-loss net on rendered views (render.py) and exports it to ONNX.

Usage: train.py OUT.onnx STEPS SEED SHARD.npz [SHARD.npz ...]

The net is a small U-Net: input 6 x 192 x 256 (features.py), output 1 x 96 x 128, the
probability that a pixel's scalp has no hair rooted in it. Only ops OpenCV 4.6 dnn's ONNX
importer takes: Conv (BatchNorm folded at export), Relu, MaxPool, Resize (nearest), Concat,
Sigmoid. Trains on the CPU (2 threads) for a fixed number of steps of 16 renders, with a
fixed seed.
"""
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import features


def block(cin, cout, convs=2):
    layers = []
    for i in range(convs):
        layers += [nn.Conv2d(cin if i == 0 else cout, cout, 3, padding=1, bias=False),
                   nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers)


class LossNet(nn.Module):
    def __init__(self):
        super().__init__()
        # 2x2 stride-2 "patchify" stem: the strand response already carries the fine texture
        self.stem = nn.Sequential(nn.Conv2d(features.CHANNELS, 16, 2, stride=2, bias=False), nn.BatchNorm2d(16),
                                  nn.ReLU(inplace=True))
        self.enc1 = block(16, 16, 1)   # 128 x 96
        self.enc2 = block(16, 24)      # 64 x 48
        self.enc3 = block(24, 32)      # 32 x 24
        self.enc4 = block(32, 32)      # 16 x 12
        self.dec3 = block(64, 24, 1)
        self.dec2 = block(48, 16, 1)
        self.dec1 = nn.Sequential(nn.Conv2d(32, 8, 1, bias=False), nn.BatchNorm2d(8),
                                  nn.ReLU(inplace=True))
        self.head = nn.Conv2d(8, 1, 1)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")

    def forward(self, x):
        e1 = self.enc1(self.stem(x))
        e2 = self.enc2(self.pool(e1))
        e3 = self.enc3(self.pool(e2))
        e4 = self.enc4(self.pool(e3))
        d3 = self.dec3(torch.cat([self.up(e4), e3], 1))
        d2 = self.dec2(torch.cat([self.up(d3), e2], 1))
        d1 = self.dec1(torch.cat([self.up(d2), e1], 1))
        return self.head(d1)  # logits, 128 x 96


def load(paths):
    xs, ys, ss = [], [], []
    for p in paths:
        d = np.load(p)
        # render.py stores channels 0-4; channel 5 comes from them (features.with_relative)
        xs.append(np.stack([features.with_relative(v) for v in d["x"]]))
        ys.append(d["y"])
        ss.append(d["scalp"])
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ss)


def main():
    out, steps, seed, paths = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    torch.set_num_threads(2)
    x, y, s = load(paths)
    n = len(x)
    n_val = max(1, n // 20)
    order = rng.permutation(n)
    val, train = order[:n_val], order[n_val:]
    print(f"{n} renders, {len(train)} train, {n_val} validation", flush=True)
    net = LossNet()
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-4)
    batch = 16
    t0 = time.time()
    step = 0

    def tensors(idx, flip, crop=False):
        xb = torch.from_numpy(x[idx].astype(np.float32))
        yb = torch.from_numpy(y[idx].astype(np.float32))[:, None]
        sb = torch.from_numpy(s[idx].astype(np.float32))[:, None]
        if crop:  # a 128 x 96 window (the net is fully convolutional)
            cx0 = int(rng.integers(0, 256 - 128 + 1) // 16 * 16)
            cy0 = int(rng.integers(0, 192 - 96 + 1) // 16 * 16)
            xb = xb[:, :, cy0:cy0 + 96, cx0:cx0 + 128]
            yb = yb[:, :, cy0:cy0 + 96, cx0:cx0 + 128]
            sb = sb[:, :, cy0:cy0 + 96, cx0:cx0 + 128]
        if flip is not None:
            xb[flip] = xb[flip].flip(-1)
            yb[flip] = yb[flip].flip(-1)
            sb[flip] = sb[flip].flip(-1)
        yb = F.avg_pool2d(yb, 2)
        sb = F.avg_pool2d(sb, 2)
        return xb, yb, sb

    def loss_fn(logits, yb, sb, template):
        # full weight on the true scalp and on the template the C++ code draws (outside the
        # true scalp the answer is "no loss"), little elsewhere
        w = 0.05 + ((sb > 0) | (F.avg_pool2d(template, 2) > 0)).float()
        bce = F.binary_cross_entropy_with_logits(logits, yb, weight=w, reduction="sum") / w.sum()
        p = torch.sigmoid(logits) * sb
        t = yb * sb
        inter = (p * t).sum((1, 2, 3))
        union = p.sum((1, 2, 3)) + t.sum((1, 2, 3))
        has = (t.sum((1, 2, 3)) > 1).float()
        dice = ((1 - (2 * inter + 1) / (union + 1)) * has).sum() / has.sum().clamp(min=1)
        return bce + 0.5 * dice

    def validate():
        net.eval()
        ious = []
        with torch.no_grad():
            for i in range(0, n_val, 32):
                xb, yb, sb = tensors(val[i:i + 32], None)
                p = (torch.sigmoid(net(xb)) > 0.5).float() * (sb > 0.5).float()
                t = (yb > 0.5).float() * (sb > 0.5).float()
                for a, b in zip(p, t):
                    if b.sum() > 0:
                        ious.append(float((a * b).sum() / ((a + b) > 0).float().sum()))
        net.train()
        return float(np.mean(ious)) if ious else 0.0

    epoch = 0
    lr0 = 3e-3
    while step < steps:
        perm = rng.permutation(train)
        for i in range(0, len(perm) - batch + 1, batch):
            frac = step / steps
            if frac >= 1:
                break
            for g in opt.param_groups:  # cosine decay over the steps
                g["lr"] = lr0 * 0.5 * (1 + np.cos(np.pi * min(frac, 1.0))) + 1e-5
            flip = torch.from_numpy(rng.random(batch) < 0.5)
            xb, yb, sb = tensors(perm[i:i + batch], flip, crop=True)
            loss = loss_fn(net(xb), yb, sb, xb[:, 4:5])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            if step % 50 == 0:
                print(f"step {step} epoch {epoch} {time.time() - t0:.0f}s loss {loss.item():.4f}",
                      flush=True)
        epoch += 1
        print(f"epoch {epoch} done {time.time() - t0:.0f}s val IoU {validate():.4f}", flush=True)
        export(net, out)  # the latest model is always on disk
    print(f"final val IoU {validate():.4f} after {step} steps, {time.time() - t0:.0f}s",
          flush=True)
    export(net, out)


def export(net, out):
    net.eval()
    dummy = torch.zeros(1, features.CHANNELS, 192, 256)
    torch.onnx.export(nn.Sequential(net, nn.Sigmoid()).eval(), dummy, out, opset_version=11,
                      input_names=["input"], output_names=["loss_probability"],
                      do_constant_folding=True)
    net.train()


if __name__ == "__main__":
    main()
