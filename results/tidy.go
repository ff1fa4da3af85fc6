package results

import (
	"errors"
	"fmt"

	"github.com/peacesim/peacesim/sim"
)

// tidy is one output table in long ("tidy") form: one observation per row,
// one variable per column. Each table is built once here and then encoded as
// CSV or as JSON objects, so the two formats cannot drift apart.
//
// A cell holds one of string, bool, int, int64, uint64 or float64; the
// encoders format each kind (see formatCell and object.MarshalJSON).
type tidy struct {
	// name is the file stem and the JSON key: "pathways" → pathways.csv.
	name    string
	columns []string
	rows    [][]any
}

// builder builds one table from a Result that fits its Model.
type builder func(*sim.Model, *sim.Result) tidy

// Run is one scenario's run: the model simulated and the result it gave.
// The table writers take one or several (a batch); each table then holds
// the rows of every run, one header, told apart by the scenario column.
type Run struct {
	Model  *sim.Model
	Result *sim.Result
}

// builders lists every table of a run whose result is r, in output order;
// WriteDir and WriteJSON walk it, so a new table is added in one place.
// comparisons is there when r holds paired differences of packages.
func builders(r *sim.Result) []builder {
	bs := []builder{pathwaysTable, acceptanceTable, redLinesTable, marginsTable, blockingTable}
	if r.Paired != nil {
		bs = append(bs, comparisonsTable)
	}
	return bs
}

// check verifies that every run's result fits its model, so the builders
// may index freely, and that the runs hold the same tables.
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
func build(runs []Run, b builder) (tidy, error) {
	if err := check(runs); err != nil {
		return tidy{}, err
	}
	return join(runs, b), nil
}

// join builds a table from each run and puts their rows together, in run
// order.
func join(runs []Run, b builder) tidy {
	t := b(runs[0].Model, runs[0].Result)
	for _, run := range runs[1:] {
		t.rows = append(t.rows, b(run.Model, run.Result).rows...)
	}
	return t
}

// buildAll builds every table of the runs in output order.
func buildAll(runs []Run) ([]tidy, error) {
	if err := check(runs); err != nil {
		return nil, err
	}
	var ts []tidy
	for _, b := range builders(runs[0].Result) {
		ts = append(ts, join(runs, b))
	}
	return ts, nil
}

// key and tail are the identifying columns every table starts and ends with:
// a row read on its own (or after concatenating the CSVs of several runs)
// still says which scenario, trials and seed it comes from.
func key(m *sim.Model, k int) []any { return []any{m.ID, m.Packages[k].ID} }
func tail(r *sim.Result) []any      { return []any{r.Trials, r.Seed} }

// estimate is a proportion's point estimate and Wilson 95% interval.
func estimate(p sim.Proportion) []any { return []any{p.P, p.Low, p.High} }

// row concatenates column groups into one row.
func row(groups ...[]any) []any {
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	out := make([]any, 0, n)
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// pathwaysTable has one row per package × pathway, in model order.
func pathwaysTable(m *sim.Model, r *sim.Result) tidy {
	t := tidy{name: "pathways", columns: []string{
		"scenario", "package", "pathway", "probability", "ci_low", "ci_high", "count", "trials", "seed"}}
	for k := range m.Packages {
		for w, pw := range m.Pathways {
			p := r.Pathways[k][w]
			t.rows = append(t.rows, row(key(m, k), []any{pw.ID}, estimate(p), []any{p.Count}, tail(r)))
		}
	}
	return t
}

// acceptanceTable has one row per package × party × track. Tracks on which
// the party has no stake are kept (stake = false, probability 1) so that the
// table is complete and a pivot in pandas or R gives no holes.
func acceptanceTable(m *sim.Model, r *sim.Result) tidy {
	t := tidy{name: "acceptance", columns: []string{
		"scenario", "package", "party", "track", "stake", "probability", "ci_low", "ci_high", "count", "trials", "seed"}}
	for k := range m.Packages {
		for pi := range m.Parties {
			party := &m.Parties[pi]
			for ti, track := range m.Tracks {
				p := r.Acceptance[k][pi][ti]
				t.rows = append(t.rows, row(key(m, k), []any{party.ID, track, hasStake(m, party, ti)},
					estimate(p), []any{p.Count}, tail(r)))
			}
		}
	}
	return t
}

// redLinesTable has one row per package × party × red line. red_line is the
// index in the party's list, so parties.P.red_lines[i] in the scenario file
// names the same red line.
func redLinesTable(m *sim.Model, r *sim.Result) tidy {
	t := tidy{name: "red_lines", columns: []string{
		"scenario", "package", "party", "red_line", "label", "issue", "track", "kind", "hard",
		"violated", "violated_low", "violated_high", "pivotal", "pivotal_low", "pivotal_high", "trials", "seed"}}
	for k := range m.Packages {
		for pi := range m.Parties {
			party := &m.Parties[pi]
			for ri := range party.RedLines {
				rl := &party.RedLines[ri]
				issue := &m.Issues[rl.Issue]
				t.rows = append(t.rows, row(key(m, k),
					[]any{party.ID, ri, rl.Label, issue.ID, m.Tracks[issue.Track], rl.Kind.String(), rl.Hard},
					estimate(r.Violated[k][pi][ri]), estimate(r.Pivotal[k][pi][ri]), tail(r)))
			}
		}
	}
	return t
}

// marginsTable has one row per package × party × track on which the party
// has a stake: elsewhere the party is indifferent and has no margin, and a
// row of NA would only be noise.
func marginsTable(m *sim.Model, r *sim.Result) tidy {
	t := tidy{name: "margins", columns: []string{
		"scenario", "package", "party", "track", "n", "mean", "sd", "p5", "p50", "p95", "min", "max", "trials", "seed"}}
	for k := range m.Packages {
		for pi := range m.Parties {
			for ti, track := range m.Tracks {
				g := r.Margins[k][pi][ti]
				if g.N <= 0 {
					continue
				}
				t.rows = append(t.rows, row(key(m, k), []any{m.Parties[pi].ID, track},
					[]any{g.N, g.Mean, g.SD, g.P5, g.P50, g.P95, g.Min, g.Max}, tail(r)))
			}
		}
	}
	return t
}

// blockingTable has one row per package × pathway rule × (party, track)
// the rule names on which the party has a stake: how often that rejection
// blocks the rule, and how often it is the rule's only rejection. The
// fallback has no rule and no rows.
func blockingTable(m *sim.Model, r *sim.Result) tidy {
	t := tidy{name: "blocking", columns: []string{
		"scenario", "package", "pathway", "party", "track", "rule_blocked",
		"blocks", "blocks_low", "blocks_high", "sole", "sole_low", "sole_high", "trials", "seed"}}
	for k := range m.Packages {
		for w, rb := range r.Blocking[k] {
			for _, b := range rb.Blockers {
				t.rows = append(t.rows, row(key(m, k), []any{m.Pathways[w].ID, m.Parties[b.Party].ID, m.Tracks[b.Track], rb.Blocked.P},
					estimate(b.Blocks), estimate(b.Sole), tail(r)))
			}
		}
	}
	return t
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
// builders can index freely.
func checkShape(m *sim.Model, r *sim.Result) error {
	if m == nil || r == nil {
		return fmt.Errorf("%w: nil model or result", errShape)
	}
	bad := func(what string, got, want int) error {
		return fmt.Errorf("%w: %s has %d entries, want %d", errShape, what, got, want)
	}
	np, nt := len(m.Parties), len(m.Tracks)
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
	for _, byPackage := range []struct {
		name string
		n    int
	}{{"Pathways", len(r.Pathways)}, {"Acceptance", len(r.Acceptance)}, {"Violated", len(r.Violated)},
		{"Pivotal", len(r.Pivotal)}, {"Margins", len(r.Margins)}} {
		if byPackage.n != len(m.Packages) {
			return bad(byPackage.name, byPackage.n, len(m.Packages))
		}
	}
	if len(r.Blocking) != len(m.Packages) {
		return bad("Blocking", len(r.Blocking), len(m.Packages))
	}
	for k := range m.Packages {
		if len(r.Blocking[k]) != len(m.Pathways) {
			return bad(fmt.Sprintf("Blocking[%d]", k), len(r.Blocking[k]), len(m.Pathways))
		}
		for w, rb := range r.Blocking[k] {
			for _, b := range rb.Blockers {
				if b.Party < 0 || b.Party >= np || b.Track < 0 || b.Track >= nt {
					return fmt.Errorf("%w: Blocking[%d][%d] names party %d, track %d", errShape, k, w, b.Party, b.Track)
				}
			}
		}
		if len(r.Pathways[k]) != len(m.Pathways) {
			return bad(fmt.Sprintf("Pathways[%d]", k), len(r.Pathways[k]), len(m.Pathways))
		}
		for _, byParty := range []struct {
			name string
			n    int
		}{{"Acceptance", len(r.Acceptance[k])}, {"Violated", len(r.Violated[k])},
			{"Pivotal", len(r.Pivotal[k])}, {"Margins", len(r.Margins[k])}} {
			if byParty.n != np {
				return bad(fmt.Sprintf("%s[%d]", byParty.name, k), byParty.n, np)
			}
		}
		for p := range m.Parties {
			nr := len(m.Parties[p].RedLines)
			switch {
			case len(r.Acceptance[k][p]) != nt:
				return bad(fmt.Sprintf("Acceptance[%d][%d]", k, p), len(r.Acceptance[k][p]), nt)
			case len(r.Margins[k][p]) != nt:
				return bad(fmt.Sprintf("Margins[%d][%d]", k, p), len(r.Margins[k][p]), nt)
			case len(r.Violated[k][p]) != nr:
				return bad(fmt.Sprintf("Violated[%d][%d]", k, p), len(r.Violated[k][p]), nr)
			case len(r.Pivotal[k][p]) != nr:
				return bad(fmt.Sprintf("Pivotal[%d][%d]", k, p), len(r.Pivotal[k][p]), nr)
			}
		}
	}
	return nil
}
