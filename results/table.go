package results

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/peacesim/peacesim/sim"
)

// Layout of the terminal summary, chosen to fit about 100 columns.
const (
	// maxBinding is how many red lines the summary lists per package: the
	// ones that decide most rejections; red_lines.csv has them all.
	maxBinding = 5
	// maxLabel truncates red-line labels, which are free text.
	maxLabel = 40
)

// WriteTable writes a summary of a run for a terminal. Per package it shows
// the pathway probabilities with their 95% intervals, the acceptance rate of
// each party on each track ("-" where the party has no stake and is
// indifferent), the red lines that bind most: those with the highest
// pivotal rates, and, where a party rejects a track whose violated red lines
// are none of them pivotal, the most violated of them. The CSV and JSON
// outputs carry every figure at full precision; this is for reading.
func WriteTable(w io.Writer, m *sim.Model, r *sim.Result) error {
	if err := checkShape(m, r); err != nil {
		return err
	}
	sw := &stickyWriter{w: w}
	writeHeading(sw, m, r, "")
	for k := range m.Packages {
		writePackage(sw, m, r, k)
	}
	if anyIndifferent(m) {
		fmt.Fprintln(sw, "\n(-: the party has no stake on the track; it is indifferent and accepts)")
	}
	return sw.err
}

// writeHeading writes the first line of a terminal summary: the scenario,
// its label, the trials and seed, and what the summary adds.
func writeHeading(w io.Writer, m *sim.Model, r *sim.Result, more string) {
	fmt.Fprintf(w, "Scenario %s", m.ID)
	if m.Label != "" {
		fmt.Fprintf(w, " (%s)", m.Label)
	}
	fmt.Fprintf(w, ": %d trials, seed %d%s\n", r.Trials, r.Seed, more)
}

// writePackage writes one package's block. Each section gets its own
// tabwriter so that its columns align without being widened by the others.
func writePackage(w io.Writer, m *sim.Model, r *sim.Result, k int) {
	pkg := &m.Packages[k]
	fmt.Fprintf(w, "\n%s", pkg.ID)
	if pkg.Label != "" {
		fmt.Fprintf(w, " — %s", pkg.Label)
	}
	fmt.Fprintln(w)

	tw := newTabWriter(w)
	fmt.Fprintln(tw, "  pathway\tprobability\t95% CI")
	for i, pw := range m.Pathways {
		p := r.Pathways[k][i]
		fmt.Fprintf(tw, "  %s\t%s\t[%s, %s]\n", pw.ID, percent(p.P), percent(p.Low), percent(p.High))
	}
	tw.Flush()

	tw = newTabWriter(w)
	fmt.Fprintf(tw, "  accepts\t%s\n", strings.Join(m.Tracks, "\t"))
	for pi := range m.Parties {
		party := &m.Parties[pi]
		cells := make([]string, len(m.Tracks))
		for t := range m.Tracks {
			cells[t] = "-"
			if hasStake(m, party, t) {
				cells[t] = percent(r.Acceptance[k][pi][t].P)
			}
		}
		name := party.ID
		if party.Veto {
			name += " (veto)"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", name, strings.Join(cells, "\t"))
	}
	tw.Flush()

	binding := bindingRedLines(m, r, k)
	overdetermined := overdeterminedRejections(m, r, k)
	if len(binding) == 0 && len(overdetermined) == 0 {
		fmt.Fprintln(w, "  no red line was pivotal")
		return
	}
	if len(binding) > 0 {
		tw = newTabWriter(w)
		fmt.Fprintln(tw, "  binding red line\tparty\tkind\tviolated\tpivotal")
		for _, b := range binding {
			rl := &m.Parties[b.party].RedLines[b.redLine]
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", truncate(rl.Label, maxLabel), m.Parties[b.party].ID, redLineKind(rl),
				percent(r.Violated[k][b.party][b.redLine].P), percent(b.pivotal))
		}
		tw.Flush()
	}
	for _, o := range overdetermined {
		writeOverdetermined(w, m, r, k, o)
	}
}

// redLineKind is "hard" for a red line whose violation is a veto, "soft"
// for one that costs utility.
func redLineKind(rl *sim.RedLine) string {
	if rl.Hard {
		return "hard"
	}
	return "soft"
}

// rejection is a party's rejection of a track of a package that its
// violated red lines decide together but none alone: each of them is
// violated in some trials and pivotal in none. The binding table, which
// ranks red lines by pivotal rate, would not show them, and a hard red line
// violated in every trial would pass unmentioned.
type rejection struct {
	party, track int
	violated     []redLineRef // most violated first; pivotal holds the violation rate
}

// overdeterminedRejections returns, in model order, the (party, track) of
// package k that the party rejects in some trials while red lines of its on
// the track are violated and none is pivotal: it would reject even without
// any one of them.
func overdeterminedRejections(m *sim.Model, r *sim.Result, k int) []rejection {
	var out []rejection
	for pi := range m.Parties {
		party := &m.Parties[pi]
		for t := range m.Tracks {
			if r.Acceptance[k][pi][t].P >= 1 {
				continue
			}
			o := rejection{party: pi, track: t}
			pivotal := false
			for ri := range party.RedLines {
				if m.Issues[party.RedLines[ri].Issue].Track != t {
					continue
				}
				if r.Pivotal[k][pi][ri].P > 0 {
					pivotal = true
					break
				}
				if v := r.Violated[k][pi][ri].P; v > 0 {
					o.violated = append(o.violated, redLineRef{pi, ri, v})
				}
			}
			if !pivotal && len(o.violated) > 0 {
				sort.SliceStable(o.violated, func(i, j int) bool { return o.violated[i].pivotal > o.violated[j].pivotal })
				out = append(out, o)
			}
		}
	}
	return out
}

// writeOverdetermined says that a party rejects a track even without any
// one of its violated red lines, and names the most violated (up to
// maxBinding; red_lines.csv has them all).
func writeOverdetermined(w io.Writer, m *sim.Model, r *sim.Result, k int, o rejection) {
	fmt.Fprintf(w, "  %s rejects %s in %s of trials, even without any one of these red lines:\n",
		m.Parties[o.party].ID, m.Tracks[o.track], percent(1-r.Acceptance[k][o.party][o.track].P))
	tw := newTabWriter(w)
	for i, v := range o.violated {
		if i == maxBinding {
			fmt.Fprintf(tw, "    … and %d more (red_lines.csv)\n", len(o.violated)-maxBinding)
			break
		}
		rl := &m.Parties[o.party].RedLines[v.redLine]
		fmt.Fprintf(tw, "    %s\t%s\tviolated %s\n", truncate(rl.Label, maxLabel), redLineKind(rl), percent(v.pivotal))
	}
	tw.Flush()
}

// anyIndifferent reports whether some party has no stake on some track, so
// that the acceptance tables show a "-" that needs explaining.
func anyIndifferent(m *sim.Model) bool {
	for pi := range m.Parties {
		for t := range m.Tracks {
			if !hasStake(m, &m.Parties[pi], t) {
				return true
			}
		}
	}
	return false
}

// redLineRef points at one party's red line.
type redLineRef struct {
	party, redLine int
	pivotal        float64
}

// bindingRedLines returns up to maxBinding red lines of package k with a
// positive pivotal rate, highest first; ties keep model order, so the table
// is deterministic.
func bindingRedLines(m *sim.Model, r *sim.Result, k int) []redLineRef {
	var refs []redLineRef
	for pi := range m.Parties {
		for ri := range m.Parties[pi].RedLines {
			if p := r.Pivotal[k][pi][ri].P; p > 0 {
				refs = append(refs, redLineRef{pi, ri, p})
			}
		}
	}
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].pivotal > refs[j].pivotal })
	if len(refs) > maxBinding {
		refs = refs[:maxBinding]
	}
	return refs
}

func newTabWriter(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

// percent formats a probability for reading: one decimal, with "<0.1%" and
// ">99.9%" so that a rare event does not read as impossible or certain.
func percent(p float64) string {
	switch {
	case math.IsNaN(p):
		return "NA"
	case p > 0 && p < 0.0005:
		return "<0.1%"
	case p < 1 && p > 0.9995:
		return ">99.9%"
	}
	return fmt.Sprintf("%.1f%%", 100*p)
}

// truncate shortens s to at most n runes, marking the cut with "…".
func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}

// stickyWriter keeps the first write error and drops later writes, so a
// sequence of Fprintf calls can be checked once at the end: a closed pipe or
// full disk is reported, not ignored.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}
