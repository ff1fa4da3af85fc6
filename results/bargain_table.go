package results

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteBargainTable writes the summary of a bargaining analysis for a
// terminal: per track, whether a zone of possible agreement exists and
// how often over the trials, the parties' reservations, the Nash and
// Kalai–Smorodinsky solutions with their utilities, and each package's
// utilities, whether it is acceptable and how far it lies from the
// frontier and from the Nash solution. The tables (t's rows) hold the
// frontier and every figure at full precision.
func WriteBargainTable(w io.Writer, t *BargainTables) error {
	sw := &stickyWriter{w: w}
	fmt.Fprintf(sw, "Scenario %s: bargaining at %s values over the negotiable issues, the others as in %s; zones of agreement over %d trials, seed %d\n",
		t.Scenario, t.Mode, t.Package, t.Trials, t.Seed)
	for _, z := range t.ZOPA {
		t.writeTrack(sw, z)
	}
	fmt.Fprintln(sw, "\n(utilities on the parties' 0–1 scales; distances in utility, Euclidean; the tables in -o DIR have the frontier)")
	return sw.err
}

// writeTrack writes one track's block of the summary, z its row of
// zopa.csv: the parties with a reservation there are the track's.
func (t *BargainTables) writeTrack(w io.Writer, z ZOPARow) {
	fmt.Fprintf(w, "\nTrack %s: ", z.Track)
	if z.Exists {
		fmt.Fprint(w, "a zone of possible agreement exists")
	} else {
		fmt.Fprint(w, "no zone of possible agreement")
	}
	fmt.Fprintf(w, " at %s values; one exists in %s of trials %s\n", t.Mode, Percent(z.Probability), PercentInterval(z.CILow, z.CIHigh))
	fmt.Fprintf(w, "  reservations: %s\n", t.utilityList(z.Reservations))
	for _, s := range []struct{ name, title string }{{solutionNash, "Nash solution"}, {solutionKalaiSmorodinsky, "Kalai–Smorodinsky"}} {
		var values []string
		var u []float64
		for _, r := range t.Solutions {
			if r.Track == z.Track && r.Solution == s.name {
				values = append(values, r.Issue+"="+r.Value)
				u = r.Utilities
			}
		}
		if values != nil {
			fmt.Fprintf(w, "  %s: %s\n    utilities: %s\n", s.title, strings.Join(values, ", "), t.utilityList(u))
		}
	}
	tw := newTabWriter(w)
	fmt.Fprintf(tw, "  package\t%s\tacceptable\tto frontier\tto Nash\n", strings.Join(staked(t.Parties, z.Reservations), "\t"))
	for _, p := range t.Packages {
		if p.Track != z.Track {
			continue
		}
		var us []string
		for j, u := range p.Utilities {
			if !math.IsNaN(z.Reservations[j]) {
				us = append(us, utility(u))
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%v\t%s\t%s\n", p.Package, strings.Join(us, "\t"), p.Acceptable, utility(p.DistanceFrontier), utility(p.DistanceNash))
	}
	tw.Flush()
}

// utilityList writes each party's figure, "ukraine 0.421, russia 0.650",
// leaving out the parties without one (NaN).
func (t *BargainTables) utilityList(u []float64) string {
	var out []string
	for j, id := range t.Parties {
		if !math.IsNaN(u[j]) {
			out = append(out, id+" "+utility(u[j]))
		}
	}
	return strings.Join(out, ", ")
}

// staked are the parties with a figure (a reservation on the track).
func staked(parties []string, res []float64) []string {
	var out []string
	for j, id := range parties {
		if !math.IsNaN(res[j]) {
			out = append(out, id)
		}
	}
	return out
}

// utility writes a figure in utility — a utility, a reservation, a
// distance in utility space — with three decimals, "-" where undefined
// (a distance to a frontier or a Nash solution the track lacks). It keeps
// the text peacesim bargain has always printed: a hyphen for the
// undefined and for a negative utility, where the formatters of format.go
// write Undefined and a minus sign.
func utility(u float64) string {
	if math.IsNaN(u) {
		return "-"
	}
	return strconv.FormatFloat(u, 'f', 3, 64)
}
