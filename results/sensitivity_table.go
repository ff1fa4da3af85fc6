package results

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/peacesim/peacesim/study/sensitivity"
)

// SensitivityPlan says, before the analysis of p runs on trials, what it
// will cost: the units, the analyses and the model evaluations, at most
// those of the most trials a tornado to a precision may take
// (sensitivity.Plan.MostTrials).
func SensitivityPlan(p *sensitivity.Plan, trials int64) string {
	o, trials := p.Options, p.MostTrials(trials)
	var parts []string
	switch {
	case o.Tornado && o.Precision > 0:
		parts = append(parts, fmt.Sprintf("tornado of %d × 2 variants + 1 on up to %d trials (--precision)", p.Fixable, trials))
	case o.Tornado:
		parts = append(parts, fmt.Sprintf("tornado of %d × 2 variants + 1 on %d trials", p.Fixable, trials))
	}
	if o.Samples > 0 {
		parts = append(parts, fmt.Sprintf("Sobol on %d base samples", o.Samples))
	}
	atMost := ""
	if o.Precision > 0 {
		atMost = " at most"
	}
	return fmt.Sprintf("%d inputs: %s: %d model evaluations%s", len(p.Units), strings.Join(parts, ", "), p.Evaluations(trials), atMost)
}

// DefaultSensitivityTop is how many inputs per package and pathway the
// summary of a sensitivity analysis shows unless asked otherwise.
const DefaultSensitivityTop = 5

// WriteSensitivityTable writes the summary of a sensitivity analysis for
// a terminal: per package and pathway, the top inputs with the largest
// swings, with their Sobol indices, or, without a tornado, those with the
// largest total indices. The tables (t's rows) hold every input and
// interval.
func WriteSensitivityTable(w io.Writer, t *SensitivityTables, top int) error {
	sw := &stickyWriter{w: w}
	fmt.Fprintf(sw, "Scenario %s:", t.Scenario)
	if len(t.Tornado) > 0 {
		fmt.Fprintf(sw, " tornado at the %gth/%gth percentiles, %d trials;", t.Range[0], t.Range[1], t.Trials)
	}
	sobol := t.Samples > 0
	if sobol {
		fmt.Fprintf(sw, " Sobol indices from %d base samples (%d evaluations);", t.Samples, t.SobolEvaluations)
	}
	fmt.Fprintf(sw, " seed %d\n", t.Seed)
	indices := map[[3]string]SobolRow{}
	for _, r := range t.Sobol {
		indices[[3]string{r.Package, r.Pathway, r.Input}] = r
	}
	if len(t.Tornado) > 0 {
		for _, rows := range byCell(t.Tornado, func(r TornadoRow) [2]string { return [2]string{r.Package, r.Pathway} }) {
			writeSwings(sw, rows[:min(len(rows), top)], rows[0].PBase, sobol, indices)
		}
	} else {
		for _, rows := range byCell(t.Sobol, func(r SobolRow) [2]string { return [2]string{r.Package, r.Pathway} }) {
			writeIndices(sw, rows, top)
		}
	}
	note := "swing: P(high) − P(low) in points"
	if sobol {
		note += "; S1, ST: Sobol first-order and total indices, " + Undefined + " where undefined"
	}
	fmt.Fprintf(sw, "\n(%s; the tables in -o DIR have every input and interval)\n", note)
	return sw.err
}

// byCell splits rows by package and pathway, in the order they first
// appear.
func byCell[R any](rows []R, cell func(R) [2]string) [][]R {
	var out [][]R
	at := map[[2]string]int{}
	for _, r := range rows {
		c := cell(r)
		i, ok := at[c]
		if !ok {
			i = len(out)
			at[c] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], r)
	}
	return out
}

// writeSwings writes one package and pathway's block of the largest
// swings, with the inputs' Sobol indices when sobol.
func writeSwings(w io.Writer, rows []TornadoRow, base float64, sobol bool, indices map[[3]string]SobolRow) {
	fmt.Fprintf(w, "\n%s → %s: %s\n", rows[0].Package, rows[0].Pathway, Percent(base))
	tw := newTabWriter(w)
	head := "  input\tlow\thigh\tP(low)\tP(high)\tswing [95% interval]"
	if sobol {
		head += "\tS1\tST"
	}
	fmt.Fprintln(tw, head)
	for _, r := range rows {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s %s", r.Input, InputValue(r.Low), InputValue(r.High), Percent(r.PLow), Percent(r.PHigh),
			Points(r.Swing), PointsInterval(r.SwingLow, r.SwingHigh))
		if sobol {
			x, ok := indices[[3]string{r.Package, r.Pathway, r.Input}]
			if !ok {
				x = SobolRow{FirstOrder: math.NaN(), Total: math.NaN()}
			}
			fmt.Fprintf(tw, "\t%s\t%s", SobolIndex(x.FirstOrder), SobolIndex(x.Total))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// writeIndices writes one package and pathway's block of the top inputs
// by total Sobol index, undefined last.
func writeIndices(w io.Writer, rows []SobolRow, top int) {
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b SobolRow) int { return Descending(a.Total, b.Total) })
	fmt.Fprintf(w, "\n%s → %s\n", rows[0].Package, rows[0].Pathway)
	tw := newTabWriter(w)
	fmt.Fprintln(tw, "  input\tS1 [95% interval]\tST [95% interval]")
	for _, r := range rows[:min(len(rows), top)] {
		fmt.Fprintf(tw, "  %s\t%s [%s, %s]\t%s [%s, %s]\n", r.Input,
			SobolIndex(r.FirstOrder), SobolIndex(r.FirstOrderLow), SobolIndex(r.FirstOrderHigh),
			SobolIndex(r.Total), SobolIndex(r.TotalLow), SobolIndex(r.TotalHigh))
	}
	tw.Flush()
}

// WriteDiscoveryTable writes the summary of a scenario discovery for a
// terminal: the corners of the peeling trajectory (its first and last
// steps, each step that restricts another input, and the one chosen), and
// the chosen box's interval of each input it restricts.
func WriteDiscoveryTable(w io.Writer, t *DiscoveryTables) error {
	sw := &stickyWriter{w: w}
	traj := t.Trajectory
	fmt.Fprintf(sw, "Scenario %s: %s → %s, PRIM over %d trials, seed %d\n", t.Scenario, t.Package, t.Pathway, t.Trials, t.Seed)
	fmt.Fprintf(sw, "\nPeeling trajectory (%d steps; every step in trajectory.csv):\n", len(traj))
	tw := newTabWriter(sw)
	fmt.Fprintln(tw, "  step\tcoverage\tdensity\tmass\trestricted\t")
	for s, r := range traj {
		corner := s == 0 || s == len(traj)-1 || r.Chosen || r.Restricted != traj[s-1].Restricted
		if !corner {
			continue
		}
		mark := ""
		if r.Chosen {
			mark = "← chosen"
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%d\t%s\n", r.Step, Percent(r.Coverage), Percent(r.Density), Percent(r.Mass), r.Restricted, mark)
	}
	tw.Flush()
	if len(t.Boxes) == 0 {
		fmt.Fprintln(sw, "\nThe box chosen restricts no input: the whole of the trials.")
		return sw.err
	}
	b := t.Boxes[0]
	fmt.Fprintf(sw, "\nBox of step %d: %s of the trials, the pathway in %s of them, %s of all its trials inside:\n",
		b.Step, Percent(b.Mass), Percent(b.Density), Percent(b.Coverage))
	tw = newTabWriter(sw)
	fmt.Fprintln(tw, "  input\tbox\tover all trials\t")
	for _, r := range t.Boxes {
		fmt.Fprintf(tw, "  %s\t%s\t[%s, %s]\t\n", r.Input, boxInterval(r), InputValue(r.DataLow), InputValue(r.DataHigh))
	}
	tw.Flush()
	return sw.err
}

// boxInterval writes a box's interval of an input, naming only the sides
// it restricts: "≥ 0.31", "≤ 0.52" or "[0.31, 0.52]".
func boxInterval(r BoxRow) string {
	switch {
	case r.Low > r.DataLow && r.High < r.DataHigh:
		return "[" + InputValue(r.Low) + ", " + InputValue(r.High) + "]"
	case r.Low > r.DataLow:
		return "≥ " + InputValue(r.Low)
	case r.High < r.DataHigh:
		return "≤ " + InputValue(r.High)
	}
	return "any"
}
