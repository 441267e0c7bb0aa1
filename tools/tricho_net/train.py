#!/usr/bin/python3
"""Trains the trichoscopy count net on rendered fields (render.py) and exports it to ONNX.

Usage: train.py OUT.onnx STEPS SEED [--init MODEL.onnx] [--lr LR] [--high-pass] SHARD.npz [...]

--init: start from the weights of a model this script exported (a further phase with a fresh
optimizer and a new cosine schedule); --lr: the schedule's starting rate (default 2e-3).

The net maps a field at features.UM_PER_PX (3 channels: B, G, R minus the field's mean, / 64;
with --high-pass also minus their local mean, features.high_pass)
to a root density at half resolution whose sum is the number of hairs rooted in the field
(density-map counting, as in crowd counting: crossing and touching hairs need no tracing).
A small U-Net of ops OpenCV 4.6 dnn's ONNX importer takes: Conv, Relu, MaxPool, Resize
(nearest), Concat. Trains on the CPU (2 threads), fixed seed.
"""
import argparse
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import features

SCALE = 100.0  # the net predicts 100 x density (a root's peak is then about 7)


def block(cin, cout, convs=2):
    # No BatchNorm: the count is a sum over a whole field, so the small shift between a
    # batch's statistics and the running ones (train vs eval) becomes a large count bias.
    layers = []
    for i in range(convs):
        layers += [nn.Conv2d(cin if i == 0 else cout, cout, 3, padding=1), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers)


class CountNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(block(3, 12, 1), nn.Conv2d(12, 16, 2, stride=2),
                                  nn.ReLU(inplace=True))
        self.enc1 = block(16, 16, 1)   # 1/2
        self.enc2 = block(16, 24)      # 1/4
        self.enc3 = block(24, 32)      # 1/8
        self.enc4 = block(32, 48)      # 1/16
        self.dec3 = block(80, 32, 1)
        self.dec2 = block(56, 24, 1)
        self.dec1 = block(40, 16, 1)
        self.head = nn.Conv2d(16, 1, 1)
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
        return self.head(d1)  # SCALE x density, half resolution


def load(paths):
    xs, ds, ms = [], [], []
    for p in paths:
        z = np.load(p)
        xs.append(z["x"])
        ds.append(z["d"])
        ms.append(z["mean"])
    return np.concatenate(xs), np.concatenate(ds), np.concatenate(ms)


def high_pass_crops(x, m):
    """The crops as features.high_pass gives them (float16). The frame round a field is
    filled with the field's rounded mean colour (features.random_crop): rows and columns
    wholly of that colour are not field."""
    out = np.empty(x.shape, np.float16)
    t0 = time.time()
    for i in range(len(x)):
        fill = np.round(m[i]).astype(np.uint8)
        frame = (x[i] == fill).all(2)
        field = ~frame.all(1)[:, None] & ~frame.all(0)[None, :]
        out[i] = features.high_pass((x[i].astype(np.float32) - m[i]) / 64.0, field)
        if (i + 1) % 1000 == 0:
            print(f"high pass: {i + 1} of {len(x)} crops, {time.time() - t0:.0f}s", flush=True)
    return out


def load_onnx_weights(net, path):
    """Copies a model exported by export() back into `net` (read with OpenCV dnn, the same
    reader the C++ code uses): each Conv node is named after its module's path."""
    import cv2
    onnx = cv2.dnn.readNetFromONNX(path)
    state = net.state_dict()
    loaded = 0
    for name in onnx.getLayerNames():
        if not name.endswith("/Conv"):
            continue
        key = name.split("/")[-2]
        weight, bias = onnx.getLayer(name).blobs
        state[key + ".weight"].copy_(torch.from_numpy(weight))
        state[key + ".bias"].copy_(torch.from_numpy(bias.reshape(-1)))
        loaded += 2
    if loaded != len(state):
        raise SystemExit(f"{path}: {loaded} of {len(state)} tensors found")


def parse_args(argv):
    p = argparse.ArgumentParser(description="Trains the trichoscopy count net.")
    p.add_argument("out", help="ONNX file to write")
    p.add_argument("steps", type=int)
    p.add_argument("seed", type=int)
    p.add_argument("shards", nargs="+", help="render.py outputs")
    p.add_argument("--init", help="start from this exported model (a further phase)")
    p.add_argument("--lr", type=float, default=2e-3, help="the schedule's starting rate")
    p.add_argument("--high-pass", action="store_true",
                   help="feed the net the field minus its local mean (features.high_pass)")
    return p.parse_intermixed_args(argv)


def main():
    args = parse_args(sys.argv[1:])
    out, steps, seed, paths, init, lr0 = (args.out, args.steps, args.seed, args.shards, args.init,
                                          args.lr)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    torch.set_num_threads(2)
    x, d, m = load(paths)
    n = len(x)
    hp = high_pass_crops(x, m) if args.high_pass else None
    n_val = max(1, n // 20)
    order = rng.permutation(n)
    val, train = order[:n_val], order[n_val:]
    print(f"{n} crops, {len(train)} train, {n_val} validation", flush=True)
    net = CountNet()
    if init:
        load_onnx_weights(net, init)
        print(f"starting from {init}", flush=True)
    print(f"{sum(p.numel() for p in net.parameters())} weights", flush=True)
    opt = torch.optim.AdamW(net.parameters(), lr=lr0, weight_decay=1e-4)
    batch = 16
    c0, c1 = features.MARGIN // 2, (features.CROP - features.MARGIN) // 2  # centre, output px

    def tensors(idx, aug):
        if hp is not None:
            xb = torch.from_numpy(hp[idx].astype(np.float32))
        else:
            xb = (torch.from_numpy(x[idx].astype(np.float32)) -
                  torch.from_numpy(m[idx])[:, None, None, :]) / 64.0
        xb = xb.permute(0, 3, 1, 2).contiguous()
        db = torch.from_numpy(d[idx].astype(np.float32))[:, None] * SCALE
        if aug:
            k = int(rng.integers(4))
            xb, db = torch.rot90(xb, k, (2, 3)), torch.rot90(db, k, (2, 3))
            if rng.random() < 0.5:
                xb, db = xb.flip(-1), db.flip(-1)
            # brightness / contrast of the hair against the skin
            xb = xb * float(rng.uniform(0.7, 1.3))
        return xb, db

    def loss_fn(pred, db):
        p, t = pred[:, :, c0:c1, c0:c1], db[:, :, c0:c1, c0:c1]
        mse = 10 * F.mse_loss(p, t)
        # where nothing is marked the density must be zero, not a faint haze: summed over a
        # whole field a haze of 0.04 (a hundredth of a mark's peak) is a count of dozens
        background = (t < 0.05).float()
        haze = (p.abs() * background).sum() / background.sum().clamp(min=1)
        cp, ct = p.sum((1, 2, 3)) / SCALE, t.sum((1, 2, 3)) / SCALE
        count = (torch.abs(cp - ct) / (ct + 2)).mean()
        return mse + count + haze, cp, ct

    def validate():
        net.eval()
        err, tot = 0.0, 0.0
        with torch.no_grad():
            for i in range(0, n_val, 32):
                xb, db = tensors(val[i:i + 32], False)
                _, cp, ct = loss_fn(net(xb), db)
                err += float(torch.abs(cp - ct).sum())
                tot += float(ct.sum())
        net.train()
        return err / max(tot, 1e-6)

    if init:
        print(f"before: val count error {100 * validate():.1f} %", flush=True)
    step, epoch, t0 = 0, 0, time.time()
    while step < steps:
        perm = rng.permutation(train)
        for i in range(0, len(perm) - batch + 1, batch):
            frac = step / steps
            if frac >= 1:
                break
            for g in opt.param_groups:  # cosine decay over the steps
                g["lr"] = lr0 * 0.5 * (1 + np.cos(np.pi * frac)) + 1e-5
            xb, db = tensors(perm[i:i + batch], True)
            loss, _, _ = loss_fn(net(xb), db)
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            if step % 50 == 0:
                print(f"step {step} epoch {epoch} {time.time() - t0:.0f}s loss {loss.item():.4f}",
                      flush=True)
        epoch += 1
        print(f"epoch {epoch} done {time.time() - t0:.0f}s val count error "
              f"{100 * validate():.1f} %", flush=True)
        export(net, out)  # the latest model is always on disk
    print(f"final val count error {100 * validate():.1f} % after {step} steps, "
          f"{time.time() - t0:.0f}s", flush=True)
    export(net, out)


def export(net, out):
    net.eval()
    dummy = torch.zeros(1, 3, 320, 320)
    torch.onnx.export(net, dummy, out, opset_version=11, input_names=["input"],
                      output_names=["root_density"], do_constant_folding=True,
                      dynamic_axes={"input": {2: "h", 3: "w"}, "root_density": {2: "h2", 3: "w2"}})
    net.train()


if __name__ == "__main__":
    main()
