package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// A batch is several scenarios run with the same flags into one set of
// tables (docs/model.md#command-line: peacesim run FILE|NAME…). Every
// scenario is loaded and checked before any runs, so a problem in the last
// file costs nothing.

// batchScenario is one scenario of a batch, loaded with its overrides.
type batchScenario struct {
	// arg is the command-line argument naming it; file the name its
	// problems and the manifest use (resolveScenario).
	arg, file string
	model     *sim.Model
	// sets are the --set arguments applied to it, as the user gave them
	// (with an ID: prefix where they had one).
	sets []string
}

// targetedSet is a --set argument, with the scenario it is aimed at when
// written ID:KEY=VALUE.
type targetedSet struct {
	arg, target, set string
}

// splitTarget reads a --set argument that may name its scenario, as
// ID:KEY=VALUE: the ID is what comes before a ":" that precedes the first
// "=" outside quotes (a key path holds no bare ":"). Without one, the
// override is for every scenario of the batch.
func splitTarget(arg string) targetedSet {
	quote := byte(0)
	for i := 0; i < len(arg); i++ {
		c := arg[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			return targetedSet{arg: arg, set: arg}
		case c == ':':
			return targetedSet{arg: arg, target: strings.TrimSpace(arg[:i]), set: arg[i+1:]}
		}
	}
	return targetedSet{arg: arg, set: arg}
}

// loadBatch resolves and loads every scenario argument (the default
// scenario when there is none) with the --set overrides that apply to it:
// those without a target apply to every scenario, and a scenario that
// lacks their key is a problem; ID:KEY=VALUE applies to the scenario whose
// id is ID alone. It reports every problem of every file together, and two
// files with the same id, as scenario problems (exit 2).
func loadBatch(ctx context.Context, args, sets []string) ([]batchScenario, error) {
	if len(args) == 0 {
		args = []string{""}
	}
	targeted := make([]targetedSet, len(sets))
	for i, s := range sets {
		targeted[i] = splitTarget(s)
	}
	type read struct {
		arg, id string
		source
	}
	var reads []read
	var problems scenarios.Problems
	for _, arg := range args {
		sc, err := resolveScenario(ctx, arg)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if len(args) == 1 {
				return nil, err // as a single run has always reported it
			}
			problems = appendProblems(problems, arg, err)
			continue
		}
		reads = append(reads, read{arg, scenarios.ID(sc.src), sc})
	}
	ids := make([]string, len(reads))
	for i, r := range reads {
		ids[i] = r.id
	}
	for _, t := range targeted {
		if t.target != "" && !slices.Contains(ids, t.target) {
			problems = append(problems, scenarios.Problem{Set: t.arg,
				Msg: fmt.Sprintf("no scenario with id %q in this run%s", t.target, idHint(t.target, ids))})
		}
	}
	var batch []batchScenario
	for _, r := range reads {
		var mine []string
		for _, t := range targeted {
			if t.target == "" || t.target == r.id {
				mine = append(mine, t.arg)
				continue
			}
		}
		plain := make([]string, 0, len(mine))
		for _, arg := range mine {
			plain = append(plain, splitTarget(arg).set)
		}
		opts, err := setOptions(plain)
		if err == nil {
			var m *sim.Model
			if m, err = load(ctx, r.source, opts...); err == nil {
				batch = append(batch, batchScenario{arg: r.arg, file: r.file, model: m, sets: mine})
				continue
			}
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		problems = appendProblems(problems, r.file, err)
	}
	seen := map[string]string{}
	for _, b := range batch {
		first, dup := seen[b.model.ID]
		switch {
		case dup && first == b.file:
			problems = append(problems, scenarios.Problem{File: b.file,
				Msg: "given twice: a batch runs each scenario once, its rows told apart by the scenario's id"})
		case dup:
			problems = append(problems, scenarios.Problem{File: b.file, Key: "scenario.id",
				Msg: fmt.Sprintf("id %q is also the id of %s: the scenarios of one run are told apart by their ids; give one another id", b.model.ID, first)})
		default:
			seen[b.model.ID] = b.file
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return batch, nil
}

// idHint suggests the closest scenario id, or lists them.
func idHint(id string, ids []string) string {
	if s := sim.Suggest(id, ids); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Sprintf(" (its scenarios are: %s)", strings.Join(ids, ", "))
}
