package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/results"
)

// The numbers of the page: probabilities as percentages with one
// decimal, differences in percentage points, Sobol indices with two
// decimals, other values with four significant digits; NA where the
// tables say NA.

func pct(p float64) string {
	if math.IsNaN(p) {
		return "NA"
	}
	return strconv.FormatFloat(100*p, 'f', 1, 64) + "%"
}

func interval(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "NA"
	}
	return strconv.FormatFloat(100*lo, 'f', 1, 64) + "–" + pct(hi)
}

func withInterval(p, lo, hi float64) string {
	return pct(p) + " (" + interval(lo, hi) + ")"
}

// pts writes a difference of probabilities in percentage points.
func pts(d float64) string {
	if math.IsNaN(d) {
		return "NA"
	}
	return fmt.Sprintf("%+.1f pts", 100*d)
}

func ptsInterval(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "NA"
	}
	return fmt.Sprintf("%+.1f to %+.1f", 100*lo, 100*hi)
}

func index(v float64) string {
	if math.IsNaN(v) {
		return "NA"
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if s == "-0.00" {
		return "0.00"
	}
	return s
}

func indexInterval(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "NA"
	}
	return index(lo) + " to " + index(hi)
}

func num(v float64) string {
	if math.IsNaN(v) {
		return "NA"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// The text alternatives of the charts: what a reader who cannot see the
// chart needs of it, its kind, what it plots and its salient figures.

func runAlt(rows []results.PathwayRow) string {
	pathways := firstSeen(rows, func(r results.PathwayRow) string { return r.Pathway })
	groups := firstSeen(rows, func(r results.PathwayRow) string { return r.Scenario + " " + r.Package })
	var b strings.Builder
	fmt.Fprintf(&b, "Horizontal bar chart of the probability of each pathway (%s) for %d packages, with 95%% intervals.",
		strings.Join(pathways, ", "), len(groups))
	batch := len(firstSeen(rows, func(r results.PathwayRow) string { return r.Scenario })) > 1
	var last string
	for _, r := range rows {
		g := r.Package
		if batch {
			g = r.Scenario + " " + r.Package
		}
		if g != last {
			if last != "" {
				b.WriteString(";")
			}
			fmt.Fprintf(&b, " %s:", g)
			last = g
		} else {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s %s", r.Pathway, pct(r.Probability))
	}
	b.WriteString(".")
	return b.String()
}

func compareAlt(rows []results.ComparisonRow, pathway string) string {
	var of []results.ComparisonRow
	clear := 0
	for _, r := range rows {
		if r.Pathway == pathway {
			of = append(of, r)
			if r.ExcludesZero {
				clear++
			}
		}
	}
	s := fmt.Sprintf("Chart of the paired differences in the probability of %s between %d pairs of packages, with 95%% intervals against zero; %d of them exclude zero.",
		pathway, len(of), clear)
	if len(of) > 0 {
		big := slices.MaxFunc(of, func(a, b results.ComparisonRow) int {
			return cmp.Compare(math.Abs(a.Difference), math.Abs(b.Difference))
		})
		s += fmt.Sprintf(" Largest: %s − %s, %s (%s).", big.PackageA, big.PackageB, pts(big.Difference), ptsInterval(big.CILow, big.CIHigh))
	}
	return s
}

func sweepAlt(rows []results.SweepRow, key string) string {
	values := firstSeen(rows, func(r results.SweepRow) string { return r.Values[0] })
	packages := firstSeen(rows, func(r results.SweepRow) string { return r.Package })
	var b strings.Builder
	fmt.Fprintf(&b, "Line chart, a panel per package (%d): the probability of each pathway against %s, from %s to %s (%d values), with 95%% bands.",
		len(packages), key, values[0], values[len(values)-1], len(values))
	for _, p := range packages {
		fmt.Fprintf(&b, " %s:", p)
		for j, w := range firstSeen(rows, func(r results.SweepRow) string { return r.Pathway }) {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, r := range rows {
				if r.Package == p && r.Pathway == w {
					lo, hi = math.Min(lo, r.Probability), math.Max(hi, r.Probability)
				}
			}
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, " %s from %s to %s", w, pct(lo), pct(hi))
		}
		b.WriteString(";")
	}
	return strings.TrimSuffix(b.String(), ";") + "."
}

func heatmapAlt(rows []results.SweepRow, keys []string, pkg, pathway string) string {
	var lo, hi *results.SweepRow
	for i := range rows {
		r := &rows[i]
		if r.Package != pkg || r.Pathway != pathway || math.IsNaN(r.Probability) {
			continue
		}
		if lo == nil || r.Probability < lo.Probability {
			lo = r
		}
		if hi == nil || r.Probability > hi.Probability {
			hi = r
		}
	}
	s := fmt.Sprintf("Heatmap of the probability of %s for %s over %s and %s.", pathway, pkg, keys[0], keys[1])
	if lo != nil {
		s += fmt.Sprintf(" Lowest %s at %s = %s, %s = %s; highest %s at %s = %s, %s = %s.",
			pct(lo.Probability), keys[0], lo.Values[0], keys[1], lo.Values[1],
			pct(hi.Probability), keys[0], hi.Values[0], keys[1], hi.Values[1])
	}
	return s
}

func tornadoAlt(rows []results.TornadoRow) string {
	if len(rows) == 0 {
		return "Tornado chart with no inputs."
	}
	r := rows[0]
	s := fmt.Sprintf("Tornado chart of the probability of %s for %s (base %s): a bar per input, from the probability with the input fixed low to it fixed high, the %d inputs of largest swing.",
		r.Pathway, r.Package, pct(r.PBase), min(len(rows), topInputs))
	s += fmt.Sprintf(" Largest: %s, from %s to %s", r.Input, pct(r.PLow), pct(r.PHigh))
	for _, r := range rows[1:min(len(rows), 3)] {
		s += fmt.Sprintf("; then %s (%s)", r.Input, pts(r.Swing))
	}
	return s + "."
}

func sobolAlt(rows []results.SobolRow) string {
	if len(rows) == 0 {
		return "Chart of Sobol indices with no inputs."
	}
	r := rows[0]
	s := fmt.Sprintf("Chart of the first-order and total Sobol indices of the probability of %s for %s, with bootstrap 95%% intervals, the %d inputs of largest total index.",
		r.Pathway, r.Package, min(len(rows), topInputs))
	for i, r := range rows[:min(len(rows), 3)] {
		sep := "; "
		if i == 0 {
			sep = " Largest: "
		}
		s += fmt.Sprintf("%s%s (total %s, first-order %s)", sep, r.Input, index(r.Total), index(r.FirstOrder))
	}
	return s + "."
}

func trajectoryAlt(rows []results.TrajectoryRow) string {
	r := rows[0]
	s := fmt.Sprintf("Scatter chart of PRIM's peeling trajectory for %s → %s: the density of each of %d boxes against its coverage, from coverage %s and density %s for all trials",
		r.Package, r.Pathway, len(rows), pct(r.Coverage), pct(r.Density))
	if i := slices.IndexFunc(rows, func(r results.TrajectoryRow) bool { return r.Chosen }); i >= 0 {
		c := rows[i]
		s += fmt.Sprintf("; the chosen box, step %d, has coverage %s and density %s and restricts %d inputs", c.Step, pct(c.Coverage), pct(c.Density), c.Restricted)
	}
	return s + "."
}

func frontierAlt(d *results.Dir) string {
	parties := d.BargainParties
	tracks := firstSeen(d.Frontier, func(r results.FrontierRow) string { return r.Track })
	s := fmt.Sprintf("Chart of the Pareto frontier of each track (%s)", strings.Join(tracks, ", "))
	if len(parties) >= 2 {
		s += fmt.Sprintf(" in the utilities of %s and %s", parties[0], parties[1])
	}
	s += ", with the reservations, the zone of agreement, the Nash and Kalai–Smorodinsky solutions and the declared packages."
	var with, without []string
	for _, z := range d.ZOPA {
		if z.Exists {
			with = append(with, z.Track)
		} else {
			without = append(without, z.Track)
		}
	}
	if len(with) > 0 {
		s += " A zone of agreement exists on " + strings.Join(with, ", ") + "."
	}
	if len(without) > 0 {
		s += " None on " + strings.Join(without, ", ") + "."
	}
	return s
}
