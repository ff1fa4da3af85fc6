package scenarios

import (
	"fmt"

	"github.com/BurntSushi/toml"
)

// sweepKey is the table of a scenario file that describes a sweep of it.
const sweepKey = "sweep"

// SweepSpec is a [sweep] table: a study written in the scenario file (or
// in a variant that names the scenario, a study file), so that it can be
// run again from files alone. Its fields mean what peacesim sweep's flags
// of the same names mean, which override them.
//
//	[sweep]
//	vary = ["packages.miami_20_point.troop_cap=400:1000:100"]
//	lhs = 0
//	packages = ["miami_20_point"]
//	tables = ["acceptance"]
type SweepSpec struct {
	// Vary are the varied keys, KEY=lo:hi:step or KEY=v1,v2,…
	Vary []string
	// LHS, when > 0, draws that many points of a Latin hypercube.
	LHS      int
	Packages []string
	Tables   []string
	// Has says which keys the table gives, so that a flag overrides only
	// what it names: "vary", "lhs", "packages", "tables".
	Has map[string]bool
}

// Over returns s with the values of file (a scenario's [sweep], or nil)
// where s.Has does not name them: the command line's study over the
// file's, each flag replacing the key of its name.
func (s SweepSpec) Over(file *SweepSpec) SweepSpec {
	if file == nil {
		return s
	}
	take := func(key string) bool { return file.Has[key] && !s.Has[key] }
	if take("vary") {
		s.Vary = file.Vary
	}
	if take("lhs") {
		s.LHS = file.LHS
	}
	if take("packages") {
		s.Packages = file.Packages
	}
	if take("tables") {
		s.Tables = file.Tables
	}
	return s
}

// ReadSweep reads the [sweep] table of a scenario file (only the file
// itself, not the base of a variant), or returns nil when it has none.
// Its problems are Problems at the table's lines; what the table's
// values mean (a key, a level) is checked when the sweep runs.
func ReadSweep(file string, src []byte) (*SweepSpec, error) {
	if p, msg, deep := tooDeep(src); deep {
		return nil, Problems{{File: file, Line: p.line, Col: p.col, Msg: msg}}
	}
	var root map[string]any
	md, err := toml.Decode(string(src), &root)
	if err != nil {
		return nil, Problems{syntaxProblem(file, src, err)}
	}
	if _, ok := root[sweepKey]; !ok {
		return nil, nil
	}
	r := newReader(file, src, md)
	spec := readSweep(r, root)
	if len(r.probs) > 0 {
		return nil, sortProblems(r.probs)
	}
	return spec, nil
}

// readSweep reads the [sweep] table of root, if any, reporting what is
// wrong with its shape to r: Load checks it with the rest of the file.
func readSweep(r *reader, root map[string]any) *SweepSpec {
	v, ok := root[sweepKey]
	if !ok {
		return nil
	}
	t, ok := r.asTable(sweepKey, v)
	if !ok {
		return nil
	}
	t.allowFormat(sweepFormat)
	spec := &SweepSpec{Has: map[string]bool{}}
	for _, k := range []string{"vary", "lhs", "packages", "tables"} {
		spec.Has[k] = t.has(k)
	}
	if v, ok := t.strings("vary"); ok {
		if len(v) == 0 {
			r.problem(t.key("vary"), `must list at least one key, e.g. vary = ["packages.plan.troop_cap=400:1000:100"]`)
		}
		spec.Vary = v
	}
	if v, ok := t.m["lhs"]; ok {
		if n, ok := r.integer(t.key("lhs"), v); ok {
			if n < 0 {
				r.problem(t.key("lhs"), "must be ≥ 0 (0 for the grid), got %d", n)
			} else {
				spec.LHS = int(min(n, 1<<31))
			}
		}
	}
	spec.Packages, _ = t.strings("packages")
	spec.Tables, _ = t.strings("tables")
	return spec
}

// String writes the spec as the flags that would give it.
func (s *SweepSpec) String() string {
	return fmt.Sprintf("vary=%q lhs=%d packages=%q tables=%q", s.Vary, s.LHS, s.Packages, s.Tables)
}
