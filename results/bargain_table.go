package results

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/study/search"
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
	fmt.Fprintf(sw, "Scenario %s: bargaining at %s values over the negotiable issues, the others as in %s; zones of agreement over %d trials, seed %d%s\n",
		t.Scenario, t.Mode, t.Package, t.Trials, t.Seed, conditionedOn(t.observations, "the trials the scenario's %d observations keep, each input's nominal value its mean over them"))
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

// WriteSearchTable writes the summary of a search of a negotiable space
// for a terminal: the best packages found, ranked, with their probability
// of the target and their values; or, for a repair, the issues the
// smallest change moves and the probability it reaches, or how close the
// search came.
func WriteSearchTable(w io.Writer, t *SearchTables) error {
	sw := &stickyWriter{w: w}
	if t.Repair != "" {
		t.writeRepair(sw)
	} else {
		t.writeBest(sw)
	}
	return sw.err
}

// writeBest writes the best packages.
func (t *SearchTables) writeBest(w io.Writer) {
	what := "P(" + t.Target + ")"
	if t.Objective == search.Nash {
		what = "the expected Nash product on " + t.Target + "'s tracks"
	}
	fmt.Fprintf(w, "Scenario %s: packages of the negotiable space maximising %s, from %s; %d candidates scored on the same %d trials, seed %d%s\n\n",
		t.Scenario, what, t.Package, t.Evaluations, t.Trials, t.Seed, t.conditioned())
	tw := newTabWriter(w)
	fmt.Fprintf(tw, "  rank\tP [95%% interval]\t%s\n", strings.Join(t.Issues, "\t"))
	for _, r := range t.Packages {
		fmt.Fprintf(tw, "  %d\t%s %s\t%s\n", r.Rank, Percent(r.Probability), PercentInterval(r.CILow, r.CIHigh), strings.Join(r.Values, "\t"))
	}
	tw.Flush()
}

// conditioned says, of a search of a model with evidence, that every
// candidate is conditioned on it.
func (t *SearchTables) conditioned() string {
	return conditionedOn(t.observations, "each conditioned on the scenario's %d observations")
}

// conditionedOn says, of a study of a model with n evidence entries, how
// it is conditioned on them (what, formatted with n); "" without.
func conditionedOn(n int, what string) string {
	if n == 0 {
		return ""
	}
	return ", " + fmt.Sprintf(what, n) + " (--evidence none for the prior)"
}

// writeRepair writes the repair, or that none was found.
func (t *SearchTables) writeRepair(w io.Writer) {
	fmt.Fprintf(w, "Scenario %s: the smallest change to %s that reaches P(%s) ≥ %s (now %s); %d candidates scored on the same %d trials, seed %d%s\n\n",
		t.Scenario, t.Package, t.Target, Percent(t.MinProb), Percent(t.BaseProbability), t.Evaluations, t.Trials, t.Seed, t.conditioned())
	if !t.Found {
		fmt.Fprintf(w, "  none within the negotiable space: the best package found reaches %s\n", Percent(t.Reached))
		return
	}
	tw := newTabWriter(w)
	fmt.Fprintln(tw, "  issue\tfrom\tto")
	for _, r := range t.Changes {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.Issue, r.From, r.To)
	}
	tw.Flush()
	if len(t.Changes) > 0 {
		fmt.Fprintf(w, "\n  reaches %s (distance %.3f: each issue's negotiable range counts 1)\n", Percent(t.Changes[0].Probability), t.Changes[0].Distance)
	} else {
		fmt.Fprintf(w, "  no change needed: %s already reaches it\n", t.Package)
	}
}
