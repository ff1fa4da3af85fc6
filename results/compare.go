package results

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/peacesim/peacesim/sim"
)

// ComparisonRow is one row of comparisons.csv: the paired difference
// PA − PB of two packages on one pathway.
type ComparisonRow struct {
	Scenario, PackageA, PackageB, Pathway string
	PA, PB, Difference, CILow, CIHigh     float64
	ExcludesZero, Identical               bool
	AOnly, BOnly, Both, Neither           int64
	Trials                                int64
	// Evidence are the evidence columns, in a run with evidence.
	Evidence EvidenceCells
	Seed     uint64
}

// comparisonsTable has one row per pair of packages × pathway, for the
// pairs of Result.Paired (package_a before package_b in model order): the
// paired difference P(a) − P(b) on the same trials, its interval and the
// discordant counts it rests on.
var comparisonsTable = &table[ComparisonRow]{
	evidence: func(r *ComparisonRow) *EvidenceCells { return &r.Evidence },
	file:     "comparisons.csv",
	dir:      func(d *Dir) *[]ComparisonRow { return &d.Comparisons },
	run: func(run Run) []ComparisonRow {
		m, r := run.Model, run.Result
		var rows []ComparisonRow
		for _, d := range r.Paired {
			pa, pb := r.Pathways[d.A][d.Pathway], r.Pathways[d.B][d.Pathway]
			rows = append(rows, ComparisonRow{m.ID, m.Packages[d.A].ID, m.Packages[d.B].ID, m.Pathways[d.Pathway].ID,
				pa.P, pb.P, d.Difference, d.Low, d.High, excludesZero(d), d.Identical,
				d.AOnly, d.BOnly, d.Both, d.Neither, r.Trials, EvidenceCells{}, r.Seed})
		}
		return rows
	},
	columns: []column[ComparisonRow]{
		col("scenario", text, func(r *ComparisonRow) *string { return &r.Scenario },
			"scenario id"),
		col("package_a", text, func(r *ComparisonRow) *string { return &r.PackageA },
			"the first package of the pair"),
		col("package_b", text, func(r *ComparisonRow) *string { return &r.PackageB },
			"the second package of the pair"),
		col("pathway", text, func(r *ComparisonRow) *string { return &r.Pathway },
			"pathway id"),
		col("p_a", probability, func(r *ComparisonRow) *float64 { return &r.PA },
			"probability that `package_a` leads to the pathway (as in `pathways.csv`)"),
		col("p_b", probability, func(r *ComparisonRow) *float64 { return &r.PB },
			"probability that `package_b` leads to the pathway"),
		col("difference", difference, func(r *ComparisonRow) *float64 { return &r.Difference },
			"`p_a − p_b` = `(a_only − b_only) / trials`"),
		col("ci_low", difference, func(r *ComparisonRow) *float64 { return &r.CILow },
			"lower bound of the 95% interval of `difference`: Newcombe's hybrid score interval for paired proportions (Newcombe 1998, *Statistics in Medicine* 17:2635, method 10), `[0, 0]` when `identical`").atMost("difference"),
		col("ci_high", difference, func(r *ComparisonRow) *float64 { return &r.CIHigh },
			"upper bound of that interval").atLeast("difference"),
		col("excludes_zero", boolean, func(r *ComparisonRow) *bool { return &r.ExcludesZero },
			"`TRUE` when the interval does not hold 0: the difference is beyond sampling error"),
		col("identical", boolean, func(r *ComparisonRow) *bool { return &r.Identical },
			"`TRUE` when the two packages lead to the pathway in exactly the same trials whatever the draws, because every party and track that the pathway's rule (and the rules before it) depends on scores them alike: they differ only on issues that cannot move this pathway. The difference is then exactly 0, a fact of the model rather than an estimate"),
		col("a_only", count, func(r *ComparisonRow) *int64 { return &r.AOnly },
			"trials in which `package_a` leads to the pathway and `package_b` does not").atMost("trials"),
		col("b_only", count, func(r *ComparisonRow) *int64 { return &r.BOnly },
			"trials in which `package_b` leads to the pathway and `package_a` does not").atMost("trials"),
		col("both", count, func(r *ComparisonRow) *int64 { return &r.Both },
			"trials in which both do").atMost("trials"),
		col("neither", count, func(r *ComparisonRow) *int64 { return &r.Neither },
			"trials in which neither does").atMost("trials"),
		col("trials", count, func(r *ComparisonRow) *int64 { return &r.Trials },
			"number of Monte Carlo trials in the run"),
		evidenceCols(func(r *ComparisonRow) *EvidenceCells { return &r.Evidence }),
		col("seed", unsigned, func(r *ComparisonRow) *uint64 { return &r.Seed },
			"the run's seed"),
	},
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
// tables' rows can index freely (checkShape covers the rest).
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

// Ranking is one pathway's packages ranked by their probability of
// leading to it, highest first, as compare prints them: each with its
// paired difference from the next in the ranking, the question a
// researcher choosing between packages asks first.
type Ranking struct {
	// Pathway is the pathway's index in the model.
	Pathway  int
	Packages []Ranked
}

// Ranked is one package of a Ranking.
type Ranked struct {
	// Package is the package's index in the model.
	Package     int
	Probability sim.Proportion
	// Ahead is the paired difference of this package over the next in the
	// ranking (Difference ≥ 0 but for ties), on the same trials, with
	// its 95% interval; HasAhead is false for the last package, or when
	// the result holds no paired difference of the two.
	Ahead    sim.PairedDifference
	HasAhead bool
}

// Rank ranks the packages for each pathway, in the model's order of
// pathways: highest probability first, ties in the model's order of
// packages, so that a ranking is deterministic. The differences come from
// r.Paired (sim.Options.Paired), whichever order each pair is in there;
// without them, no package has one.
func Rank(m *sim.Model, r *sim.Result) ([]Ranking, error) {
	if err := checkPaired(m, r); err != nil {
		return nil, err
	}
	pair := map[[3]int]sim.PairedDifference{}
	for _, d := range r.Paired {
		pair[[3]int{d.A, d.B, d.Pathway}] = d
	}
	rankings := make([]Ranking, len(m.Pathways))
	for w := range m.Pathways {
		order := make([]int, len(m.Packages))
		for k := range order {
			order[k] = k
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(r.Pathways[b][w].P, r.Pathways[a][w].P) })
		ranked := make([]Ranked, len(order))
		for i, k := range order {
			ranked[i] = Ranked{Package: k, Probability: r.Pathways[k][w]}
			if i+1 < len(order) {
				ranked[i].Ahead, ranked[i].HasAhead = between(pair, k, order[i+1], w)
			}
		}
		rankings[w] = Ranking{Pathway: w, Packages: ranked}
	}
	return rankings, nil
}

// between is the paired difference of package a over package b on pathway
// w, from pair, which holds each pair in one order or the other.
func between(pair map[[3]int]sim.PairedDifference, a, b, w int) (sim.PairedDifference, bool) {
	if d, ok := pair[[3]int{a, b, w}]; ok {
		return d, true
	}
	d, ok := pair[[3]int{b, a, w}]
	d.A, d.B = d.B, d.A
	d.Difference, d.Low, d.High = -d.Difference, -d.High, -d.Low
	d.AOnly, d.BOnly = d.BOnly, d.AOnly
	return d, ok
}

// WriteComparisonTable writes, for reading on a terminal, each pathway's
// packages ranked by their probability of leading to it (Rank), and
// between neighbours in the ranking the paired difference with its 95%
// interval and whether it is beyond sampling error. comparisons.csv holds
// every pair.
func WriteComparisonTable(w io.Writer, m *sim.Model, r *sim.Result) error {
	rankings, err := Rank(m, r)
	if err != nil {
		return err
	}
	sw := &stickyWriter{w: w}
	writeHeading(sw, m, r, "; every package on the same trials", false)
	tiny := false
	for _, rk := range rankings {
		tiny = writeRanking(sw, m, rk) || tiny
	}
	fmt.Fprintln(sw, "\nDifferences are in percentage points, from the same trials (Newcombe's paired interval);")
	fmt.Fprintln(sw, "\"identical\": the packages differ only on issues this pathway cannot depend on.")
	if tiny {
		fmt.Fprintln(sw, "[±0.0]: the interval lies within 0.05 points of no difference, either way.")
	}
	return sw.err
}

// writeRanking writes a pathway's ranking, each package with its
// difference from the next, one column for each figure: the verdict's
// column lines up whatever the width of the interval before it. It
// reports whether an interval read [±0.0].
func writeRanking(w io.Writer, m *sim.Model, rk Ranking) (tiny bool) {
	pw := m.Pathways[rk.Pathway]
	fmt.Fprintf(w, "\n%s", pw.ID)
	if pw.Label != "" {
		fmt.Fprintf(w, " — %s", pw.Label)
	}
	fmt.Fprintln(w)
	tw := newTabWriter(w)
	fmt.Fprintln(tw, "  rank\tpackage\tprobability\t95% CI\tahead of the next by\t95% CI")
	for i, p := range rk.Packages {
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s", i+1, m.Packages[p.Package].ID, Percent(p.Probability.P), PercentInterval(p.Probability.Low, p.Probability.High))
		if p.HasAhead {
			d := p.Ahead
			ci := PointsInterval(d.Low, d.High)
			tiny = tiny || ci == "[±0.0]"
			fmt.Fprintf(tw, "\t%s pts\t%s\t%s", Points(d.Difference), ci, verdict(d))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	return tiny
}

// verdict says what a paired difference's interval allows.
func verdict(d sim.PairedDifference) string {
	switch {
	case d.Identical:
		return "identical"
	case excludesZero(d):
		return "beyond sampling error"
	case d.AOnly == 0 && d.BOnly == 0:
		return "within sampling error (no trial differs)"
	default:
		return "within sampling error"
	}
}
