package main

import (
	"context"
	"fmt"
	"io"

	"github.com/peacesim/peacesim/sim"
)

// Running a scenario for a command: the engine's options as the flags
// say (runModel, with --precision or without), the progress bar, and the
// warnings on stderr about how a run went.

// runModel runs m with opts: a plain run, or with --precision one that adds
// trials until its intervals are narrow enough, warning on stderr when
// --max-trials stops it first.
func (o *ScenarioOptions) runModel(ctx context.Context, m *sim.Model, opts sim.Options, widest func(*sim.Result) float64) (*sim.Result, error) {
	o.warnWorkers(m, opts)
	if o.Precision <= 0 {
		return sim.Run(ctx, m, opts)
	}
	p, err := sim.RunToPrecision(ctx, m, opts, sim.Target{HalfWidth: o.Precision, MaxTrials: o.MaxTrials, Widest: widest})
	if err != nil {
		return nil, err
	}
	if !p.Reached {
		fmt.Fprintf(o.Stderr, "peacesim: warning: %s: --precision %g not reached in %d trials (--max-trials); the widest interval is ±%.4g\n",
			m.ID, o.Precision, p.Run(), sim.WidestInterval(p.Result))
	}
	return p.Result, nil
}

// runnerTo is runModel as a study calls it, model by model, its precision
// measured by widest.
func (o *ScenarioOptions) runnerTo(widest func(*sim.Result) float64) func(context.Context, *sim.Model, sim.Options) (*sim.Result, error) {
	return func(ctx context.Context, m *sim.Model, opts sim.Options) (*sim.Result, error) {
		return o.runModel(ctx, m, opts, widest)
	}
}

// warnWorkers says on stderr when a run will use fewer workers than asked
// because their aggregates would pass sim.TallyBudget together: the
// results are the same, but the run is slower than the user expects.
func (o *ScenarioOptions) warnWorkers(m *sim.Model, opts sim.Options) {
	chunks := sim.ChunkCount(opts.Trials)
	if c := opts.Chunks; c != (sim.ChunkRange{}) {
		chunks = c.End - c.First
	}
	// Fewer chunks than workers leave some idle anyway: that is no news.
	want := int(min(int64(opts.Workers), chunks))
	if n := sim.PlanWorkers(m, opts); n < want {
		fmt.Fprintf(o.Stderr, "peacesim: warning: %s runs on %d of %d workers: each worker's aggregates of %d packages take so much memory that more would pass %d GiB together (the results do not depend on it)\n",
			m.ID, n, want, len(m.Packages), sim.TallyBudget>>30)
	}
}

// plannedTrials is how many trials a run of m may take: the trials, or
// with --precision the most it may take (for the progress bar).
func (o *ScenarioOptions) plannedTrials(m *sim.Model) int64 {
	if o.Precision > 0 {
		return o.MaxTrials
	}
	return o.simOptions(m).Trials
}

// simulate runs m as opts say, with a progress bar on a terminal, and
// warns about margins off the utility scale. A Ctrl-C while the scenario
// loaded or the outputs were checked ends here, before the engine could
// report anything else about the run.
func (o *ScenarioOptions) simulate(ctx context.Context, m *sim.Model, opts sim.Options) (*sim.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	bar := o.progress(o.plannedTrials(m))
	if bar != nil {
		opts.Progress = bar.add
	}
	r, err := o.runModel(ctx, m, opts, nil)
	bar.finish(err)
	if err != nil {
		return nil, err
	}
	warnClamped(o.Stderr, m, r)
	return r, nil
}

// progress is the progress bar of a run of total trials: nil (drawing
// nothing) with --quiet or when stderr is not a terminal.
func (o *ScenarioOptions) progress(total int64) *progress {
	if o.Quiet {
		return nil
	}
	if o.bars != nil {
		return o.bars(total)
	}
	return newProgress(o.Stderr, total)
}

// warnClamped tells the user, on stderr, when margins were so large that
// their mean and sd could not be kept (sim.MarginClamp): a scenario whose
// reservations or factor effects are not on the utility scale.
func warnClamped(stderr io.Writer, m *sim.Model, r *sim.Result) {
	var cells int
	var first string
	for k, pkg := range r.Margins {
		for p, tracks := range pkg {
			for t, g := range tracks {
				if g.Clamped > 0 {
					if cells == 0 {
						first = m.Packages[k].ID + ", " + m.Parties[p].ID + ", " + m.Tracks[t]
					}
					cells++
				}
			}
		}
	}
	if cells > 0 {
		fmt.Fprintf(stderr, "peacesim: warning: margins U − R beyond ±%d in %d (package, party, track) cells, the first %s: "+
			"reservations and factor effects should be on the utility scale [0, 1]; the mean and sd of those margins are NA\n",
			sim.MarginClamp, cells, first)
	}
}
