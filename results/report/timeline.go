package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/results/plot"
)

// timeline adds to the section of a run or a compare over a timeline
// (timeline.csv) the chart of the talks round by round and a table of
// each pathway reached by each mark and by the last round, with the
// median round of its first reaching; and says which round its other
// tables are the outcomes by. A directory without a timeline gets
// nothing.
func (s *section) timeline(d *results.Dir) error {
	if !d.Has(results.TimelineFile) || len(d.Timeline) == 0 {
		return nil
	}
	rows := ofPackages(d.Timeline, s.packages, func(r results.TimelineRow) string { return r.Package })
	fallbacks := plot.TimelineFallbacks(d.Timeline)
	rows = slices.DeleteFunc(slices.Clone(rows), func(r results.TimelineRow) bool { return slices.Contains(fallbacks, r.Pathway) })
	caption := "The share of trials that reached each pathway in some round up to each one (cumulative), with its 95% band, a panel per package; the timeline's marks are dashed rules."
	if len(fallbacks) > 0 {
		caption += fmt.Sprintf(" %s, the fallback, is reached in every trial and not drawn.", strings.Join(fallbacks, ", "))
	}
	if err := s.chart(d, "timeline", plot.Options{Chart: "timeline", Packages: s.packages},
		append(chartFlag(d, "timeline"), s.packageFlags()...), timelineAlt(rows), caption); err != nil {
		return err
	}
	if len(rows) > 0 {
		s.Tables = append(s.Tables, reachedTable(d, rows).trim(d, results.TimelineFile))
	}
	s.Notes = append(s.Notes, roundNotes(d)...)
	return nil
}

// chartFlag is the plot flag that draws the chart name of d: none for
// the one it draws by default.
func chartFlag(d *results.Dir, name string) []string {
	if charts := plot.Charts(d); len(charts) > 0 && charts[0] == name {
		return nil
	}
	return []string{"--chart", name}
}

// roundNotes say, for each scenario of d over a timeline, which round
// its tables but timeline.csv are the outcomes by: the last, or the one
// --round chose.
func roundNotes(d *results.Dir) []string {
	var notes []string
	for _, sr := range d.Manifest.Scenarios {
		t := sr.Timeline
		if t == nil || sr.Round == 0 {
			continue
		}
		about := roundAbout(d, sr.Scenario, sr.Round)
		if about != "" {
			about = " (" + about + ")"
		}
		if sr.Round < t.Rounds {
			notes = append(notes, fmt.Sprintf("The pathway and acceptance tables of %s are the outcomes by round %d of %d%s, as --round chose; the talks over time follow every round.",
				sr.Scenario, sr.Round, t.Rounds, about))
		} else {
			notes = append(notes, fmt.Sprintf("The pathway and acceptance tables of %s are the outcomes by its last round, %d%s.", sr.Scenario, sr.Round, about))
		}
	}
	return notes
}

// roundAbout names round r of scenario sc by its marks and date, as its
// rows of timeline.csv give them: "end_of_year, 2025-12-27".
func roundAbout(d *results.Dir, sc string, r int) string {
	i := slices.IndexFunc(d.Timeline, func(row results.TimelineRow) bool { return row.Scenario == sc && row.Round == r })
	if i < 0 {
		return ""
	}
	parts := slices.Clone(d.Timeline[i].Marks)
	if date := d.Timeline[i].Date; date != "" {
		parts = append(parts, date)
	}
	return strings.Join(parts, ", ")
}

// reachedTable is, for each package and pathway of rows (the fallback
// left out), the share of trials that reached it by each mark and by the
// last round, with its 95% interval, and the median round in which it
// was first reached among those that reach it (results.MedianRound).
func reachedTable(d *results.Dir, rows []results.TimelineRow) *table {
	batch := len(firstSeen(d.Timeline, func(r results.TimelineRow) string { return r.Scenario })) > 1
	marks := firstSeen(slices.DeleteFunc(slices.Clone(rows), func(r results.TimelineRow) bool { return len(r.Marks) == 0 }),
		func(r results.TimelineRow) string { return strings.Join(r.Marks, ", ") })
	t := &table{Caption: "Each pathway reached by each mark and by the last round (cumulative), with 95% intervals", RowHead: 2,
		Head: []string{"Package", "Pathway"}}
	if batch {
		t.Head, t.RowHead = append([]string{"Scenario"}, t.Head...), 3
	}
	for _, m := range marks {
		t.Head = append(t.Head, "By "+m+roundOf(rows, func(r results.TimelineRow) bool { return strings.Join(r.Marks, ", ") == m }))
	}
	t.Head = append(t.Head, "By the last round"+roundOf(rows, func(r results.TimelineRow) bool { return r.Round == lastRound(rows, r.Scenario) }),
		"First reached (median)")
	t.Numeric = make([]bool, len(t.Head))
	for j := t.RowHead; j < len(t.Head)-1; j++ {
		t.Numeric[j] = true
	}
	lineOf := func(r results.TimelineRow) string { return r.Scenario + "\x00" + r.Package + "\x00" + r.Pathway }
	for _, l := range firstSeen(rows, lineOf) {
		of := slices.DeleteFunc(slices.Clone(rows), func(r results.TimelineRow) bool { return lineOf(r) != l })
		row := []string{of[0].Package, of[0].Pathway}
		if batch {
			row = append([]string{of[0].Scenario}, row...)
		}
		for _, m := range marks {
			row = append(row, reachedAt(of, func(r results.TimelineRow) bool { return strings.Join(r.Marks, ", ") == m }))
		}
		last := of[len(of)-1]
		row = append(row, withInterval(last.Reached, last.ReachedLow, last.ReachedHigh), firstReached(of))
		t.Rows = append(t.Rows, row)
	}
	return t
}

// roundOf is " (round 2, 2025-12-27)", the round and date of the rows
// that at picks, when they all have the same; else nothing.
func roundOf(rows []results.TimelineRow, at func(results.TimelineRow) bool) string {
	rounds := firstSeen(slices.DeleteFunc(slices.Clone(rows), func(r results.TimelineRow) bool { return !at(r) }),
		func(r results.TimelineRow) string {
			return strings.TrimSuffix("round "+strconv.Itoa(r.Round)+", "+r.Date, ", ")
		})
	if len(rounds) != 1 {
		return ""
	}
	return " (" + rounds[0] + ")"
}

// lastRound is the last round of scenario sc in rows.
func lastRound(rows []results.TimelineRow, sc string) int {
	last := 0
	for _, r := range rows {
		if r.Scenario == sc {
			last = max(last, r.Round)
		}
	}
	return last
}

// reachedAt is the share reached, with its interval, at the round of a
// line's rows that at picks; "–" for a scenario without that mark.
func reachedAt(rows []results.TimelineRow, at func(results.TimelineRow) bool) string {
	if i := slices.IndexFunc(rows, at); i >= 0 {
		return withInterval(rows[i].Reached, rows[i].ReachedLow, rows[i].ReachedHigh)
	}
	return "–"
}

// firstReached is the median round of first reaching of a line's rows,
// in round order, with its date: "round 5 (2026-01-17)", or "never".
func firstReached(rows []results.TimelineRow) string {
	counts := make([]int64, len(rows))
	for i, r := range rows {
		counts[i] = r.ReachedCount
	}
	round, ok := results.MedianRound(counts)
	if !ok {
		return "never"
	}
	s := "round " + strconv.Itoa(round)
	if date := rows[round-1].Date; date != "" {
		s += " (" + date + ")"
	}
	return s
}

// timelineAlt is the text alternative of a timeline chart: its kind, its
// rounds, its marks, and each package's pathways reached by the first
// round and by the last.
func timelineAlt(rows []results.TimelineRow) string {
	if len(rows) == 0 {
		return "Line chart of the talks over time: no pathway but the fallback."
	}
	packages := firstSeen(rows, func(r results.TimelineRow) string { return r.Scenario + " " + r.Package })
	var b strings.Builder
	last := lastRound(rows, rows[0].Scenario)
	fmt.Fprintf(&b, "Line chart, a panel per package (%d): the share of trials that reached each pathway by each round, rounds 1 to %d", len(packages), last)
	if rows[0].Date != "" {
		fmt.Fprintf(&b, " (%s to %s)", rows[0].Date, rows[slices.IndexFunc(rows, func(r results.TimelineRow) bool { return r.Round == last })].Date)
	}
	b.WriteString(", with 95% bands.")
	var marks []string
	for _, r := range rows {
		if m := strings.Join(r.Marks, ", "); m != "" && r.Scenario == rows[0].Scenario && !slices.Contains(marks, m+" at round "+strconv.Itoa(r.Round)) {
			marks = append(marks, m+" at round "+strconv.Itoa(r.Round))
		}
	}
	if len(marks) > 0 {
		fmt.Fprintf(&b, " Marks: %s.", strings.Join(marks, "; "))
	}
	batch := len(firstSeen(rows, func(r results.TimelineRow) string { return r.Scenario })) > 1
	for _, p := range packages {
		of := slices.DeleteFunc(slices.Clone(rows), func(r results.TimelineRow) bool { return r.Scenario+" "+r.Package != p })
		name := of[0].Package
		if batch {
			name = p
		}
		fmt.Fprintf(&b, " %s:", name)
		for j, w := range firstSeen(of, func(r results.TimelineRow) string { return r.Pathway }) {
			ws := slices.DeleteFunc(slices.Clone(of), func(r results.TimelineRow) bool { return r.Pathway != w })
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, " %s %s by round 1, %s by round %d", w, pct(ws[0].Reached), pct(ws[len(ws)-1].Reached), ws[len(ws)-1].Round)
		}
		b.WriteString(";")
	}
	return strings.TrimSuffix(b.String(), ";") + "."
}
