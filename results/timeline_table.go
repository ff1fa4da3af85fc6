package results

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// MedianRound is the median round in which a pathway is first reached,
// among the trials that reach it by the last round, from reachedBy[i],
// the number of trials that reached it by round i + 1 (timeline.csv's
// reached_count, which never falls): the first round r whose count is at
// least half the last one, 2·reachedBy[r − 1] ≥ reachedBy[R − 1]. A trial
// reaches a pathway once, so reachedBy is the cumulative count of the
// rounds of first reaching, and this is their median. ok is false when
// no trial reaches it.
func MedianRound(reachedBy []int64) (round int, ok bool) {
	if len(reachedBy) == 0 || reachedBy[len(reachedBy)-1] <= 0 {
		return 0, false
	}
	last := reachedBy[len(reachedBy)-1]
	for i, c := range reachedBy {
		if 2*c >= last {
			return i + 1, true
		}
	}
	return len(reachedBy), true
}

// writeRoundNote writes, for a run over a timeline, the line under the
// heading of a terminal summary that says which round its figures are
// the outcome by: "Outcomes by round 2 of 26 (end_of_year, 2025-12-27)",
// and, for a summary that ends with them (overTime), that the rounds
// follow. Without a timeline it writes nothing.
func writeRoundNote(w io.Writer, m *sim.Model, r *sim.Result, overTime bool) {
	if m.Timeline == nil || r.Timeline == nil {
		return
	}
	fmt.Fprintf(w, "Outcomes by round %d of %d", r.Round, m.Timeline.Rounds)
	if about := roundLabel(m.Timeline, r.Round); about != "" {
		fmt.Fprintf(w, " (%s)", about)
	}
	if overTime {
		fmt.Fprint(w, "; round by round at the end")
	}
	fmt.Fprintln(w)
}

// roundLabel names round r of t for people: its marks and its date,
// "end_of_year, 2025-12-27", or what of them it has.
func roundLabel(t *sim.Timeline, r int) string {
	parts := t.MarksAt(r)
	if date, ok := t.Date(r); ok {
		parts = append(parts, date)
	}
	return strings.Join(parts, ", ")
}

// timelineColumns are the rounds the terminal summary shows over time:
// each mark's, then the last round, in order, each once.
func timelineColumns(t *sim.Timeline) []int {
	var rounds []int
	for _, mk := range t.Marks {
		if mk.Round < t.Rounds && (len(rounds) == 0 || rounds[len(rounds)-1] != mk.Round) {
			rounds = append(rounds, mk.Round)
		}
	}
	return append(rounds, t.Rounds)
}

// writeTimeline writes, for a run over a timeline, each package's
// pathways by each mark and by the last round — the share of trials
// whose outcome by then is the pathway — and the median round in which
// each was first reached among the trials that reach it by the last
// round (MedianRound), with its date: timeline.csv, cut short for
// reading. Without a timeline it writes nothing.
func writeTimeline(w io.Writer, m *sim.Model, r *sim.Result) {
	t := m.Timeline
	if t == nil || r.Timeline == nil {
		return
	}
	R := t.Rounds
	fmt.Fprintf(w, "\nOver time: %d rounds%s", R, unitNote(t.Unit))
	if start, ok := t.Date(1); ok {
		last, _ := t.Date(R)
		fmt.Fprintf(w, ", round 1 on %s, round %d on %s", start, R, last)
	}
	fmt.Fprintln(w)
	rounds := timelineColumns(t)
	var marks []string
	for _, round := range rounds {
		if names := t.MarksAt(round); len(names) > 0 {
			mark := fmt.Sprintf("%s: round %d", strings.Join(names, ", "), round)
			if date, ok := t.Date(round); ok {
				mark += " (" + date + ")"
			}
			marks = append(marks, mark)
		}
	}
	if len(marks) > 0 {
		fmt.Fprintf(w, "  marks: %s\n", strings.Join(marks, "; "))
	}
	fmt.Fprintln(w)
	heads := make([]string, len(rounds))
	for i, round := range rounds {
		heads[i] = "round " + strconv.Itoa(round)
		if names := t.MarksAt(round); len(names) > 0 {
			heads[i] = strings.Join(names, ", ")
		}
	}
	tw := newTabWriter(w)
	for k, pkg := range m.Packages {
		fmt.Fprintf(tw, "  %s\t%s\tfirst reached (median)\n", pkg.ID, strings.Join(heads, "\t"))
		for pw := range m.Pathways {
			cells := make([]string, len(rounds))
			for i, round := range rounds {
				cells[i] = Percent(r.Timeline[k][round-1][pw].Outcome.P)
			}
			fmt.Fprintf(tw, "    %s\t%s\t%s\n", m.Pathways[pw].ID, strings.Join(cells, "\t"), firstReached(m, r.Timeline[k], pw))
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "  (a mark or a round: the share of trials whose outcome by then is the pathway; first reached:\n")
	fmt.Fprintf(w, "   the median round of its first reaching, among the trials that reach it by round %d)\n", R)
}

// unitNote is how the summary says what one round is: ", one a week";
// nothing for a unit that is only a round.
func unitNote(unit string) string {
	if unit == "" || unit == "round" {
		return ""
	}
	return ", one a " + unit
}

// firstReached is the median round in which package k's pathway pw is
// first reached (MedianRound), with its date: "round 9 (2026-02-14)";
// "never" when no trial reaches it, "-" for the fallback, which is no
// agreement and is "reached" whenever nothing else is.
func firstReached(m *sim.Model, byRound [][]sim.RoundEstimate, pw int) string {
	if m.Pathways[pw].Fallback() {
		return "-"
	}
	counts := make([]int64, len(byRound))
	for i, e := range byRound {
		counts[i] = e[pw].Reached.Count
	}
	round, ok := MedianRound(counts)
	if !ok {
		return "never"
	}
	s := "round " + strconv.Itoa(round)
	if date, ok := m.Timeline.Date(round); ok {
		s += " (" + date + ")"
	}
	return s
}
