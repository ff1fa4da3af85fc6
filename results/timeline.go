package results

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/peacesim/peacesim/sim"
)

// TimelineFile is the table of a run over the rounds of a timeline.
const TimelineFile = "timeline.csv"

// markSeparator joins the names of several marks at one round in the
// mark column.
const markSeparator = ";"

// TimelineRow is one row of timeline.csv: one pathway of one package by
// one round of the talks (docs/model.md#timeline). Date is "" and Marks
// empty where the file says NA.
type TimelineRow struct {
	Scenario, Package string
	Round             int
	Date              string
	Marks             []string
	Pathway           string
	// Reached is the share of trials in which the pathway was reached in
	// some round up to Round; Outcome, the share whose outcome by Round
	// (the first pathway, in file order, reached by then) it is.
	Reached, ReachedLow, ReachedHigh float64
	ReachedCount                     int64
	Outcome, OutcomeLow, OutcomeHigh float64
	OutcomeCount                     int64
	Trials                           int64
	// Evidence are the evidence columns, in a run with evidence.
	Evidence EvidenceCells
	Seed     uint64
}

// The kinds of timeline.csv's own columns: a round counts from 1; a date
// is YYYY-MM-DD or NA; the marks are names joined by ";", or NA.
var (
	roundNumber = kind[int]{typ: "integer", cell: same[int], parse: atLeast(1, "%d is not a round (rounds count from 1)")}
	dateCell    = kind[string]{typ: "string", cell: dateOrNA, parse: parseDate}
	marksCell   = kind[[]string]{typ: "string", cell: joinMarks, parse: parseMarks}
)

// dateOrNA is the date cell: the date, or nil (NA, null in the JSON)
// for none.
func dateOrNA(date string) (any, error) {
	if date == "" {
		return nil, nil
	}
	return date, nil
}

// parseDate reads a date cell: NA, or a date as YYYY-MM-DD.
func parseDate(s string) (string, error) {
	if s == naString {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return s, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	return s, nil
}

// joinMarks is the mark cell of the marks' names: nil (NA) for none. A
// name that the cell could not give back — empty, NA, or holding the
// separator — is refused.
func joinMarks(names []string) (any, error) {
	if len(names) == 0 {
		return nil, nil
	}
	for _, n := range names {
		if n == "" || n == naString || strings.Contains(n, markSeparator) {
			return nil, fmt.Errorf("a mark named %q would not read back from the mark column", n)
		}
	}
	return strings.Join(names, markSeparator), nil
}

// parseMarks reads a mark cell back into the marks' names.
func parseMarks(s string) ([]string, error) {
	if s == naString {
		return nil, nil
	}
	names := strings.Split(s, markSeparator)
	for _, n := range names {
		if n == "" || n == naString {
			return nil, fmt.Errorf("%q is not a list of marks joined by %q", s, markSeparator)
		}
	}
	return names, nil
}

// timelineTable has, for a run over a timeline, one row per package ×
// round × pathway, in model order; a run without a timeline has none.
var timelineTable = &table[TimelineRow]{
	evidence: func(r *TimelineRow) *EvidenceCells { return &r.Evidence },
	file:     TimelineFile,
	dir:      func(d *Dir) *[]TimelineRow { return &d.Timeline },
	run: func(run Run) []TimelineRow {
		m, r := run.Model, run.Result
		if r.Timeline == nil {
			return nil
		}
		var rows []TimelineRow
		for k, pkg := range m.Packages {
			for i, byPathway := range r.Timeline[k] {
				round := i + 1
				date, _ := m.Timeline.Date(round)
				marks := m.Timeline.MarksAt(round)
				for w, e := range byPathway {
					a, o := e.Reached, e.Outcome
					rows = append(rows, TimelineRow{m.ID, pkg.ID, round, date, marks, m.Pathways[w].ID,
						a.P, a.Low, a.High, a.Count, o.P, o.Low, o.High, o.Count, r.Trials, EvidenceCells{}, r.Seed})
				}
			}
		}
		return rows
	},
	columns: []column[TimelineRow]{
		col("scenario", text, func(r *TimelineRow) *string { return &r.Scenario },
			"scenario id"),
		col("package", text, func(r *TimelineRow) *string { return &r.Package },
			"package id"),
		col("round", roundNumber, func(r *TimelineRow) *int { return &r.Round },
			"the round of the talks, from 1 to `[timeline] rounds`"),
		col("date", dateCell, func(r *TimelineRow) *string { return &r.Date },
			"the round's date, YYYY-MM-DD: `[timeline] start` plus `round − 1` units; `NA` without a start (or with a unit that has no dates)"),
		col("mark", marksCell, func(r *TimelineRow) *[]string { return &r.Marks },
			"the name of the mark at the round (`[timeline] marks`), several joined by `;`; `NA` for none"),
		col("pathway", text, func(r *TimelineRow) *string { return &r.Pathway },
			"pathway id"),
		col("reached", probability, func(r *TimelineRow) *float64 { return &r.Reached },
			"share of trials in which the pathway was reached in some round up to this one (its rule held, after its `after` pathways): `reached_count / trials`. It never falls from one round to the next"),
		col("reached_low", probability, func(r *TimelineRow) *float64 { return &r.ReachedLow },
			"lower bound of the Wilson 95% interval of `reached`").atMost("reached"),
		col("reached_high", probability, func(r *TimelineRow) *float64 { return &r.ReachedHigh },
			"upper bound of the Wilson 95% interval of `reached`").atLeast("reached"),
		col("reached_count", count, func(r *TimelineRow) *int64 { return &r.ReachedCount },
			"number of trials that reached the pathway by the round").atMost("trials"),
		col("outcome", probability, func(r *TimelineRow) *float64 { return &r.Outcome },
			"share of trials whose outcome by this round is the pathway: the first, in file order, of the pathways reached by then (the fallback if none). Within a package and round the outcomes sum to 1; at the reported round (the last, or `--round`) they are `pathways.csv`'s probabilities").atMost("reached"),
		col("outcome_low", probability, func(r *TimelineRow) *float64 { return &r.OutcomeLow },
			"lower bound of the Wilson 95% interval of `outcome`").atMost("outcome"),
		col("outcome_high", probability, func(r *TimelineRow) *float64 { return &r.OutcomeHigh },
			"upper bound of the Wilson 95% interval of `outcome`").atLeast("outcome"),
		col("outcome_count", count, func(r *TimelineRow) *int64 { return &r.OutcomeCount },
			"number of trials whose outcome by the round is the pathway").atMost("reached_count", "trials"),
		col("trials", count, func(r *TimelineRow) *int64 { return &r.Trials },
			"number of Monte Carlo trials in the run"),
		evidenceCols(func(r *TimelineRow) *EvidenceCells { return &r.Evidence }),
		col("seed", unsigned, func(r *TimelineRow) *uint64 { return &r.Seed },
			"the run's seed"),
	},
}

// WriteTimeline writes timeline.csv: for each package, round and
// pathway of the runs over a timeline, the probability that the pathway
// is reached by the round and that it is the outcome by then. Runs
// without a timeline have no rows.
func WriteTimeline(w io.Writer, runs ...Run) error {
	return buildCSV(w, runs, timelineTable)
}

// hasTimeline reports whether some run's result is over a timeline: its
// tables then include timeline.csv.
func hasTimeline(runs []Run) bool {
	for _, run := range runs {
		if run.Result != nil && run.Result.Timeline != nil {
			return true
		}
	}
	return false
}

// anyTimeline reports whether some model has a timeline.
func anyTimeline(models []*sim.Model) bool {
	for _, m := range models {
		if m != nil && m.Timeline != nil {
			return true
		}
	}
	return false
}

// checkTimeline verifies that a result over a timeline is of a model
// with one, and has an estimate for each package, round and pathway.
func checkTimeline(m *sim.Model, r *sim.Result) error {
	if r.Timeline == nil {
		return nil
	}
	if m.Timeline == nil {
		return fmt.Errorf("%w: the result is over rounds, the model has no timeline", errShape)
	}
	if len(r.Timeline) != len(m.Packages) {
		return badLength("Timeline", len(r.Timeline), len(m.Packages))
	}
	for k, byRound := range r.Timeline {
		if len(byRound) != m.Timeline.Rounds {
			return badLength(fmt.Sprintf("Timeline[%d]", k), len(byRound), m.Timeline.Rounds)
		}
		for i, byPathway := range byRound {
			if len(byPathway) != len(m.Pathways) {
				return badLength(fmt.Sprintf("Timeline[%d][%d]", k, i), len(byPathway), len(m.Pathways))
			}
		}
	}
	return nil
}
