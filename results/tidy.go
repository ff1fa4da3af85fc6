package results

import (
	"errors"
	"fmt"

	"github.com/peacesim/peacesim/sim"
)

// tidy is one output table in long ("tidy") form, built: its header and
// the cells of its rows, one observation per row, one variable per
// column. A table (its description) builds it once, and it is then
// encoded as CSV or as JSON objects, so the two formats cannot drift
// apart.
//
// A cell holds one of string, bool, int, int64, uint64 or float64, or nil
// for a missing value that is not a number; the encoders format each kind
// (see formatCell and object.MarshalJSON).
type tidy struct {
	// name is the file stem and the JSON key: "pathways" → pathways.csv.
	name    string
	columns []string
	rows    [][]any
}

// Run is one scenario's run: the model simulated and the result it gave.
// The table writers take one or several (a batch); each table then holds
// the rows of every run, one header, told apart by the scenario column.
type Run struct {
	Model  *sim.Model
	Result *sim.Result
}

// check verifies that every run's result fits its model, so the tables'
// rows may index freely, and that the runs hold the same tables.
func check(runs []Run) error {
	if len(runs) == 0 {
		return fmt.Errorf("%w: no run to write", errShape)
	}
	for i, run := range runs {
		if err := checkPaired(run.Model, run.Result); err != nil {
			return err
		}
		if (run.Result.Paired != nil) != (runs[0].Result.Paired != nil) {
			return fmt.Errorf("%w: run %d has paired differences and run 0 has not, or the reverse", errShape, i)
		}
	}
	return nil
}

// build checks the runs, then builds one table of all their rows.
func build(runs []Run, t runTable) (tidy, error) {
	if err := check(runs); err != nil {
		return tidy{}, err
	}
	return t.ofRuns(runs)
}

// buildAll builds every table of the runs in output order.
func buildAll(runs []Run) ([]tidy, error) {
	if err := check(runs); err != nil {
		return nil, err
	}
	var ts []tidy
	for _, t := range runTables(runs[0].Result.Paired != nil, hasTimeline(runs), hasEvidence(runs)) {
		tb, err := t.ofRuns(runs)
		if err != nil {
			return nil, err
		}
		ts = append(ts, tb)
	}
	return ts, nil
}

// PathwayRow is one row of pathways.csv (results/README.md).
type PathwayRow struct {
	Scenario, Package, Pathway string
	Probability, CILow, CIHigh float64
	Count, Trials              int64
	// Evidence are the evidence columns, in a run with evidence.
	Evidence EvidenceCells
	Seed     uint64
}

// pathwaysTable has one row per package × pathway, in model order.
var pathwaysTable = &table[PathwayRow]{
	evidence: func(r *PathwayRow) *EvidenceCells { return &r.Evidence },
	file:     "pathways.csv",
	dir:      func(d *Dir) *[]PathwayRow { return &d.Pathways },
	run: func(run Run) []PathwayRow {
		m, r := run.Model, run.Result
		var rows []PathwayRow
		for k, pkg := range m.Packages {
			for w, pw := range m.Pathways {
				p := r.Pathways[k][w]
				rows = append(rows, PathwayRow{m.ID, pkg.ID, pw.ID, p.P, p.Low, p.High, p.Count, r.Trials, EvidenceCells{}, r.Seed})
			}
		}
		return rows
	},
	columns: []column[PathwayRow]{
		col("scenario", text, func(r *PathwayRow) *string { return &r.Scenario },
			"scenario id (`[scenario] id`)"),
		col("package", text, func(r *PathwayRow) *string { return &r.Package },
			"package id"),
		col("pathway", text, func(r *PathwayRow) *string { return &r.Pathway },
			"pathway id (`[[pathways]] id`)"),
		col("probability", probability, func(r *PathwayRow) *float64 { return &r.Probability },
			"share of trials in which the package led to the pathway: `count / trials`"),
		col("ci_low", probability, func(r *PathwayRow) *float64 { return &r.CILow },
			"lower bound of the Wilson 95% interval of `probability`").atMost("probability"),
		col("ci_high", probability, func(r *PathwayRow) *float64 { return &r.CIHigh },
			"upper bound of the Wilson 95% interval").atLeast("probability"),
		col("count", count, func(r *PathwayRow) *int64 { return &r.Count },
			"number of trials that led to the pathway").atMost("trials"),
		col("trials", count, func(r *PathwayRow) *int64 { return &r.Trials },
			"number of Monte Carlo trials in the run"),
		evidenceCols(func(r *PathwayRow) *EvidenceCells { return &r.Evidence }),
		col("seed", unsigned, func(r *PathwayRow) *uint64 { return &r.Seed },
			"the run's seed (an unsigned 64-bit integer)"),
	},
}

// AcceptanceRow is one row of acceptance.csv.
type AcceptanceRow struct {
	Scenario, Package, Party, Track string
	Stake                           bool
	Probability, CILow, CIHigh      float64
	Count, Trials                   int64
	// Evidence are the evidence columns, in a run with evidence.
	Evidence EvidenceCells
	Seed     uint64
}

// acceptanceTable has one row per package × party × track. Tracks on
// which the party has no stake are kept (stake = false, probability 1) so
// that the table is complete and a pivot in pandas or R gives no holes.
var acceptanceTable = &table[AcceptanceRow]{
	evidence: func(r *AcceptanceRow) *EvidenceCells { return &r.Evidence },
	file:     "acceptance.csv",
	dir:      func(d *Dir) *[]AcceptanceRow { return &d.Acceptance },
	run: func(run Run) []AcceptanceRow {
		m, r := run.Model, run.Result
		var rows []AcceptanceRow
		for k, pkg := range m.Packages {
			for pi := range m.Parties {
				party := &m.Parties[pi]
				for ti, track := range m.Tracks {
					p := r.Acceptance[k][pi][ti]
					rows = append(rows, AcceptanceRow{m.ID, pkg.ID, party.ID, track, hasStake(m, party, ti),
						p.P, p.Low, p.High, p.Count, r.Trials, EvidenceCells{}, r.Seed})
				}
			}
		}
		return rows
	},
	columns: []column[AcceptanceRow]{
		col("scenario", text, func(r *AcceptanceRow) *string { return &r.Scenario },
			"scenario id"),
		col("package", text, func(r *AcceptanceRow) *string { return &r.Package },
			"package id"),
		col("party", text, func(r *AcceptanceRow) *string { return &r.Party },
			"party id (`[parties.ID]`)"),
		col("track", text, func(r *AcceptanceRow) *string { return &r.Track },
			"track name (`humanitarian`, `ceasefire`, `framework`, …)"),
		col("stake", boolean, func(r *AcceptanceRow) *bool { return &r.Stake },
			"whether the party has a stake in any issue on the track. `FALSE`: the party is indifferent to the track and accepts it in every trial, so `probability` is 1"),
		col("probability", probability, func(r *AcceptanceRow) *float64 { return &r.Probability },
			"share of trials in which the party accepts the track: `count / trials`"),
		col("ci_low", probability, func(r *AcceptanceRow) *float64 { return &r.CILow },
			"lower bound of the Wilson 95% interval").atMost("probability"),
		col("ci_high", probability, func(r *AcceptanceRow) *float64 { return &r.CIHigh },
			"upper bound of the Wilson 95% interval").atLeast("probability"),
		col("count", count, func(r *AcceptanceRow) *int64 { return &r.Count },
			"number of trials in which the party accepts the track").atMost("trials"),
		col("trials", count, func(r *AcceptanceRow) *int64 { return &r.Trials },
			"number of Monte Carlo trials in the run"),
		evidenceCols(func(r *AcceptanceRow) *EvidenceCells { return &r.Evidence }),
		col("seed", unsigned, func(r *AcceptanceRow) *uint64 { return &r.Seed },
			"the run's seed"),
	},
}

// RedLineRow is one row of red_lines.csv. RedLine is the index of the red
// line among its party's, as in the key path parties.PARTY.red_lines[i].
type RedLineRow struct {
	Scenario, Package, Party            string
	RedLine                             int
	Label, Issue, Track, Kind           string
	Hard                                bool
	Violated, ViolatedLow, ViolatedHigh float64
	Pivotal, PivotalLow, PivotalHigh    float64
	Trials                              int64
	// Evidence are the evidence columns, in a run with evidence.
	Evidence EvidenceCells
	Seed     uint64
}

// redLinesTable has one row per package × party × red line. red_line is
// the index in the party's list, so parties.P.red_lines[i] in the
// scenario file names the same red line.
var redLinesTable = &table[RedLineRow]{
	evidence: func(r *RedLineRow) *EvidenceCells { return &r.Evidence },
	file:     "red_lines.csv",
	dir:      func(d *Dir) *[]RedLineRow { return &d.RedLines },
	run: func(run Run) []RedLineRow {
		m, r := run.Model, run.Result
		var rows []RedLineRow
		for k, pkg := range m.Packages {
			for pi := range m.Parties {
				party := &m.Parties[pi]
				for ri := range party.RedLines {
					rl := &party.RedLines[ri]
					issue := &m.Issues[rl.Issue]
					v, p := r.Violated[k][pi][ri], r.Pivotal[k][pi][ri]
					rows = append(rows, RedLineRow{m.ID, pkg.ID, party.ID, ri, rl.Label, issue.ID, m.Tracks[issue.Track],
						rl.Kind.String(), rl.Hard, v.P, v.Low, v.High, p.P, p.Low, p.High, r.Trials, EvidenceCells{}, r.Seed})
				}
			}
		}
		return rows
	},
	columns: []column[RedLineRow]{
		col("scenario", text, func(r *RedLineRow) *string { return &r.Scenario },
			"scenario id"),
		col("package", text, func(r *RedLineRow) *string { return &r.Package },
			"package id"),
		col("party", text, func(r *RedLineRow) *string { return &r.Party },
			"party id"),
		col("red_line", index, func(r *RedLineRow) *int { return &r.RedLine },
			"0-based index of the red line among the party's red lines: the same red line as the key path `parties.PARTY.red_lines[i]` of the scenario file"),
		col("label", text, func(r *RedLineRow) *string { return &r.Label },
			"the red line's label (free text, quoted when it holds a comma or quote)"),
		col("issue", text, func(r *RedLineRow) *string { return &r.Issue },
			"id of the issue the red line constrains"),
		col("track", text, func(r *RedLineRow) *string { return &r.Track },
			"the issue's track, on which a violation costs utility or vetoes"),
		col("kind", text, func(r *RedLineRow) *string { return &r.Kind },
			"`min` (violated when the value is below the threshold), `max` (above it), `allowed` (an ordinal value not listed), `require` (a bool that differs)"),
		col("hard", boolean, func(r *RedLineRow) *bool { return &r.Hard },
			"`TRUE`: a violation vetoes the track; `FALSE`: it subtracts the red line's weight from the party's utility on the track"),
		col("violated", probability, func(r *RedLineRow) *float64 { return &r.Violated },
			"share of trials in which the package violates the red line (the threshold may be drawn per trial)"),
		col("violated_low", probability, func(r *RedLineRow) *float64 { return &r.ViolatedLow },
			"lower bound of the Wilson 95% interval of `violated`").atMost("violated"),
		col("violated_high", probability, func(r *RedLineRow) *float64 { return &r.ViolatedHigh },
			"upper bound of the Wilson 95% interval of `violated`").atLeast("violated"),
		col("pivotal", probability, func(r *RedLineRow) *float64 { return &r.Pivotal },
			"share of trials in which the red line is pivotal"),
		col("pivotal_low", probability, func(r *RedLineRow) *float64 { return &r.PivotalLow },
			"lower bound of the Wilson 95% interval of `pivotal`").atMost("pivotal"),
		col("pivotal_high", probability, func(r *RedLineRow) *float64 { return &r.PivotalHigh },
			"upper bound of the Wilson 95% interval of `pivotal`").atLeast("pivotal"),
		col("trials", count, func(r *RedLineRow) *int64 { return &r.Trials },
			"number of Monte Carlo trials in the run"),
		evidenceCols(func(r *RedLineRow) *EvidenceCells { return &r.Evidence }),
		col("seed", unsigned, func(r *RedLineRow) *uint64 { return &r.Seed },
			"the run's seed"),
	},
}

// MarginRow is one row of margins.csv; Mean and SD are NaN where the file
// says NA.
type MarginRow struct {
	Scenario, Package, Party, Track  string
	N                                int64
	Mean, SD, P5, P50, P95, Min, Max float64
	Trials                           int64
	// Evidence are the evidence columns, in a run with evidence.
	Evidence EvidenceCells
	Seed     uint64
}

// marginsTable has one row per package × party × track on which the
// party has a stake: elsewhere the party is indifferent and has no
// margin, and a row of NA would only be noise.
var marginsTable = &table[MarginRow]{
	evidence: func(r *MarginRow) *EvidenceCells { return &r.Evidence },
	file:     "margins.csv",
	dir:      func(d *Dir) *[]MarginRow { return &d.Margins },
	run: func(run Run) []MarginRow {
		m, r := run.Model, run.Result
		var rows []MarginRow
		for k, pkg := range m.Packages {
			for pi := range m.Parties {
				for ti, track := range m.Tracks {
					g := r.Margins[k][pi][ti]
					if g.N <= 0 {
						continue
					}
					rows = append(rows, MarginRow{m.ID, pkg.ID, m.Parties[pi].ID, track,
						g.N, g.Mean, g.SD, g.P5, g.P50, g.P95, g.Min, g.Max, r.Trials, EvidenceCells{}, r.Seed})
				}
			}
		}
		return rows
	},
	columns: []column[MarginRow]{
		col("scenario", text, func(r *MarginRow) *string { return &r.Scenario },
			"scenario id"),
		col("package", text, func(r *MarginRow) *string { return &r.Package },
			"package id"),
		col("party", text, func(r *MarginRow) *string { return &r.Party },
			"party id"),
		col("track", text, func(r *MarginRow) *string { return &r.Track },
			"track name"),
		col("n", count, func(r *MarginRow) *int64 { return &r.N },
			"number of trials summarised (equal to `trials`)").atMost("trials"),
		col("mean", number, func(r *MarginRow) *float64 { return &r.Mean },
			"mean margin; `NA` when some margins lay beyond ±1024 (see below)"),
		col("sd", deviation, func(r *MarginRow) *float64 { return &r.SD },
			"standard deviation of the margin; `NA` when undefined (one trial) or, like `mean`, when some margins lay beyond ±1024"),
		col("p5", number, func(r *MarginRow) *float64 { return &r.P5 },
			"5th percentile of the margin"),
		col("p50", number, func(r *MarginRow) *float64 { return &r.P50 },
			"median margin").atLeast("p5"),
		col("p95", number, func(r *MarginRow) *float64 { return &r.P95 },
			"95th percentile of the margin").atLeast("p50"),
		col("min", number, func(r *MarginRow) *float64 { return &r.Min },
			"smallest margin observed").atMost("p5", "max"),
		col("max", number, func(r *MarginRow) *float64 { return &r.Max },
			"largest margin observed").atLeast("p95"),
		col("trials", count, func(r *MarginRow) *int64 { return &r.Trials },
			"number of Monte Carlo trials in the run"),
		evidenceCols(func(r *MarginRow) *EvidenceCells { return &r.Evidence }),
		col("seed", unsigned, func(r *MarginRow) *uint64 { return &r.Seed },
			"the run's seed"),
	},
}

// BlockingRow is one row of blocking.csv.
type BlockingRow struct {
	Scenario, Package, Pathway, Party, Track string
	RuleBlocked                              float64
	Blocks, BlocksLow, BlocksHigh            float64
	Sole, SoleLow, SoleHigh                  float64
	Trials                                   int64
	// Evidence are the evidence columns, in a run with evidence.
	Evidence EvidenceCells
	Seed     uint64
}

// blockingTable has one row per package × pathway rule × (party, track)
// the rule names on which the party has a stake: how often that
// rejection blocks the rule, and how often it is the rule's only
// rejection. The fallback has no rule and no rows.
var blockingTable = &table[BlockingRow]{
	evidence: func(r *BlockingRow) *EvidenceCells { return &r.Evidence },
	file:     "blocking.csv",
	dir:      func(d *Dir) *[]BlockingRow { return &d.Blocking },
	run: func(run Run) []BlockingRow {
		m, r := run.Model, run.Result
		var rows []BlockingRow
		for k, pkg := range m.Packages {
			for w, rb := range r.Blocking[k] {
				for _, b := range rb.Blockers {
					rows = append(rows, BlockingRow{m.ID, pkg.ID, m.Pathways[w].ID, m.Parties[b.Party].ID, m.Tracks[b.Track],
						rb.Blocked.P, b.Blocks.P, b.Blocks.Low, b.Blocks.High, b.Sole.P, b.Sole.Low, b.Sole.High, r.Trials, EvidenceCells{}, r.Seed})
				}
			}
		}
		return rows
	},
	columns: []column[BlockingRow]{
		col("scenario", text, func(r *BlockingRow) *string { return &r.Scenario },
			"scenario id"),
		col("package", text, func(r *BlockingRow) *string { return &r.Package },
			"package id"),
		col("pathway", text, func(r *BlockingRow) *string { return &r.Pathway },
			"pathway id, of a pathway with a rule (not the fallback)"),
		col("party", text, func(r *BlockingRow) *string { return &r.Party },
			"a party the rule names (`accepted_by`)"),
		col("track", text, func(r *BlockingRow) *string { return &r.Track },
			"a track the rule names (`tracks`); only the tracks on which the party has a stake appear, since on the others it is indifferent and never blocks"),
		col("rule_blocked", probability, func(r *BlockingRow) *float64 { return &r.RuleBlocked },
			"share of trials in which the rule is not met: some party it names rejects some track it names. It describes the rule alone, whether or not an earlier pathway matched first; `1 − rule_blocked` is at least the pathway's probability"),
		col("blocks", probability, func(r *BlockingRow) *float64 { return &r.Blocks },
			"share of trials in which the party rejects the track (`1 −` its acceptance in `acceptance.csv`)"),
		col("blocks_low", probability, func(r *BlockingRow) *float64 { return &r.BlocksLow },
			"lower bound of the Wilson 95% interval of `blocks`").atMost("blocks"),
		col("blocks_high", probability, func(r *BlockingRow) *float64 { return &r.BlocksHigh },
			"upper bound of the Wilson 95% interval of `blocks`").atLeast("blocks"),
		col("sole", probability, func(r *BlockingRow) *float64 { return &r.Sole },
			"share of trials in which that rejection is the rule's only one: had the party accepted the track, the rule would have been met"),
		col("sole_low", probability, func(r *BlockingRow) *float64 { return &r.SoleLow },
			"lower bound of the Wilson 95% interval of `sole`").atMost("sole"),
		col("sole_high", probability, func(r *BlockingRow) *float64 { return &r.SoleHigh },
			"upper bound of the Wilson 95% interval of `sole`").atLeast("sole"),
		col("trials", count, func(r *BlockingRow) *int64 { return &r.Trials },
			"number of Monte Carlo trials in the run"),
		evidenceCols(func(r *BlockingRow) *EvidenceCells { return &r.Evidence }),
		col("seed", unsigned, func(r *BlockingRow) *uint64 { return &r.Seed },
			"the run's seed"),
	},
}

// hasStake reports whether the party has a stake in any issue on track t;
// without one it is indifferent to the track and accepts it
// (docs/model.md#stakes).
func hasStake(m *sim.Model, p *sim.Party, t int) bool {
	for _, s := range p.Stakes {
		if s.Issue >= 0 && s.Issue < len(m.Issues) && m.Issues[s.Issue].Track == t {
			return true
		}
	}
	return false
}

// errShape reports a Result that does not fit its Model: a programming error
// in the caller, reported rather than panicking on an index.
var errShape = errors.New("results: result does not match model")

// checkShape verifies that every index the tables use is in range, so the
// tables' rows can index freely.
func checkShape(m *sim.Model, r *sim.Result) error {
	if m == nil || r == nil {
		return fmt.Errorf("%w: nil model or result", errShape)
	}
	if err := checkModel(m); err != nil {
		return err
	}
	for _, byPackage := range []struct {
		name string
		n    int
	}{{"Pathways", len(r.Pathways)}, {"Acceptance", len(r.Acceptance)}, {"Violated", len(r.Violated)},
		{"Pivotal", len(r.Pivotal)}, {"Margins", len(r.Margins)}, {"Blocking", len(r.Blocking)}} {
		if byPackage.n != len(m.Packages) {
			return badLength(byPackage.name, byPackage.n, len(m.Packages))
		}
	}
	for k := range m.Packages {
		if err := checkPackage(m, r, k); err != nil {
			return err
		}
	}
	return checkTimeline(m, r)
}

// badLength is the error of a result's slice with got entries, not want.
func badLength(what string, got, want int) error {
	return fmt.Errorf("%w: %s has %d entries, want %d", errShape, what, got, want)
}

// checkModel verifies that the model's issues name a track and its red
// lines an issue.
func checkModel(m *sim.Model) error {
	nt := len(m.Tracks)
	for _, is := range m.Issues {
		if is.Track < 0 || is.Track >= nt {
			return fmt.Errorf("%w: issue %q has track %d of %d", errShape, is.ID, is.Track, nt)
		}
	}
	for _, p := range m.Parties {
		for _, rl := range p.RedLines {
			if rl.Issue < 0 || rl.Issue >= len(m.Issues) {
				return fmt.Errorf("%w: a red line of %q has issue %d of %d", errShape, p.ID, rl.Issue, len(m.Issues))
			}
		}
	}
	return nil
}

// checkPackage verifies the shape of package k's part of the result.
func checkPackage(m *sim.Model, r *sim.Result, k int) error {
	np, nt := len(m.Parties), len(m.Tracks)
	if len(r.Blocking[k]) != len(m.Pathways) {
		return badLength(fmt.Sprintf("Blocking[%d]", k), len(r.Blocking[k]), len(m.Pathways))
	}
	for w, rb := range r.Blocking[k] {
		for _, b := range rb.Blockers {
			if b.Party < 0 || b.Party >= np || b.Track < 0 || b.Track >= nt {
				return fmt.Errorf("%w: Blocking[%d][%d] names party %d, track %d", errShape, k, w, b.Party, b.Track)
			}
		}
	}
	if len(r.Pathways[k]) != len(m.Pathways) {
		return badLength(fmt.Sprintf("Pathways[%d]", k), len(r.Pathways[k]), len(m.Pathways))
	}
	for _, byParty := range []struct {
		name string
		n    int
	}{{"Acceptance", len(r.Acceptance[k])}, {"Violated", len(r.Violated[k])},
		{"Pivotal", len(r.Pivotal[k])}, {"Margins", len(r.Margins[k])}} {
		if byParty.n != np {
			return badLength(fmt.Sprintf("%s[%d]", byParty.name, k), byParty.n, np)
		}
	}
	for p := range m.Parties {
		nr := len(m.Parties[p].RedLines)
		for _, byTrack := range []struct {
			name    string
			n, want int
		}{{"Acceptance", len(r.Acceptance[k][p]), nt}, {"Margins", len(r.Margins[k][p]), nt},
			{"Violated", len(r.Violated[k][p]), nr}, {"Pivotal", len(r.Pivotal[k][p]), nr}} {
			if byTrack.n != byTrack.want {
				return badLength(fmt.Sprintf("%s[%d][%d]", byTrack.name, k, p), byTrack.n, byTrack.want)
			}
		}
	}
	return nil
}
