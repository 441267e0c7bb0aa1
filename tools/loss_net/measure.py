#!/usr/bin/python3
"""Scores the C++ pipeline (`tricholog analyze`) on sets written by export.py (or the shared
sets, which have the same layout): what `bench imaging` does not measure.

  measure.py views   TRICHOLOG DIR   SALT MAE; per view: loss error, the quality verdict; how
                                     many views with an error above 10 points were flagged
                                     (quality status other than "pass") and how many good ones
                                     were flagged wrongly; views without loss read above 5 %
  measure.py repeats TRICHOLOG DIR   SALT, per-view loss and per-zone coverage of cap0 and
                                     cap1: SEM = sqrt(sum d^2 / 2n), MDC95 = 1.96 sqrt(2) SEM
  measure.py density TRICHOLOG DIR   per series (case, view): coverage index per level, its
                                     Spearman rank correlation with the level, the spread of
                                     the loss figure across the levels

TRICHOLOG is the CLI binary (e.g. build/ci/tricholog). Prints a plain-text table; --json
writes the raw figures to stdout instead.
"""
import json
import math
import os
import subprocess
import sys

SALT_VIEWS = ["top", "back", "left", "right"]


def analyze_salt(cli, d):
    args = [cli, "analyze", "salt", "--json"]
    for v in SALT_VIEWS:
        args += [f"--{v}", os.path.join(d, f"{v}.jpg")]
    if os.path.exists(os.path.join(d, "front.jpg")):
        args += ["--front", os.path.join(d, "front.jpg")]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        print(d, "no result:", out.stderr.strip(), file=sys.stderr)
        return None
    return json.loads(out.stdout)


def analyze_view(cli, d, view):
    out = subprocess.run([cli, "analyze", "scalp", os.path.join(d, f"{view}.jpg"), "--view",
                          view, "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return json.loads(out.stdout)


def cases(root):
    return sorted(c for c in os.listdir(root) if c.startswith("case"))


def truth(d):
    with open(os.path.join(d, "truth.json")) as f:
        return json.load(f)


def status(view_result):
    q = (view_result or {}).get("quality", {})
    return q.get("status", "?")


def views(cli, root):
    rows, salt_err, refused = [], [], []
    for c in cases(root):
        d = os.path.join(root, c)
        t = truth(d)
        r = analyze_salt(cli, d)
        if r is None:
            refused.append(c)
            continue
        salt_err.append(abs(r.get("salt", 0.0) - t["salt"]))
        for v, tv in t["views"].items():
            mv = r.get("views", {}).get(v)
            if mv is None:
                continue
            rows.append({"case": c, "view": v, "truth": tv["hair_loss_percent"],
                         "measured": mv.get("hair_loss_percent", 0.0), "status": status(mv)})
    bad = [x for x in rows if abs(x["measured"] - x["truth"]) > 10]
    good = [x for x in rows if abs(x["measured"] - x["truth"]) <= 10]
    clean = [x for x in rows if x["truth"] == 0]
    return {"cases": len(salt_err), "refused": refused, "salt_mae": sum(salt_err) / max(1, len(salt_err)),
            "views": len(rows), "views_error_over_10": len(bad),
            "flagged_of_those": sum(x["status"] != "pass" for x in bad),
            "good_views_flagged": sum(x["status"] != "pass" for x in good),
            "good_views": len(good),
            "clean_views": len(clean),
            "clean_views_over_5": sum(x["measured"] > 5 for x in clean),
            "clean_views_over_5_unflagged": sum(x["measured"] > 5 and x["status"] == "pass"
                                                for x in clean),
            "rows": rows}


def sem(diffs):
    if not diffs:
        return float("nan"), float("nan")
    s = math.sqrt(sum(d * d for d in diffs) / (2 * len(diffs)))
    return s, 1.96 * math.sqrt(2) * s


def repeats(cli, root):
    salt_d, view_d, zone_d, per_case, refused = [], {}, {}, [], []
    for c in cases(root):
        rs = [analyze_salt(cli, os.path.join(root, c, f"cap{k}")) for k in (0, 1)]
        ts = [truth(os.path.join(root, c, f"cap{k}")) for k in (0, 1)]
        if None in rs:
            refused.append(c)
            continue
        salt_d.append(rs[0]["salt"] - rs[1]["salt"])
        per_case.append({"case": c, "truth": [t["salt"] for t in ts],
                         "measured": [r["salt"] for r in rs]})
        for v in rs[0]["views"]:
            a, b = rs[0]["views"][v], rs[1]["views"].get(v)
            if b is None:
                continue
            view_d.setdefault(v, []).append(a["hair_loss_percent"] - b["hair_loss_percent"])
            za = {z["zone"]: z for z in a.get("zones", [])}
            for z in b.get("zones", []):
                if z["zone"] in za:
                    zone_d.setdefault(f"{v}/{z['zone']}", []).append(
                        za[z["zone"]]["hair_coverage_percent"] - z["hair_coverage_percent"])
    out = {"cases": per_case, "refused": refused, "salt": sem(salt_d)}
    out["view_loss"] = {v: sem(d) for v, d in view_d.items()}
    out["view_loss_all"] = sem([x for d in view_d.values() for x in d])
    out["zone_coverage"] = {z: sem(d) for z, d in zone_d.items()}
    out["zone_coverage_all"] = sem([x for d in zone_d.values() for x in d])
    return out


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0
        i = j + 1
    return r


def spearman(xs, ys):
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    num = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    den = math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))
    return num / den if den else float("nan")


def density(cli, root):
    series = []
    for c in cases(root):
        levels = sorted(l for l in os.listdir(os.path.join(root, c)) if l.startswith("level"))
        for v in ("top", "back"):
            lv, cov, loss, tcov, tloss = [], [], [], [], []
            for l in levels:
                d = os.path.join(root, c, l)
                t = truth(d)
                r = analyze_view(cli, d, v)
                if r is None or v not in t["views"]:
                    continue
                lv.append(t["density_level"])
                cov.append(r.get("hair_coverage_percent", 0.0))
                loss.append(r.get("hair_loss_percent", 0.0))
                tcov.append(t["views"][v]["hair_coverage_percent"])
                tloss.append(t["views"][v]["hair_loss_percent"])
            if len(lv) < 2:
                continue
            series.append({"case": c, "view": v, "levels": lv, "coverage": cov,
                           "truth_coverage": tcov, "loss": loss, "truth_loss": tloss,
                           "rho": spearman(lv, cov), "loss_spread": max(loss) - min(loss)})
    return {"series": series}


def main():
    args = sys.argv[1:]
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    if len(args) != 3 or args[0] not in ("views", "repeats", "density"):
        sys.exit(__doc__)
    what, cli, root = args
    res = {"views": views, "repeats": repeats, "density": density}[what](cli, root)
    if as_json:
        json.dump(res, sys.stdout, indent=1)
        return
    if what == "views":
        print(f"{root}: {res['cases']} cases, SALT MAE {res['salt_mae']:.2f}; "
              f"{res['views_error_over_10']} of {res['views']} views off by more than 10 points,"
              f" {res['flagged_of_those']} of them flagged; {res['good_views_flagged']} of "
              f"{res['good_views']} good views flagged; {res['clean_views_over_5']} of "
              f"{res['clean_views']} views without loss read above 5 % "
              f"({res['clean_views_over_5_unflagged']} unflagged); no SALT (refused): "
              f"{', '.join(res['refused']) or 'none'}")
    elif what == "repeats":
        for c in res["cases"]:
            print(f"{c['case']}: truth {c['truth'][0]:6.2f} {c['truth'][1]:6.2f}  measured "
                  f"{c['measured'][0]:6.2f} {c['measured'][1]:6.2f}")
        s, m = res["salt"]
        print(f"{root}: SALT SEM {s:.2f}, MDC95 {m:.2f} ({len(res['cases'])} pairs; a capture "
              f"refused in: {', '.join(res['refused']) or 'none'})")
        s, m = res["view_loss_all"]
        print(f"  per-view loss, all views: SEM {s:.2f}, MDC95 {m:.2f}")
        for v, (s, m) in sorted(res["view_loss"].items()):
            print(f"    {v:<6} SEM {s:6.2f}  MDC95 {m:6.2f}")
        s, m = res["zone_coverage_all"]
        print(f"  per-zone coverage, all zones: SEM {s:.2f}, MDC95 {m:.2f}")
    else:
        for s in res["series"]:
            print(f"{s['case']} {s['view']:<5} rho {s['rho']:5.2f}  coverage "
                  + " ".join(f"{x:5.1f}" for x in s["coverage"])
                  + f"  (truth " + " ".join(f"{x:5.1f}" for x in s["truth_coverage"]) + ")"
                  + f"  loss spread {s['loss_spread']:5.2f} (truth loss {s['truth_loss'][0]:.1f})")
        rhos = [s["rho"] for s in res["series"] if not math.isnan(s["rho"])]
        spreads = [s["loss_spread"] for s in res["series"]]
        if rhos:
            print(f"{root}: {len(rhos)} series, rank correlation min {min(rhos):.2f} mean "
                  f"{sum(rhos) / len(rhos):.2f}; loss spread max {max(spreads):.2f}")


if __name__ == "__main__":
    main()
