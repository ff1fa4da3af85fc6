package results

import (
	"context"
	"fmt"

	"github.com/peacesim/peacesim/sim"
)

// BatchScenario is one scenario of a batch: its model, the engine's
// options of its run, and what its entry in the manifest records besides
// (a ScenarioRun).
type BatchScenario struct {
	// File is where the scenario came from, as ScenarioRun.File.
	File  string
	Model *sim.Model
	// Overrides are the overrides applied to its file, as given.
	Overrides []string
	// Packages are the ids of the packages of its scenario that Model
	// holds, in order, when the caller chose some (sim.Model.WithPackages);
	// empty means all.
	Packages []string
	Options  sim.Options
}

// Batch is several scenarios run one after another into one set of
// tables, their rows told apart by the scenario column
// (docs/model.md#command-line: peacesim run FILE|NAME…). A scenario's rows
// do not depend on the others of its batch: on the same seed, they are the
// rows of its run alone, byte for byte (but that a batch in which some
// scenario has evidence gives every scenario the evidence columns).
type Batch struct {
	// Version is the peacesim version the manifest records.
	Version   string
	Scenarios []BatchScenario
	// KeepGoing runs the rest of the batch when a scenario fails: the
	// manifest records why (ScenarioRun.Error) and the tables hold no rows
	// of it. Without it, the first failure ends the batch.
	KeepGoing bool
	// Precision is the half-width of the intervals that Run ran each
	// scenario to (sim.RunToPrecision), which the manifest records; 0 when
	// the Options' trials were run.
	Precision float64
	// Runner runs one scenario; nil means sim.Run. A caller that runs to a
	// precision, or shows progress, runs in its own.
	Runner func(ctx context.Context, m *sim.Model, opts sim.Options) (*sim.Result, error)
}

// Planned is the manifest of the batch before it runs, each scenario with
// the seed, trials and round of its Options: what a shard of the batch records
// (WriteRunShard), so that the merged shards have the manifest of the
// whole.
func (b *Batch) Planned() Manifest {
	man := NewManifest(b.Version)
	for _, s := range b.Scenarios {
		man.Scenarios = append(man.Scenarios, s.entry(nil))
	}
	return man
}

// Models are the models of the batch's scenarios, in order: what Files
// takes before the batch runs.
func (b *Batch) Models() []*sim.Model {
	models := make([]*sim.Model, len(b.Scenarios))
	for i, s := range b.Scenarios {
		models[i] = s.Model
	}
	return models
}

// entry is the scenario's ScenarioRun for the result r; nil, for a run
// that failed, records the run its Options planned.
func (s *BatchScenario) entry(r *sim.Result) ScenarioRun {
	if r == nil {
		r = &sim.Result{Trials: s.Options.Trials, Seed: s.Options.Seed, Round: s.Options.Round}
	}
	sr := NewScenarioRun(s.Model, r, s.File)
	sr.Overrides = append(sr.Overrides, s.Overrides...)
	sr.Packages = append(sr.Packages, s.Packages...)
	return sr
}

// RunBatch runs the scenarios of b in order, and returns the manifest of
// the batch, every scenario in order, and the runs of those that ran, for
// WriteDir, WriteJSON and the writers of the tables. With b.KeepGoing, a
// scenario that fails is in the manifest with its Error and not in the
// runs, which may then be none. Otherwise a failure ends the batch with an
// error naming the scenario's file; a cancelled ctx ends it with ctx's
// error.
func RunBatch(ctx context.Context, b Batch) (Manifest, []Run, error) {
	run := b.Runner
	if run == nil {
		run = sim.Run
	}
	man := NewManifest(b.Version)
	var runs []Run
	for _, s := range b.Scenarios {
		r, err := run(ctx, s.Model, s.Options)
		sr := s.entry(r)
		sr.Precision = b.Precision
		if err != nil {
			if ctx.Err() != nil {
				return Manifest{}, nil, ctx.Err()
			}
			if !b.KeepGoing {
				return Manifest{}, nil, fmt.Errorf("%s: %w", s.File, err)
			}
			sr.Seed, sr.Trials, sr.Error = s.Options.Seed, s.Options.Trials, err.Error()
			man.Scenarios = append(man.Scenarios, sr)
			continue
		}
		runs = append(runs, Run{Model: s.Model, Result: r})
		man.Scenarios = append(man.Scenarios, sr)
	}
	return man, runs, nil
}

// Failed are the scenarios of the manifest whose run failed (a batch with
// KeepGoing), in order.
func (man Manifest) Failed() []ScenarioRun {
	var failed []ScenarioRun
	for _, sr := range man.Scenarios {
		if sr.Error != "" {
			failed = append(failed, sr)
		}
	}
	return failed
}
