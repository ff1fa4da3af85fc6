#!/usr/bin/env python3
"""Vectorised NumPy baseline of the peacesim model (docs/model.md).

It is the program a researcher fluent in NumPy would write instead of using
peacesim: it reads a scenario TOML generically, draws every uncertain input
for a whole batch of trials at once, scores every package on the same draws
(common random numbers) with array operations across trials and packages,
and aggregates the same figures as the Go engine:

* per package, the count of trials ending in each pathway (first match);
* per package × party × track, the acceptance count;
* per package × red line, the violated and pivotal counts;
* per package × party × track (staked cells only), the margin U − R:
  mean, sd, min, max, and the 5th/50th/95th percentiles read from a
  fixed-bin histogram (bins of 1/256 over [−2, 2] plus two tail bins, the
  same scheme as sim/tally.go), because np.percentile over all trials would
  need every margin in memory (10⁷ trials × 5 packages × 16 cells × 8 B
  = 6.4 GB).

Only Python 3.11's tomllib and NumPy are used. Trials are processed in
batches of --batch so memory stays bounded; within a batch nothing loops over
trials in Python. The loops that remain run over the model's structure
(cells, stakes, red lines, pathways: tens of iterations per batch).

Usage:
    python3 baseline.py [SCENARIO.toml] --trials 1000000 --seed 1 --batch 1000000
                        [--json OUT.json] [--full]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "miami-2025.toml"

# Margin histogram, as in sim/tally.go.
BIN_WIDTH = 1.0 / 256
HIST_RANGE = 2.0
NBINS = int(2 * HIST_RANGE / BIN_WIDTH) + 2

# --------------------------------------------------------------------------
# Distributions
# --------------------------------------------------------------------------

ARITY = {"normal": 2, "truncnormal": 4, "uniform": 2, "triangular": 3, "pert": 3,
         "beta": 2, "lognormal": 2, "bernoulli": 1}
_DIST_RE = re.compile(r"^\s*([A-Za-z_]+)\s*\((.*)\)\s*$")


def _norm_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _norm_ppf(p: np.ndarray) -> np.ndarray:
    """Φ⁻¹, vectorised: Acklam's rational approximation (relative error
    < 1.2·10⁻⁹), which is what NumPy-only code uses in place of scipy."""
    a = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
         1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00)
    b = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
         6.680131188771972e+01, -1.328068155288572e+01)
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
         -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00)
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
         3.754408661907416e+00)
    p = np.asarray(p, dtype=float)
    plow = 0.02425
    out = np.empty_like(p)
    lo = p < plow
    hi = p > 1 - plow
    mid = ~(lo | hi)
    q = p[mid] - 0.5
    r = q * q
    out[mid] = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
                (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1))
    for mask, sign, pp in ((lo, 1.0, p[lo]), (hi, -1.0, 1 - p[hi])):
        q = np.sqrt(-2 * np.log(np.maximum(pp, 1e-300)))
        out[mask] = sign * ((((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1))
    return out


@dataclass
class Dist:
    family: str            # "fixed" or one of ARITY
    p: tuple[float, ...]

    @property
    def fixed(self) -> bool:
        return self.family == "fixed"

    def mean(self) -> float:
        f, p = self.family, self.p
        if f in ("fixed", "normal", "bernoulli"):
            return p[0]
        if f == "uniform":
            return (p[0] + p[1]) / 2
        if f == "triangular":
            return (p[0] + p[1] + p[2]) / 3
        if f == "pert":
            return (p[0] + 4 * p[1] + p[2]) / 6
        if f == "beta":
            return p[0] / (p[0] + p[1])
        if f == "lognormal":
            return math.exp(p[0] + p[1] ** 2 / 2)
        if f == "truncnormal":
            mu, s, lo, hi = p
            a, b = (lo - mu) / s, (hi - mu) / s
            phi = lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
            return mu + s * (phi(a) - phi(b)) / (_norm_cdf(b) - _norm_cdf(a))
        raise ValueError(f)

    def draw(self, rng: np.random.Generator, n: int):
        """n draws as an array, or the plain float of a fixed value (which
        broadcasts, so fixed inputs cost nothing per trial)."""
        f, p = self.family, self.p
        if f == "fixed":
            return p[0]
        if f == "normal":
            return rng.normal(p[0], p[1], n)
        if f == "uniform":
            return rng.uniform(p[0], p[1], n)
        if f == "triangular":
            return rng.triangular(p[0], p[1], p[2], n)
        if f == "pert":
            lo, mode, hi = p
            r = hi - lo
            return lo + r * rng.beta(1 + 4 * (mode - lo) / r, 1 + 4 * (hi - mode) / r, n)
        if f == "beta":
            return rng.beta(p[0], p[1], n)
        if f == "lognormal":
            return rng.lognormal(p[0], p[1], n)
        if f == "bernoulli":
            return (rng.random(n) < p[0]).astype(float)
        if f == "truncnormal":
            # Inversion, reflected into the lower tail like the Go engine.
            mu, s, lo, hi = p
            a, b = (lo - mu) / s, (hi - mu) / s
            flip = a > 0
            if flip:
                a, b = -b, -a
            pa, pb = _norm_cdf(a), _norm_cdf(b)
            z = np.clip(_norm_ppf(pa + rng.random(n) * (pb - pa)), a, b)
            return mu + s * (-z if flip else z)
        raise ValueError(f)


def parse_dist(v, where: str) -> Dist:
    if isinstance(v, bool):
        raise ValueError(f"{where}: expected a number or a distribution, got {v!r}")
    if isinstance(v, (int, float)):
        return Dist("fixed", (float(v),))
    if not isinstance(v, str):
        raise ValueError(f"{where}: expected a number or a distribution, got {v!r}")
    try:
        return Dist("fixed", (float(v),))
    except ValueError:
        pass
    m = _DIST_RE.match(v)
    if not m or m.group(1).lower() not in ARITY:
        raise ValueError(f"{where}: {v!r} is not a number or a known distribution")
    fam = m.group(1).lower()
    args = tuple(float(x) for x in m.group(2).split(","))
    if len(args) != ARITY[fam]:
        raise ValueError(f"{where}: {fam} takes {ARITY[fam]} parameters, got {v!r}")
    return Dist(fam, args)


# --------------------------------------------------------------------------
# Scenario
# --------------------------------------------------------------------------

@dataclass
class RedLine:
    index: int           # position in the party's red_lines
    label: str
    issue: str
    kind: str            # min | max | allowed | require
    hard: bool
    threshold: Dist | None
    penalty: Dist | None
    ok_levels: np.ndarray | None  # allowed/require: which values are allowed
    values: np.ndarray = None      # (K,) package values of the issue
    broken: np.ndarray = None      # (K,) bool, allowed/require only


@dataclass
class Cell:
    party: int
    track: int
    weights: list[Dist]            # nominal weights of the stakes on the track
    util: np.ndarray               # (S, K): u_i(x_i) for every package
    reservation: Dist
    effects: list[tuple[int, Dist]] = field(default_factory=list)  # (factor, coef)
    red_lines: list[RedLine] = field(default_factory=list)
    conc: float = 0.0


class Scenario:
    def __init__(self, path: Path):
        with open(path, "rb") as fh:
            d = tomllib.load(fh)
        self.id = d.get("scenario", {}).get("id", path.stem)
        run = d.get("run", {})
        self.default_trials = int(run.get("trials", 100000))
        self.default_seed = int(run.get("seed", 1))

        # Issues and tracks, in order of first appearance.
        self.issues = d["issues"]
        self.tracks: list[str] = []
        for iss in self.issues.values():
            if iss["track"] not in self.tracks:
                self.tracks.append(iss["track"])
        T = len(self.tracks)

        # Packages, resolving `extends`; values as numbers, level indices, 0/1.
        pk = d["packages"]
        self.packages = list(pk)
        K = len(self.packages)

        def resolve(pid, seen=()):
            if pid in seen:
                raise ValueError(f"packages.{pid}: extends loops")
            spec = pk[pid]
            vals = dict(resolve(spec["extends"], seen + (pid,))) if "extends" in spec else {}
            for k, v in spec.items():
                if k in ("label", "extends"):
                    continue
                if k == "schedule":  # merged track by track, as extends does
                    vals["schedule"] = {**vals.get("schedule", {}), **v}
                    continue
                vals[k] = v
            return vals

        self.values = {}  # issue -> (K,) float
        resolved = [resolve(p) for p in self.packages]
        # The one round of the talks (a timeline's rounds are not modelled
        # here: compare with the Go engine's --set timeline.rounds=1): a
        # track a package's schedule puts on the table after round 1 is
        # never accepted. off_table[t] is a (K,) mask.
        self.off_table = {t: np.array([vals.get("schedule", {}).get(name, 1) > 1 for vals in resolved])
                          for t, name in enumerate(self.tracks)}
        for iid, iss in self.issues.items():
            col = []
            for k, vals in enumerate(resolved):
                if iid not in vals:
                    raise ValueError(f"packages.{self.packages[k]}: no value for {iid}")
                v = vals[iid]
                if iss["kind"] == "ordinal":
                    col.append(float(iss["levels"].index(v)))
                elif iss["kind"] == "bool":
                    col.append(1.0 if v is True else 0.0)
                else:
                    col.append(float(v))
            self.values[iid] = np.array(col)

        # Parties: one Cell per staked (party, track).
        self.parties = list(d["parties"])
        self.veto = [bool(d["parties"][p].get("veto", False)) for p in self.parties]
        self.cells: list[Cell] = []
        self.cell_of: dict[tuple[int, int], Cell] = {}
        self.red_lines: list[tuple[int, RedLine]] = []  # (party, red line) in file order
        for pi, pid in enumerate(self.parties):
            ps = d["parties"][pid]
            res = ps.get("reservation")
            conc = float(ps.get("salience_concentration", 0.0))
            by_track: dict[int, list[tuple[str, dict]]] = {}
            for iid, st in ps.get("stakes", {}).items():
                by_track.setdefault(self.tracks.index(self.issues[iid]["track"]), []).append((iid, st))
            shared = None
            if not isinstance(res, dict) and res is not None:
                shared = parse_dist(res, f"parties.{pid}.reservation")  # one draw for all tracks
            for t in range(T):
                if t not in by_track:
                    continue  # indifferent: accepts, no margin
                stakes = by_track[t]
                if shared is not None:
                    rdist = shared
                elif isinstance(res, dict):
                    name = self.tracks[t]
                    v = res.get(name, res.get("default"))
                    if v is None:
                        raise ValueError(f"parties.{pid}.reservation: no value for track {name}")
                    rdist = parse_dist(v, f"parties.{pid}.reservation.{name}")  # own draw
                else:
                    raise ValueError(f"parties.{pid}: missing reservation")
                util = np.array([[self._utility(st, self.issues[iid], self.values[iid][k])
                                  for k in range(K)] for iid, st in stakes])
                cell = Cell(pi, t, [parse_dist(st["weight"], f"parties.{pid}.stakes.{iid}.weight")
                                    for iid, st in stakes], util, rdist, conc=conc)
                self.cells.append(cell)
                self.cell_of[(pi, t)] = cell
            # A shared reservation is one Param drawn once per trial for all
            # tracks: the cells hold the same Dist object, drawn once.
            for j, rl in enumerate(ps.get("red_lines", [])):
                iss = self.issues[rl["issue"]]
                kind = next(k for k in ("min", "max", "allowed", "require") if k in rl)
                ok = None
                if kind == "allowed":
                    ok = np.array([lv in rl["allowed"] for lv in iss["levels"]])
                elif kind == "require":
                    ok = np.array([not rl["require"], bool(rl["require"])])
                r = RedLine(j, rl.get("label", ""), rl["issue"], kind, bool(rl.get("hard", False)),
                            parse_dist(rl[kind], f"parties.{pid}.red_lines[{j}].{kind}") if kind in ("min", "max") else None,
                            parse_dist(rl["weight"], f"parties.{pid}.red_lines[{j}].weight") if "weight" in rl else None,
                            ok)
                r.values = self.values[rl["issue"]]
                if ok is not None:
                    r.broken = ~ok[r.values.astype(int)]
                t = self.tracks.index(iss["track"])
                self.cell_of[(pi, t)].red_lines.append(r)
                self.red_lines.append((pi, r))

        # Factors and their effects on reservations.
        self.factors: list[Dist] = []
        for fi, (fid, fs) in enumerate(d.get("factors", {}).items()):
            self.factors.append(parse_dist(fs["value"], f"factors.{fid}.value"))
            for e in fs.get("effects", []):
                if e.get("on", "reservation") != "reservation":
                    raise ValueError(f"factors.{fid}: effect on {e['on']} not supported")
                pi = self.parties.index(e["party"])
                coef = parse_dist(e["coef"], f"factors.{fid}.effects.coef")
                tracks = [self.tracks.index(t) for t in e["tracks"]] if "tracks" in e else range(T)
                for t in tracks:
                    if (pi, t) in self.cell_of:  # no stake: indifferent, R unused
                        self.cell_of[(pi, t)].effects.append((fi, coef))

        # Pathways: the (party, track) pairs that must accept; [] = fallback.
        self.pathways: list[tuple[str, list[tuple[int, int]]]] = []
        for w in d["pathways"]:
            tracks = w.get("tracks", [])
            if not tracks:
                self.pathways.append((w["id"], []))
                continue
            ab = w.get("accepted_by", "veto")
            if ab == "veto":
                who = [i for i, v in enumerate(self.veto) if v]
            elif ab == "all":
                who = list(range(len(self.parties)))
            else:
                who = [self.parties.index(p) for p in ab]
            self.pathways.append((w["id"], [(p, self.tracks.index(t)) for p in who for t in tracks]))

    @staticmethod
    def _utility(st: dict, iss: dict, x: float) -> float:
        if "values" in st:
            if iss["kind"] == "bool":
                return float(st["values"]["true" if x == 1.0 else "false"])
            return float(st["values"][iss["levels"][int(x)]])
        if "curve" in st:
            pts = sorted(st["curve"], key=lambda q: q[0])
            return float(np.interp(x, [q[0] for q in pts], [q[1] for q in pts]))
        best, worst = float(st["best"]), float(st["worst"])
        return float(np.clip((x - worst) / (best - worst), 0.0, 1.0))


# --------------------------------------------------------------------------
# Simulation
# --------------------------------------------------------------------------

class Tally:
    def __init__(self, sc: Scenario):
        K, C = len(sc.packages), len(sc.cells)
        self.trials = 0
        self.pathway = np.zeros((K, len(sc.pathways)), np.int64)
        self.accept = np.zeros((C, K), np.int64)
        self.violated = {id(r): np.zeros(K, np.int64) for _, r in sc.red_lines}
        self.pivotal = {id(r): np.zeros(K, np.int64) for _, r in sc.red_lines}
        self.msum = np.zeros((C, K))
        self.msq = np.zeros((C, K))
        self.mmin = np.full((C, K), np.inf)
        self.mmax = np.full((C, K), -np.inf)
        self.hist = np.zeros((C, K, NBINS), np.int64)


def _count(mask: np.ndarray) -> np.ndarray:
    """Per-package counts of a (K, n) boolean array. np.count_nonzero on a
    contiguous row is far faster than a boolean .sum(axis=…)."""
    return np.array([np.count_nonzero(row) for row in mask], np.int64)


def _col(x):
    """A per-trial draw (n,) as a (1, n) row that broadcasts against the
    (K, n) package × trial arrays; a fixed value stays a scalar."""
    return x[None, :] if isinstance(x, np.ndarray) else x


def run_batch(sc: Scenario, rng: np.random.Generator, n: int, tl: Tally, margins: bool = True):
    """Score every package on one batch of n trials. Arrays are laid out
    package-major, (K, n), so that every reduction over trials runs along
    contiguous memory."""
    K = len(sc.packages)
    kofs = (np.arange(K) * NBINS)[:, None]

    # 1. Every uncertain input, drawn once per trial (a Dist object shared by
    #    several cells, such as a single reservation, is drawn once).
    cache: dict[int, object] = {}

    def val(dist: Dist):
        v = cache.get(id(dist))
        if v is None:
            v = cache[id(dist)] = dist.draw(rng, n)
        return v

    fac = [val(f) for f in sc.factors]
    for _, r in sc.red_lines:
        if r.threshold is not None:
            val(r.threshold)
        if r.penalty is not None:
            val(r.penalty)

    accept: dict[tuple[int, int], np.ndarray] = {}
    for ci, c in enumerate(sc.cells):
        # 2. Salience weights, (S, n): Dirichlet(c·w̄/Σw̄) on this track,
        #    drawn as independent gammas (the Dirichlet's normalisation
        #    cancels in U, which divides by Σw anyway).
        ws = [val(w) for w in c.weights]
        S = len(ws)
        if all(np.isscalar(w) for w in ws):
            w = np.maximum(0.0, np.array(ws, dtype=float))[:, None]        # (S, 1)
            if c.conc > 0 and S > 1 and w.sum() > 0:
                alpha = c.conc * w[:, 0] / w.sum()
                g = np.zeros((S, n))
                pos = alpha > 0
                g[pos] = rng.standard_gamma(alpha[pos][:, None], size=(int(pos.sum()), n))
                w = g
        else:
            w = np.maximum(0.0, np.vstack([np.broadcast_to(x, n) for x in ws]))  # (S, n)
            if c.conc > 0 and S > 1:
                tot = w.sum(axis=0)
                alpha = c.conc * w / np.where(tot > 0, tot, 1.0)
                w = np.where(tot > 0, rng.standard_gamma(alpha), w)        # Gamma(0) = 0
        den = w.sum(axis=0)                                                  # (n,) or (1,)
        U = c.util.T @ w                                                     # (K, n) or (K, 1)
        U /= np.where(den > 0, den, 1.0)
        # 3. Margin before penalties: U − (reservation + Σ coef × factor).
        R = val(c.reservation)
        for fi, coef in c.effects:
            R = R + val(coef) * fac[fi]
        margin = np.empty((K, n))
        np.subtract(U, _col(R), out=margin)
        # 4. Red lines on this cell: thresholds drawn per trial (min/max);
        #    allowed/require are broken or not by the package alone.
        viol = []
        hard = None
        for r in c.red_lines:
            if r.threshold is not None:
                thr = _col(val(r.threshold))
                v = np.less(r.values[:, None], thr) if r.kind == "min" else np.greater(r.values[:, None], thr)
                v = np.broadcast_to(v, (K, n))
                tl.violated[id(r)] += _count(v)
            else:
                v = np.broadcast_to(r.broken[:, None], (K, n))
                tl.violated[id(r)] += r.broken * n
            viol.append(v)
            if r.hard:
                hard = v.astype(np.int8) if hard is None else hard + v
            else:
                margin -= _col(val(r.penalty)) * v
        ok = margin >= 0
        if hard is not None:
            ok &= hard == 0
        ok &= ~sc.off_table[c.track][:, None]
        accept[(c.party, c.track)] = ok
        tl.accept[ci] += _count(ok)
        # 5. Pivotal red lines: the party rejects, and would accept with that
        #    one red line satisfied.
        if viol:
            rejected = ~ok & ~sc.off_table[c.track][:, None]  # off the table: nothing pivotal
            for r, v in zip(c.red_lines, viol):
                if not r.broken is None and not r.broken.any() and r.threshold is None:
                    continue
                if r.hard:
                    piv = v & rejected & (margin >= 0) & (hard == 1)
                else:
                    piv = v & rejected & ((margin + _col(val(r.penalty))) >= 0)
                    if hard is not None:
                        piv &= hard == 0
                tl.pivotal[id(r)] += _count(piv)
        # 6. Margin moments, extremes and histogram (bins as sim/tally.go).
        if margins:
            tl.msum[ci] += margin.sum(axis=1)
            tl.msq[ci] += np.einsum("kn,kn->k", margin, margin)
            np.minimum(tl.mmin[ci], margin.min(axis=1), out=tl.mmin[ci])
            np.maximum(tl.mmax[ci], margin.max(axis=1), out=tl.mmax[ci])
            # bin = floor((m + 2)·256) + 1, clamped to [0, NBINS−1]; clamping
            # first lets the cast to int (truncation) do the floor.
            b = margin * (1.0 / BIN_WIDTH)
            b += HIST_RANGE / BIN_WIDTH + 1
            np.clip(b, 0, NBINS - 1, out=b)
            idx = b.astype(np.intp)
            idx += kofs
            tl.hist[ci] += np.bincount(idx.ravel(), minlength=K * NBINS).reshape(K, NBINS)

    # 7. Pathways, first match; a cell without a stake always accepts.
    left = np.ones((K, n), bool)
    for w, (_, need) in enumerate(sc.pathways):
        m = left.copy()
        for pc in need:
            if pc in accept:
                m &= accept[pc]
        tl.pathway[:, w] += _count(m)
        left &= ~m
    tl.trials += n


def percentile(hist: np.ndarray, n: int, q: float, lo: float, hi: float) -> float:
    target = q * n
    cum = np.cumsum(hist)
    b = int(np.searchsorted(cum, target, side="left"))
    b = min(b, NBINS - 1)
    while hist[b] == 0:
        b += 1
    prev = cum[b] - hist[b]
    if b == 0:
        frm, to = lo, -HIST_RANGE
    elif b == NBINS - 1:
        frm, to = HIST_RANGE, hi
    else:
        frm = -HIST_RANGE + (b - 1) * BIN_WIDTH
        to = frm + BIN_WIDTH
    frm, to = max(frm, lo), min(to, hi)
    v = frm + (to - frm) * (target - prev) / hist[b]
    return max(lo, min(hi, v))


def results(sc: Scenario, tl: Tally) -> dict:
    n = tl.trials
    out = {"trials": n, "pathways": [], "acceptance": [], "red_lines": [], "margins": []}
    for k, pkg in enumerate(sc.packages):
        for w, (wid, _) in enumerate(sc.pathways):
            out["pathways"].append({"package": pkg, "pathway": wid, "count": int(tl.pathway[k, w]),
                                    "probability": tl.pathway[k, w] / n})
        for pi, party in enumerate(sc.parties):
            for t, track in enumerate(sc.tracks):
                c = sc.cell_of.get((pi, t))
                if c is None:
                    out["acceptance"].append({"package": pkg, "party": party, "track": track,
                                              "stake": False, "probability": 1.0})
                    continue
                ci = sc.cells.index(c)
                out["acceptance"].append({"package": pkg, "party": party, "track": track, "stake": True,
                                          "probability": tl.accept[ci, k] / n})
                mean = tl.msum[ci, k] / n
                var = max(0.0, (tl.msq[ci, k] - n * mean * mean) / (n - 1)) if n > 1 else float("nan")
                lo, hi = tl.mmin[ci, k], tl.mmax[ci, k]
                h = tl.hist[ci, k]
                out["margins"].append({"package": pkg, "party": party, "track": track, "n": n,
                                       "mean": mean, "sd": math.sqrt(var),
                                       "p5": percentile(h, n, 0.05, lo, hi) if h.sum() else None,
                                       "p50": percentile(h, n, 0.50, lo, hi) if h.sum() else None,
                                       "p95": percentile(h, n, 0.95, lo, hi) if h.sum() else None,
                                       "min": lo, "max": hi})
        for pi, r in sc.red_lines:
            out["red_lines"].append({"package": pkg, "party": sc.parties[pi], "red_line": r.index,
                                     "label": r.label, "hard": r.hard,
                                     "violated": tl.violated[id(r)][k] / n,
                                     "pivotal": tl.pivotal[id(r)][k] / n})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO))
    ap.add_argument("--trials", type=int, default=None)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--batch", type=int, default=1_000_000)
    ap.add_argument("--no-margins", action="store_true",
                    help="skip the margin moments and histogram (to time their share)")
    ap.add_argument("--json", metavar="FILE", help="write every estimate as JSON")
    ap.add_argument("--full", action="store_true", help="also print acceptance and red lines")
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    sc = Scenario(Path(a.scenario))
    trials = a.trials if a.trials is not None else sc.default_trials
    seed = a.seed if a.seed is not None else sc.default_seed
    rng = np.random.default_rng(seed)
    tl = Tally(sc)
    t1 = time.perf_counter()
    done = 0
    while done < trials:
        n = min(a.batch, trials - done)
        run_batch(sc, rng, n, tl, margins=not a.no_margins)
        done += n
    t2 = time.perf_counter()
    res = results(sc, tl)
    t3 = time.perf_counter()

    print(f"Scenario {sc.id}: {trials} trials, seed {seed}, batch {a.batch}, "
          f"{len(sc.packages)} packages, NumPy {np.__version__}")
    print(f"simulation {t2 - t1:.3f} s  ->  {trials / (t2 - t1):,.0f} trials/s "
          f"(load {t1 - t0:.3f} s, summarise {t3 - t2:.3f} s)")
    width = max(len(w) for w, _ in sc.pathways)
    for k, pkg in enumerate(sc.packages):
        print(f"\n{pkg}")
        for row in res["pathways"][k * len(sc.pathways):(k + 1) * len(sc.pathways)]:
            p = row["probability"]
            se = math.sqrt(max(p * (1 - p), 1e-300) / trials)
            print(f"  {row['pathway']:<{width}}  {100 * p:6.2f}%  ± {196 * se:.2f}")
        if a.full:
            for row in res["acceptance"]:
                if row["package"] == pkg:
                    print(f"    accept {row['party']:>14} {row['track']:<13} {100 * row['probability']:6.2f}%")
            for row in res["red_lines"]:
                if row["package"] == pkg and row["violated"] > 0:
                    print(f"    red line {row['party']}[{row['red_line']}] {row['label'][:40]:<40} "
                          f"violated {100 * row['violated']:6.2f}%  pivotal {100 * row['pivotal']:6.2f}%")
    if a.json:
        res["seconds"] = t2 - t1
        res["trials_per_second"] = trials / (t2 - t1)
        Path(a.json).write_text(json.dumps(res, indent=1, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
