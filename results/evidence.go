package results

import (
	"fmt"
	"slices"
	"strings"
)

// EvidenceCells are the columns every table of a run gains when the run
// was conditioned on evidence (docs/model.md#evidence), between its
// trials and its seed: the trials run, the kept trials' effective number
// and the evidence's hash. Present says the table has them: a table of
// runs none of which had evidence does not.
type EvidenceCells struct {
	PriorTrials     int64
	EffectiveTrials float64
	Hash            string
	Present         bool
}

// evidenceNames are the names of the evidence columns, in order.
var evidenceNames = []string{"prior_trials", "effective_trials", "evidence"}

// noEvidence is the evidence column of a scenario run without evidence,
// in a batch whose tables have the columns for another's.
const noEvidence = "none"

// evidenceOf is the evidence cells of a run's rows: for a run without
// evidence, its trials, as many effective, and no hash.
func evidenceOf(run Run) EvidenceCells {
	r := run.Result
	c := EvidenceCells{PriorTrials: r.Run(), EffectiveTrials: float64(r.Trials), Hash: noEvidence}
	if r.Evidence {
		c.EffectiveTrials = r.Effective
		if ev := newEvidence(run.Model, r); ev != nil {
			c.Hash = ev.Hash
		}
	}
	return c
}

// evidenceDoc is what README.md says of the evidence columns.
const evidenceDoc = "present only when a run was conditioned on `[[evidence]]`: `prior_trials`, the trials run (`trials` counts those the evidence kept); " +
	"`effective_trials`, the kept trials' Kish effective sample size (Σw)²/Σw², the n of every interval (`trials` when every reliability is 1); " +
	"`evidence`, the evidence's hash, as `manifest.json`'s `evidence.hash` (`none` for a scenario of a batch that has none)"

// evidenceCols is the group of a run table's evidence columns: the three
// of evidenceNames, or none.
func evidenceCols[R any](field func(r *R) *EvidenceCells) column[R] {
	n := names{label: "`prior_trials`, `effective_trials`, `evidence`", noun: "evidence column", plural: "evidence columns",
		take: func(_ *Dir, c *cells, got []string, at int) error {
			if len(got) == 0 || slices.Equal(got, evidenceNames) {
				return nil
			}
			return headerError(c, at, "the columns before seed are %s: want %s, or none", strings.Join(got, ","), strings.Join(evidenceNames, ","))
		}}
	g := &group[R]{names: n,
		cells: func(r *R) ([]any, error) {
			e := field(r)
			if !e.Present {
				return []any{}, nil
			}
			return []any{e.PriorTrials, e.EffectiveTrials, e.Hash}, nil
		},
		parse: func(r *R, ss []string) (int, error) {
			e := field(r)
			*e = EvidenceCells{Present: len(ss) > 0}
			if len(ss) == 0 {
				return 0, nil
			}
			var err error
			if e.PriorTrials, err = count.parse(ss[0]); err != nil {
				return 0, err
			}
			if e.EffectiveTrials, err = number.parse(ss[1]); err != nil {
				return 1, err
			}
			if !(e.EffectiveTrials >= 0) {
				return 1, fmt.Errorf("%s is not a number of trials (must be ≥ 0)", ss[1])
			}
			e.Hash = ss[2]
			return 0, nil
		},
	}
	return column[R]{name: n.label, typ: "integer, float, string", doc: evidenceDoc, group: g}
}
