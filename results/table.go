package results

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/peacesim/peacesim/sim"
)

// Layout of the terminal summary, chosen to fit about 100 columns.
const (
	// maxWhy is how many red lines the summary names per rejection: the
	// ones that decide most of them; red_lines.csv has them all.
	maxWhy = 2
	// maxLabel truncates red-line labels, which are free text.
	maxLabel = 40
)

// WriteTable writes a summary of a run for a terminal. It opens with the
// package × pathway matrix of probabilities; then, per package, the pathway
// probabilities with their 95% intervals, the acceptance rate of each party
// on each track ("-" where the party has no stake and is indifferent), and
// why each pathway's rule fails: which (party, track) rejections block it,
// how often alone, and the red lines most often pivotal there (or, where
// none is, the most violated). A run over a timeline reports the round in
// its heading and ends with its pathways over time (writeTimeline). The
// CSV and JSON outputs carry every figure at full precision; this is for
// reading.
func WriteTable(w io.Writer, m *sim.Model, r *sim.Result) error {
	if err := checkShape(m, r); err != nil {
		return err
	}
	sw := &stickyWriter{w: w}
	writeHeading(sw, m, r, "", true)
	writeMatrix(sw, m, r)
	for k := range m.Packages {
		writePackage(sw, m, r, k)
	}
	if anyIndifferent(m) {
		fmt.Fprintln(sw, "\n(-: the party has no stake on the track; it is indifferent and accepts)")
	}
	writeTimeline(sw, m, r)
	return sw.err
}

// WriteTables writes the summary of each run in turn (WriteTable), a
// blank line between two: a batch's, for a terminal.
func WriteTables(w io.Writer, runs ...Run) error {
	for i, run := range runs {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		if err := WriteTable(w, run.Model, run.Result); err != nil {
			return err
		}
	}
	return nil
}

// writeHeading writes the first line of a terminal summary: the scenario,
// its label, the trials and seed, and what the summary adds; for a run over
// a timeline, a second says which round it reports, and whether the
// summary ends with the rounds (overTime).
func writeHeading(w io.Writer, m *sim.Model, r *sim.Result, more string, overTime bool) {
	fmt.Fprintf(w, "Scenario %s", m.ID)
	if m.Label != "" {
		fmt.Fprintf(w, " (%s)", m.Label)
	}
	fmt.Fprintf(w, ": %d trials, seed %d%s\n", r.Run(), r.Seed, more)
	writeEvidenceNote(w, m, r)
	writeRoundNote(w, m, r, overTime)
}

// writeEvidenceNote says, in a run with evidence, in one line how much of
// the prior the evidence kept: the trials that reproduce it, and where
// reliabilities below 1 weigh them, what they are worth.
func writeEvidenceNote(w io.Writer, m *sim.Model, r *sim.Result) {
	if !r.Evidence {
		return
	}
	noun := "observations"
	if len(m.Evidence) == 1 {
		noun = "observation"
	}
	fmt.Fprintf(w, "Conditioned on %d %s: %d of the %d trials kept (%s)", len(m.Evidence), noun,
		r.Trials, r.Prior, Percent(float64(r.Trials)/float64(r.Prior)))
	if r.Effective != float64(r.Trials) {
		fmt.Fprintf(w, ", weighed by reliability: worth %.0f effective trials", r.Effective)
	}
	fmt.Fprintln(w, "; --evidence none for the prior")
}

// writeMatrix writes the probability of every package leading to every
// pathway, a package a row, and how wide the widest interval is: a reader
// sees at a glance what the detail below explains.
func writeMatrix(w io.Writer, m *sim.Model, r *sim.Result) {
	tw := newTabWriter(w)
	ids := make([]string, len(m.Pathways))
	for i, pw := range m.Pathways {
		ids[i] = pw.ID
	}
	fmt.Fprintf(tw, "\n  \t%s\n", strings.Join(ids, "\t"))
	var half float64
	for k, pkg := range m.Packages {
		cells := make([]string, len(m.Pathways))
		for i, p := range r.Pathways[k] {
			cells[i] = Percent(p.P)
			half = max(half, p.P-p.Low, p.High-p.P)
		}
		fmt.Fprintf(tw, "  %s\t%s\n", pkg.ID, strings.Join(cells, "\t"))
	}
	tw.Flush()
	fmt.Fprintf(w, "  (every 95%% interval within ±%.1f points: sampling error only; the scenario's assumptions move these far more)\n", 100*half)
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
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", pw.ID, Percent(p.P), PercentInterval(p.Low, p.High))
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
				cells[t] = Percent(r.Acceptance[k][pi][t].P)
			}
		}
		name := party.ID
		if party.Veto {
			name += " (veto)"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", name, strings.Join(cells, "\t"))
	}
	tw.Flush()

	writeWhy(w, m, r, k)
}

// redLineKind is "hard" for a red line whose violation is a veto, "soft"
// for one that costs utility.
func redLineKind(rl *sim.RedLine) string {
	if rl.Hard {
		return "hard"
	}
	return "soft"
}

// writeWhy writes, for each pathway rule of package k, how often it fails,
// which (party, track) rejections block it and how often each does alone,
// and there the red lines most often pivotal: blocking.csv and
// red_lines.csv, joined and cut short for reading.
func writeWhy(w io.Writer, m *sim.Model, r *sim.Result, k int) {
	// Columns are padded by hand: each row is followed by a line of red
	// lines that must not widen them, which a tabwriter cannot do.
	type line struct{ rule, fails, who, rejects, alone, redLines string }
	var lines []line
	ruleW, whoW := len("why a rule fails"), len("who rejects")
	for pw, rb := range r.Blocking[k] {
		// Only the rejections that happen: none for the fallback, or for a
		// rule every party always meets.
		var blockers []sim.Blocker
		for _, b := range rb.Blockers {
			if b.Blocks.Count > 0 {
				blockers = append(blockers, b)
			}
		}
		slices.SortStableFunc(blockers, func(a, b sim.Blocker) int { return cmp.Compare(b.Blocks.P, a.Blocks.P) })
		for i, b := range blockers {
			l := line{who: m.Parties[b.Party].ID + " " + m.Tracks[b.Track], rejects: Percent(b.Blocks.P),
				alone: Percent(b.Sole.P), redLines: redLinesThere(m, r, k, b.Party, b.Track)}
			if i == 0 {
				l.rule, l.fails = m.Pathways[pw].ID, Percent(rb.Blocked.P)
			}
			ruleW, whoW = max(ruleW, utf8.RuneCountInString(l.rule)), max(whoW, utf8.RuneCountInString(l.who))
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-utf8.RuneCountInString(s))) }
	fmt.Fprintf(w, "  %s  %s  %s  %s  %s\n", pad("why a rule fails", ruleW), pad("fails", 6), pad("who rejects", whoW), pad("rejects", 7), "alone")
	for _, l := range lines {
		fmt.Fprintf(w, "  %s  %s  %s  %s  %s\n", pad(l.rule, ruleW), pad(l.fails, 6), pad(l.who, whoW), pad(l.rejects, 7), l.alone)
		fmt.Fprintf(w, "  %s    %s\n", strings.Repeat(" ", ruleW+8), l.redLines)
	}
	fmt.Fprintln(w, "  (fails: the rule is not met, whatever came first; alone: the rule's only rejection;")
	fmt.Fprintln(w, "   pivotal: had that red line held, the party would have accepted)")
}

// redLinesThere names party p's red lines on track t that package k's
// rejections most often turn on: the two most often pivotal, or, when none
// is pivotal, the two most violated (the party would reject even without
// any one of them).
func redLinesThere(m *sim.Model, r *sim.Result, k, p, t int) string {
	var pivotal, violated []redLineRef
	for ri, rl := range m.Parties[p].RedLines {
		if m.Issues[rl.Issue].Track != t {
			continue
		}
		if v := r.Pivotal[k][p][ri].P; v > 0 {
			pivotal = append(pivotal, redLineRef{p, ri, v})
		}
		if v := r.Violated[k][p][ri].P; v > 0 {
			violated = append(violated, redLineRef{p, ri, v})
		}
	}
	name := func(refs []redLineRef, what string) string {
		sort.SliceStable(refs, func(i, j int) bool { return refs[i].pivotal > refs[j].pivotal })
		var parts []string
		for i, ref := range refs {
			if i == maxWhy {
				parts = append(parts, fmt.Sprintf("%d more", len(refs)-maxWhy))
				break
			}
			rl := &m.Parties[p].RedLines[ref.redLine]
			parts = append(parts, fmt.Sprintf("%s (%s) %s%s", truncate(rl.Label, maxLabel), redLineKind(rl), what, Percent(ref.pivotal)))
		}
		return strings.Join(parts, "; ")
	}
	switch {
	case len(pivotal) > 0:
		return "pivotal: " + name(pivotal, "")
	case len(violated) > 0:
		return "violated, none pivotal alone: " + name(violated, "")
	}
	return "no red line violated: the margin falls short"
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

func newTabWriter(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
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
