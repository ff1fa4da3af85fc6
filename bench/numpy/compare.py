#!/usr/bin/env python3
"""Compare baseline.py's JSON (--json) with the Go engine's (`peacesim run
--format json`), estimate by estimate, in units of the Monte Carlo standard
error of the difference of two independent runs.

    python3 compare.py numpy.json go.json [--z 4]

Proportions use se = sqrt(p(1-p)/n1 + p(1-p)/n2); margin means use the sds.
Percentiles are printed when they differ by more than two histogram bins.
"""

import argparse
import json
import math
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("numpy_json")
    ap.add_argument("go_json")
    ap.add_argument("--z", type=float, default=4.0, help="flag differences beyond this many se")
    ap.add_argument("--pathways", action="store_true", help="print the pathway table")
    a = ap.parse_args()
    A = json.load(open(a.numpy_json))
    B = json.load(open(a.go_json))
    man = B["manifest"]
    n1, n2 = A["trials"], man["trials"] if "trials" in man else man["scenarios"][0]["trials"]

    def prop(label, p1, p2):
        p = (p1 * n1 + p2 * n2) / (n1 + n2)
        se = math.sqrt(max(p * (1 - p), 1e-12) * (1 / n1 + 1 / n2))
        z = (p1 - p2) / se
        return z, f"{label:<70} numpy {100 * p1:7.3f}%  go {100 * p2:7.3f}%  z {z:+6.2f}"

    rows = []
    key = lambda r, *ks: tuple(r[k] for k in ks)
    go_pw = {key(r, "package", "pathway"): r for r in B["pathways"]}
    for r in A["pathways"]:
        g = go_pw[key(r, "package", "pathway")]
        rows.append(("pathway",) + prop(f"{r['package']} {r['pathway']}", r["probability"], g["probability"]))
    go_acc = {key(r, "package", "party", "track"): r for r in B["acceptance"]}
    for r in A["acceptance"]:
        g = go_acc[key(r, "package", "party", "track")]
        rows.append(("accept",) + prop(f"{r['package']} {r['party']} {r['track']}", r["probability"], g["probability"]))
    go_rl = {key(r, "package", "party", "red_line"): r for r in B["red_lines"]}
    for r in A["red_lines"]:
        g = go_rl[key(r, "package", "party", "red_line")]
        lab = f"{r['package']} {r['party']}[{r['red_line']}] {r['label'][:30]}"
        rows.append(("violated",) + prop(lab + " violated", r["violated"], g["violated"]))
        rows.append(("pivotal",) + prop(lab + " pivotal", r["pivotal"], g["pivotal"]))
    go_m = {key(r, "package", "party", "track"): r for r in B["margins"]}
    pct = []
    for r in A["margins"]:
        g = go_m[key(r, "package", "party", "track")]
        se = math.sqrt(r["sd"] ** 2 / n1 + g["sd"] ** 2 / n2) or 1e-12
        z = (r["mean"] - g["mean"]) / se
        lab = f"{r['package']} {r['party']} {r['track']} margin mean"
        rows.append(("margin", z, f"{lab:<70} numpy {r['mean']:+.5f}  go {g['mean']:+.5f}  z {z:+6.2f}"))
        zs = (r["sd"] - g["sd"]) / (r["sd"] * math.sqrt(1 / (2 * n1) + 1 / (2 * n2)) or 1e-12)
        rows.append(("margin sd", zs, f"{r['package']} {r['party']} {r['track']} margin sd".ljust(70)
                     + f" numpy {r['sd']:.5f}  go {g['sd']:.5f}  z {zs:+6.2f}"))
        for q in ("p5", "p50", "p95"):
            if abs(r[q] - g[q]) > 2 / 256:
                pct.append(f"  {r['package']} {r['party']} {r['track']} {q}: numpy {r[q]:+.4f} go {g[q]:+.4f}")

    if a.pathways:
        print("pathway probabilities")
        for kind, z, line in rows:
            if kind == "pathway":
                print("  " + line)
    print(f"\n{len(rows)} estimates compared ({n1} numpy trials, {n2} go trials)")
    zs = [z for _, z, _ in rows]
    print(f"max |z| = {max(abs(z) for z in zs):.2f}; |z|>3: {sum(abs(z) > 3 for z in zs)}; "
          f"|z|>{a.z:g}: {sum(abs(z) > a.z for z in zs)}")
    for kind, z, line in sorted(rows, key=lambda r: -abs(r[1])):
        if abs(z) > 3:
            print("  " + line)
    print(f"percentiles differing by more than 2 bins (2/256): {len(pct)}")
    for line in pct:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
