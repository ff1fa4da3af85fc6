package results

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/peacesim/peacesim/sim"
)

// comparisonsTable has one row per pair of packages × pathway, for the
// pairs of Result.Paired (package_a before package_b in model order): the
// paired difference P(a) − P(b) on the same trials, its interval and the
// discordant counts it rests on.
func comparisonsTable(m *sim.Model, r *sim.Result) tidy {
	t := tidy{name: "comparisons", columns: []string{
		"scenario", "package_a", "package_b", "pathway", "p_a", "p_b", "difference", "ci_low", "ci_high",
		"excludes_zero", "identical", "a_only", "b_only", "both", "neither", "trials", "seed"}}
	for _, d := range r.Paired {
		pa, pb := r.Pathways[d.A][d.Pathway], r.Pathways[d.B][d.Pathway]
		t.rows = append(t.rows, row(
			[]any{m.ID, m.Packages[d.A].ID, m.Packages[d.B].ID, m.Pathways[d.Pathway].ID, pa.P, pb.P,
				d.Difference, d.Low, d.High, excludesZero(d), d.Identical, d.AOnly, d.BOnly, d.Both, d.Neither},
			tail(r)))
	}
	return t
}

// excludesZero reports whether a difference is beyond sampling error: its
// 95% interval does not hold 0.
func excludesZero(d sim.PairedDifference) bool { return d.Low > 0 || d.High < 0 }

// WriteComparisons writes comparisons.csv: for every pair of packages and
// every pathway, the paired difference of their probabilities on the same
// trials, with its 95% interval. The results must come from runs with
// sim.Options.Paired; otherwise the table has a header and no rows.
func WriteComparisons(w io.Writer, runs ...Run) error {
	return buildCSV(w, runs, comparisonsTable)
}

// checkPaired verifies that every index of r.Paired is in range, so the
// builders can index freely (checkShape covers the rest).
func checkPaired(m *sim.Model, r *sim.Result) error {
	if err := checkShape(m, r); err != nil {
		return err
	}
	for _, d := range r.Paired {
		if d.A < 0 || d.A >= len(m.Packages) || d.B < 0 || d.B >= len(m.Packages) || d.Pathway < 0 || d.Pathway >= len(m.Pathways) {
			return fmt.Errorf("%w: a paired difference of packages %d and %d on pathway %d", errShape, d.A, d.B, d.Pathway)
		}
	}
	return nil
}

// WriteComparisonTable writes, for reading on a terminal, each pathway's
// packages ranked by their probability of leading to it, and between
// neighbours in the ranking the paired difference with its 95% interval
// and whether it is beyond sampling error. comparisons.csv holds every
// pair.
func WriteComparisonTable(w io.Writer, m *sim.Model, r *sim.Result) error {
	if err := checkPaired(m, r); err != nil {
		return err
	}
	pair := map[[3]int]sim.PairedDifference{}
	for _, d := range r.Paired {
		pair[[3]int{d.A, d.B, d.Pathway}] = d
	}
	// between returns the difference of a over b (either order).
	between := func(a, b, w int) (sim.PairedDifference, bool) {
		if d, ok := pair[[3]int{a, b, w}]; ok {
			return d, true
		}
		d, ok := pair[[3]int{b, a, w}]
		d.Difference, d.Low, d.High = -d.Difference, -d.High, -d.Low
		d.AOnly, d.BOnly = d.BOnly, d.AOnly
		return d, ok
	}
	sw := &stickyWriter{w: w}
	writeHeading(sw, m, r, "; every package on the same trials")
	for w, pw := range m.Pathways {
		order := make([]int, len(m.Packages))
		for k := range order {
			order[k] = k
		}
		// Highest first; ties keep model order, so the table is deterministic.
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(r.Pathways[b][w].P, r.Pathways[a][w].P) })
		fmt.Fprintf(sw, "\n%s", pw.ID)
		if pw.Label != "" {
			fmt.Fprintf(sw, " — %s", pw.Label)
		}
		fmt.Fprintln(sw)
		tw := newTabWriter(sw)
		fmt.Fprintln(tw, "  rank\tpackage\tprobability\t95% CI\tahead of the next by\t95% CI")
		for i, k := range order {
			p := r.Pathways[k][w]
			fmt.Fprintf(tw, "  %d\t%s\t%s\t[%s, %s]", i+1, m.Packages[k].ID, percent(p.P), percent(p.Low), percent(p.High))
			if i+1 < len(order) {
				if d, ok := between(k, order[i+1], w); ok {
					fmt.Fprintf(tw, "\t%s pts\t%s", points(d.Difference), verdict(d))
				}
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	fmt.Fprintln(sw, "\nDifferences are in percentage points, from the same trials (Newcombe's paired interval);")
	fmt.Fprintln(sw, "\"identical\": the packages differ only on issues this pathway cannot depend on.")
	return sw.err
}

// points formats a difference of probabilities in percentage points: one
// decimal, or two significant digits for a difference too small for one
// (the interval of two packages that never differ is about ±0.004 points
// at 10⁵ trials), so that no non-zero bound reads as 0.
func points(d float64) string {
	x := 100 * d
	switch {
	case x == 0:
		return "0"
	case math.Abs(x) < 0.05:
		s := strconv.FormatFloat(x, 'g', 2, 64)
		if x > 0 {
			s = "+" + s
		}
		return s
	}
	return fmt.Sprintf("%+.1f", x)
}

// verdict says what a paired difference's interval allows.
func verdict(d sim.PairedDifference) string {
	ci := fmt.Sprintf("[%s, %s]", points(d.Low), points(d.High))
	switch {
	case d.Identical:
		return "[0, 0]  identical"
	case excludesZero(d):
		return ci + "  beyond sampling error"
	case d.AOnly == 0 && d.BOnly == 0:
		return ci + "  within sampling error (no trial differs)"
	default:
		return ci + "  within sampling error"
	}
}
