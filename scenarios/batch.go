package scenarios

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// A batch is several scenarios loaded together, to be run with the same
// options into one set of tables whose rows the scenario's id tells apart
// (docs/model.md#command-line: peacesim run FILE|NAME…). Every scenario of
// a batch is loaded and checked before any runs, so that a problem in the
// last file costs nothing. An override applies to every scenario of the
// batch, or is aimed at one of them by its id.

// Source is one scenario file of a batch, as its caller read it.
type Source struct {
	// File is the name under which its problems are reported and a
	// manifest records it: a path as given, or an embedded scenario's
	// NAME.toml.
	File string
	Src  []byte
	// Bases finds the bases of a variant (see Bases); nil means the
	// embedded scenarios alone.
	Bases BaseResolver
}

// Loaded is one scenario of a batch, loaded with the overrides that apply
// to it.
type Loaded struct {
	// File is the File of its Source.
	File  string
	Model *sim.Model
	// Sets are the overrides applied to it, in the order given to
	// LoadBatch and as given: with their ID: prefix where they had one.
	Sets []string
	// Warnings are its warnings (see Warnings).
	Warnings Problems
}

// LoadBatch loads every source with the overrides of sets that apply to
// it, and returns them in order. An override written KEY=VALUE (see
// ParseSet) applies to every scenario of the batch, and a scenario without
// KEY is a problem; one written ID:KEY=VALUE applies to the scenario whose
// [scenario] id is ID alone, and an ID that is no scenario's is a problem,
// with a suggestion. Two sources of one id, or one source given twice,
// are problems too: a batch's rows are told apart by their scenario's id.
//
// The error is Problems, every problem of every source and override
// together, or ctx's error when ctx is cancelled meanwhile: Load looks at
// no context, so LoadBatch checks it after each scenario.
func LoadBatch(ctx context.Context, sources []Source, sets []string) ([]Loaded, error) {
	targeted := make([]targetedSet, len(sets))
	for i, s := range sets {
		targeted[i] = splitTarget(s)
	}
	// The ids are peeked (a decoding of the whole file) only when an
	// override is aimed at one: a scenario of many packages is decoded
	// once, by Load.
	ids := make([]string, len(sources))
	if slices.ContainsFunc(targeted, func(t targetedSet) bool { return t.target != "" }) {
		for i, s := range sources {
			ids[i] = ID(s.Src)
		}
	}
	problems := unknownTargets(targeted, ids)
	var batch []Loaded
	for i, s := range sources {
		l, err := loadTargeted(s, ids[i], targeted)
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if err != nil {
			problems = append(problems, problemsOf(s.File, err)...)
			continue
		}
		batch = append(batch, l)
	}
	problems = append(problems, sameIDs(batch)...)
	if len(problems) > 0 {
		return nil, problems
	}
	return batch, nil
}

// targetedSet is an override of a batch, with the id of the scenario it
// is aimed at when written ID:KEY=VALUE; set is KEY=VALUE.
type targetedSet struct {
	arg, target, set string
}

// splitTarget reads an override that may name its scenario, as
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

// unknownTargets are the problems of overrides aimed at an id that no
// scenario of the batch has.
func unknownTargets(targeted []targetedSet, ids []string) Problems {
	var problems Problems
	for _, t := range targeted {
		if t.target != "" && !slices.Contains(ids, t.target) {
			problems = append(problems, Problem{Set: t.arg,
				Msg: fmt.Sprintf("no scenario with id %q in this run%s", t.target, targetHint(t.target, ids))})
		}
	}
	return problems
}

// targetHint suggests the closest scenario id, or lists them.
func targetHint(id string, ids []string) string {
	if s := didYouMean(id, ids); s != "" {
		return s
	}
	return fmt.Sprintf(" (its scenarios are: %s)", strings.Join(ids, ", "))
}

// loadTargeted loads s, whose id is id, with the overrides that apply to
// it: those aimed at no scenario and those aimed at id.
func loadTargeted(s Source, id string, targeted []targetedSet) (Loaded, error) {
	var mine []string
	var opts []Option
	var bad Problems
	for _, t := range targeted {
		if t.target != "" && t.target != id {
			continue
		}
		mine = append(mine, t.arg)
		key, value, err := ParseSet(t.set)
		if err != nil {
			bad = append(bad, problemsOf("", err)...)
			continue
		}
		opts = append(opts, Set(key, value))
	}
	if len(bad) > 0 {
		return Loaded{}, bad
	}
	if s.Bases != nil {
		opts = append(opts, Bases(s.Bases))
	}
	var warnings Problems
	m, err := Load(s.File, s.Src, append(opts, Warnings(&warnings))...)
	if err != nil {
		return Loaded{}, err
	}
	return Loaded{File: s.File, Model: m, Sets: mine, Warnings: warnings}, nil
}

// problemsOf is the problems of err: itself when it is Problems, else one
// problem of file, so that nothing is lost.
func problemsOf(file string, err error) Problems {
	var problems Problems
	if errors.As(err, &problems) {
		return problems
	}
	return Problems{{File: file, Msg: err.Error()}}
}

// sameIDs are the problems of scenarios of a batch that share an id: a
// file given twice, or two files of one id.
func sameIDs(batch []Loaded) Problems {
	var problems Problems
	seen := map[string]string{} // id → the first file of that id
	for _, l := range batch {
		first, dup := seen[l.Model.ID]
		switch {
		case dup && first == l.File:
			problems = append(problems, Problem{File: l.File,
				Msg: "given twice: a batch runs each scenario once, its rows told apart by the scenario's id"})
		case dup:
			problems = append(problems, Problem{File: l.File, Key: "scenario.id",
				Msg: fmt.Sprintf("id %q is also the id of %s: the scenarios of one run are told apart by their ids; give one another id", l.Model.ID, first)})
		default:
			seen[l.Model.ID] = l.File
		}
	}
	return problems
}
