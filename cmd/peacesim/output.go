package main

import (
	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
)

// The --out directory of a scenario command and the manifest it records:
// checked before a run, written after it.

// checkOut fails before a long run, rather than after it, when the --out
// directory would not take the outputs files; results.WriteDir checks
// again.
func (o *ScenarioOptions) checkOut(files []string) error {
	if o.Out == "" {
		return nil
	}
	return results.CheckDir(o.Out, files, o.Force)
}

// writeOut writes the tables of r and the manifest into the --out
// directory, if one was given, and returns the manifest as written: its
// Files list the tables, so that the manifest printed on stdout (--format
// json) is the one in the directory.
func (o *ScenarioOptions) writeOut(man results.Manifest, runs ...results.Run) (results.Manifest, error) {
	if o.Out == "" {
		return man, nil
	}
	if err := results.WriteDir(o.Out, man, o.Force, runs...); err != nil {
		return man, err
	}
	man.Files = results.CSVFiles(runs[0].Result.Paired != nil, results.RunModels(runs)...)
	return man, nil
}

// planned describes the run of m from file that opts will make: its
// scenario's entry in the manifest before it runs (a shard's).
func (o *ScenarioOptions) planned(m *sim.Model, file string, opts sim.Options, sets []string) results.ScenarioRun {
	sr := results.NewScenarioRun(m, &sim.Result{Trials: opts.Trials, Seed: opts.Seed, Round: opts.Round}, file)
	sr.Overrides = append(sr.Overrides, sets...)
	return sr
}

// manifest describes the run of m, read from file, that gave r, with the
// overrides applied.
func (o *ScenarioOptions) manifest(m *sim.Model, r *sim.Result, file string) results.Manifest {
	man := results.NewManifest(versionString())
	sr := results.NewScenarioRun(m, r, file)
	sr.Overrides = append(sr.Overrides, o.Sets...)
	sr.Precision = o.Precision
	man.Scenarios = append(man.Scenarios, sr)
	return man
}
