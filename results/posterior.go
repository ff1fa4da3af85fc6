package results

import (
	"github.com/peacesim/peacesim/sim"
)

// PosteriorFile is the table of what a run's evidence taught about each
// uncertain input (docs/model.md#evidence).
const PosteriorFile = "posterior.csv"

// PosteriorRow is one row of posterior.csv: one uncertain input of a run
// conditioned on evidence, its prior (over every trial run) and its
// posterior (over the trials the evidence kept, weighted).
type PosteriorRow struct {
	Scenario, Input                         string
	PriorMean, PriorP10, PriorP50, PriorP90 float64
	PostMean, PostP10, PostP50, PostP90     float64
	Shift                                   float64
	PriorTrials, KeptTrials                 int64
	EffectiveTrials                         float64
	Evidence                                string
	Seed                                    uint64
}

// posteriorTable has one row per uncertain input of each run with
// evidence, in the order of sim.Result.Posterior: the Params in model
// order, then the salience shares.
var posteriorTable = &table[PosteriorRow]{
	file: PosteriorFile,
	dir:  func(d *Dir) *[]PosteriorRow { return &d.Posterior },
	run: func(run Run) []PosteriorRow {
		m, r := run.Model, run.Result
		var rows []PosteriorRow
		hash := ""
		if ev := newEvidence(m, r); ev != nil {
			hash = ev.Hash
		}
		for _, in := range r.Posterior {
			rows = append(rows, PosteriorRow{m.ID, in.Name,
				in.Prior.Mean, in.Prior.P10, in.Prior.P50, in.Prior.P90,
				in.Posterior.Mean, in.Posterior.P10, in.Posterior.P50, in.Posterior.P90,
				shift(in), r.Prior, r.Trials, r.Effective, hash, r.Seed})
		}
		return rows
	},
	columns: []column[PosteriorRow]{
		col("scenario", text, func(r *PosteriorRow) *string { return &r.Scenario },
			"scenario id"),
		col("input", text, func(r *PosteriorRow) *string { return &r.Input },
			"the input's key path; for a salience share `parties.P.salience.T.ISSUE`, the stake's weight over the party's weights on the track"),
		col("prior_mean", number, func(r *PosteriorRow) *float64 { return &r.PriorMean },
			"the input's mean over every trial run"),
		col("prior_p10", number, func(r *PosteriorRow) *float64 { return &r.PriorP10 },
			"its 10th percentile, from a histogram of 1024 bins over the prior's central 99.8% (to half a bin)").atMost("prior_p50"),
		col("prior_p50", number, func(r *PosteriorRow) *float64 { return &r.PriorP50 },
			"its median").atMost("prior_p90"),
		col("prior_p90", number, func(r *PosteriorRow) *float64 { return &r.PriorP90 },
			"its 90th percentile"),
		col("posterior_mean", number, func(r *PosteriorRow) *float64 { return &r.PostMean },
			"its mean over the trials the evidence kept, each weighed by its likelihood"),
		col("posterior_p10", number, func(r *PosteriorRow) *float64 { return &r.PostP10 },
			"the posterior's 10th percentile").atMost("posterior_p50"),
		col("posterior_p50", number, func(r *PosteriorRow) *float64 { return &r.PostP50 },
			"the posterior's median").atMost("posterior_p90"),
		col("posterior_p90", number, func(r *PosteriorRow) *float64 { return &r.PostP90 },
			"the posterior's 90th percentile"),
		col("shift", number, func(r *PosteriorRow) *float64 { return &r.Shift },
			"how far the evidence moved the mean, in units of the prior's 10th–90th percentile range: (posterior_mean − prior_mean) / (prior_p90 − prior_p10)"),
		col("prior_trials", count, func(r *PosteriorRow) *int64 { return &r.PriorTrials },
			"the trials run").atLeast("kept_trials"),
		col("kept_trials", count, func(r *PosteriorRow) *int64 { return &r.KeptTrials },
			"the trials the evidence kept: those that contradict no observation of reliability 1"),
		col("effective_trials", number, func(r *PosteriorRow) *float64 { return &r.EffectiveTrials },
			"their Kish effective sample size (Σw)²/Σw²: kept_trials when every reliability is 1"),
		col("evidence", text, func(r *PosteriorRow) *string { return &r.Evidence },
			"the hash of the evidence, as manifest.json's `evidence.hash`"),
		col("seed", unsigned, func(r *PosteriorRow) *uint64 { return &r.Seed },
			"the run's seed"),
	},
}

// shift is how far the evidence moved an input's mean, in units of its
// prior's 10th–90th percentile range (0 when that range is empty).
func shift(in sim.InputPosterior) float64 {
	if w := in.Prior.P90 - in.Prior.P10; w > 0 {
		return (in.Posterior.Mean - in.Prior.Mean) / w
	}
	return 0
}

// hasEvidence reports whether some run was conditioned on evidence.
func hasEvidence(runs []Run) bool {
	for _, run := range runs {
		if run.Result != nil && run.Result.Evidence {
			return true
		}
	}
	return false
}

// anyEvidence reports whether some model has evidence.
func anyEvidence(models []*sim.Model) bool {
	for _, m := range models {
		if m != nil && len(m.Evidence) > 0 {
			return true
		}
	}
	return false
}
