package main

import (
	"context"
	"errors"

	"github.com/peacesim/peacesim/scenarios"
)

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
