package plot

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/peacesim/peacesim/results"
)

// The package a chart of one package shows when Options.Packages names
// none. The first of the tables is often one the study cannot move (a
// sweep of packages.miami_20_point.troop_cap leaves us_28_point as it
// is), so a chart shows the package the study is about, and its caption
// says which and why.

// DefaultPackage is the package New draws a chart of one package of d
// for (heatmap, tornado or sobol, as Options.Chart names them; for a
// sweep over one key, "sweep", the package of the report's table) when
// Options.Packages names none, and why, in a caption's words. pathway is
// the pathway shown, "" for the first. It is
//
//   - for a sweep whose varied keys (the manifest's --vary, else the
//     columns of sweep.csv) name packages.P.… for one package P it has:
//     P; for several, the one of them its probability moves most;
//   - otherwise the package whose probability of the pathway moves most:
//     over a sweep, the widest range over its points; in a tornado, the
//     largest |swing|; of Sobol indices, the largest total index;
//
// the first in the table on a tie. why is "" when there is no choice (one
// package) and pkg is "" for a chart of another kind, or no rows.
func DefaultPackage(d *results.Dir, chart, pathway string) (pkg, why string) {
	switch chart {
	case "heatmap", "sweep":
		return sweepPackage(d, pathway)
	case "tornado":
		return tornadoPackage(d.Tornado, pathway)
	case "sobol":
		return sobolPackage(d.Sobol, pathway)
	}
	return "", ""
}

// shownLine is the caption's line that says which package a chart shows
// and why, when it was not asked for and there was a choice.
func shownLine(opts Options, pkg, why string) string {
	if len(opts.Packages) > 0 || why == "" {
		return ""
	}
	return "shown: " + pkg + ", " + why
}

// sweepPackage is the package a sweep is about: the one its keys vary, or
// the one whose probability of the pathway they move most.
func sweepPackage(d *results.Dir, pathway string) (pkg, why string) {
	rows := d.Sweep
	if len(rows) == 0 {
		return "", ""
	}
	pathway = cmp.Or(pathway, rows[0].Pathway)
	all := firstSeen(rows, func(r results.SweepRow) string { return r.Package })
	varied := slices.DeleteFunc(variedPackages(d), func(p string) bool { return !slices.Contains(all, p) })
	switch {
	case len(all) == 1:
		return all[0], ""
	case len(varied) == 1:
		return varied[0], "the package the sweep varies"
	}
	among := all
	if len(varied) > 1 {
		among = varied
	}
	pkg, by, ok := mostMoved(among, func(p string) float64 { return sweepRange(rows, p, pathway) })
	if !ok {
		return pkg, ""
	}
	why = fmt.Sprintf("whose probability of %s moves most over the sweep (by %s points)", pathway, strings.TrimPrefix(points(by), "+"))
	if len(varied) > 1 {
		why = "of the packages the sweep varies, the one " + why
	} else {
		why = "the package " + why
	}
	return pkg, why
}

// variedPackages are the packages P whose values a sweep varies, keys
// packages.P.…, in the order of the keys.
func variedPackages(d *results.Dir) []string {
	keys := d.SweepKeys
	if sw := d.Manifest.Sweep; sw != nil && len(sw.Vary) > 0 {
		keys = nil
		for _, v := range sw.Vary {
			key, _, _ := strings.Cut(v, "=")
			keys = append(keys, strings.TrimSpace(key))
		}
	}
	var out []string
	for _, k := range keys {
		rest, ok := strings.CutPrefix(k, "packages.")
		if p, _, _ := strings.Cut(rest, "."); ok && p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// sweepRange is how far a package's probability of the pathway moves over
// a sweep's points: the largest less the smallest.
func sweepRange(rows []results.SweepRow, pkg, pathway string) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		if r.Package == pkg && r.Pathway == pathway && !math.IsNaN(r.Probability) {
			lo, hi = min(lo, r.Probability), max(hi, r.Probability)
		}
	}
	return hi - lo
}

// tornadoPackage is the package whose probability of the pathway an input
// swings most.
func tornadoPackage(rows []results.TornadoRow, pathway string) (pkg, why string) {
	if len(rows) == 0 {
		return "", ""
	}
	pathway = cmp.Or(pathway, rows[0].Pathway)
	all := firstSeen(rows, func(r results.TornadoRow) string { return r.Package })
	if len(all) == 1 {
		return all[0], ""
	}
	pkg, by, ok := mostMoved(all, func(p string) float64 {
		return largest(rows, func(r results.TornadoRow) (bool, float64) {
			return r.Package == p && r.Pathway == pathway, math.Abs(r.Swing)
		})
	})
	if !ok {
		return pkg, ""
	}
	return pkg, fmt.Sprintf("the package whose probability of %s the inputs swing most (by %s points)", pathway, strings.TrimPrefix(points(by), "+"))
}

// sobolPackage is the package with the largest total Sobol index of the
// pathway.
func sobolPackage(rows []results.SobolRow, pathway string) (pkg, why string) {
	if len(rows) == 0 {
		return "", ""
	}
	pathway = cmp.Or(pathway, rows[0].Pathway)
	all := firstSeen(rows, func(r results.SobolRow) string { return r.Package })
	if len(all) == 1 {
		return all[0], ""
	}
	pkg, by, ok := mostMoved(all, func(p string) float64 {
		return largest(rows, func(r results.SobolRow) (bool, float64) { return r.Package == p && r.Pathway == pathway, r.Total })
	})
	if !ok {
		return pkg, ""
	}
	return pkg, fmt.Sprintf("the package with the largest total Sobol index of %s (%s)", pathway, index(by))
}

// mostMoved is the package of packages with the largest effect, the first
// on a tie, and that effect; ok is false, and the package the first, when
// no effect is known (NaN, or −Inf for none).
func mostMoved(packages []string, effect func(pkg string) float64) (pkg string, by float64, ok bool) {
	pkg, by = packages[0], math.Inf(-1)
	for _, p := range packages {
		if e := effect(p); e > by {
			pkg, by = p, e
		}
	}
	return pkg, by, !math.IsInf(by, -1)
}

// largest is the largest value of the rows that are of what is asked, NaN
// aside; −Inf for none.
func largest[R any](rows []R, of func(R) (bool, float64)) float64 {
	best := math.Inf(-1)
	for _, r := range rows {
		if ok, v := of(r); ok && !math.IsNaN(v) {
			best = max(best, v)
		}
	}
	return best
}
