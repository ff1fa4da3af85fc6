package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// A batch is several scenarios run with the same flags into one set of
// tables: scenarios.LoadBatch loads it and results.RunBatch runs it. What
// is the command line's here is reading the arguments' files with a
// context, turning the flags into each run's options, and the progress
// bar over the whole batch.

// loadBatch reads every scenario argument (the default scenario when
// there is none) and loads them together with the --set overrides, as
// scenarios.LoadBatch does: every problem of every argument and file is
// reported at once, before anything runs. An argument that names no file
// and no embedded scenario is a problem of the batch; alone, it is the
// usage error a single run has always reported.
func loadBatch(ctx context.Context, args, sets []string) ([]scenarios.Loaded, error) {
	if len(args) == 0 {
		args = []string{""}
	}
	var sources []scenarios.Source
	var problems scenarios.Problems
	for _, arg := range args {
		sc, err := resolveScenario(ctx, arg)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if len(args) == 1 {
				return nil, err
			}
			problems = appendProblems(problems, arg, err)
			continue
		}
		sources = append(sources, scenarios.Source{File: sc.file, Src: sc.src, Bases: baseResolver(ctx, sc)})
	}
	batch, err := scenarios.LoadBatch(ctx, sources, sets)
	var more scenarios.Problems
	switch {
	case errors.As(err, &more):
		problems = append(problems, more...)
	case err != nil:
		return nil, err
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return batch, nil
}

// newBatch loads the scenarios of a run (loadBatch), chooses the packages
// of each (--packages: every scenario must have them all), checks --round
// on each, and sets the options of each run as the flags say. Every scenario is checked before
// any runs.
func (o *RunOptions) newBatch(ctx context.Context) (results.Batch, error) {
	loaded, err := loadBatch(ctx, o.Scenarios, o.Sets)
	if err != nil {
		return results.Batch{}, err
	}
	b := results.Batch{Version: versionString(), KeepGoing: o.KeepGoing, Precision: o.Precision}
	for _, l := range loaded {
		warnScenario(o.Stderr, l.Warnings)
		o.applyEvidence(l.Model)
		m, err := choosePackages(l.Model, o.Packages, 1)
		if err == nil {
			err = o.checkRound(m)
		}
		if err != nil {
			return results.Batch{}, err
		}
		simOpts := o.simOptions(m)
		o.countOutput(&simOpts)
		b.Scenarios = append(b.Scenarios, results.BatchScenario{File: l.File, Model: m, Overrides: l.Sets,
			Packages: o.Packages, Options: simOpts})
	}
	return b, nil
}

// runShardsOf runs this process's shard of every scenario of b.
func (o *RunOptions) runShardsOf(ctx context.Context, s *shardSpec, b results.Batch) error {
	models := make([]*sim.Model, len(b.Scenarios))
	sims := make([]sim.Options, len(b.Scenarios))
	for j, bs := range b.Scenarios {
		models[j], sims[j] = bs.Model, bs.Options
	}
	return o.runShards(ctx, s, "run", models, sims, b.Planned())
}

// runner runs one scenario of a batch as the flags say (runModel), on the
// batch's one progress bar, with the warnings of a run on stderr. When a
// scenario fails and --keep-going runs the others, the bar moves past the
// trials it will not run.
func (o *RunOptions) runner(bar *progress) func(context.Context, *sim.Model, sim.Options) (*sim.Result, error) {
	return func(ctx context.Context, m *sim.Model, so sim.Options) (*sim.Result, error) {
		var done atomic.Int64 // the workers report progress concurrently
		if bar != nil {
			so.Progress = func(n int64) { bar.add(n); done.Add(n) }
		}
		r, err := o.runModel(ctx, m, so, nil)
		switch {
		case err == nil:
			warnClamped(o.Stderr, m, r)
		case ctx.Err() == nil && o.KeepGoing:
			bar.add(o.plannedTrials(m) - done.Load())
		}
		return r, err
	}
}

// batchTrials is how many trials the batch may take, for its progress bar.
func (o *RunOptions) batchTrials(b results.Batch) int64 {
	var total int64
	for _, s := range b.Scenarios {
		total += o.plannedTrials(s.Model)
	}
	return total
}

// reportFailures says on stderr which scenarios of a batch failed
// (--keep-going), and returns the error that the run ends with once the
// others' tables are written: nil when none failed.
func reportFailures(stderr io.Writer, man results.Manifest) error {
	failed := man.Failed()
	if len(failed) == 0 {
		return nil
	}
	files := make([]string, len(failed))
	for i, sr := range failed {
		fmt.Fprintf(stderr, "peacesim: %s failed: %s\n", sr.File, sr.Error)
		files[i] = sr.File
	}
	return fmt.Errorf("%d of %d scenarios failed (%s); the others' tables are written, and the manifest says why",
		len(failed), len(man.Scenarios), strings.Join(files, ", "))
}
