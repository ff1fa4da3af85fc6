package sweep

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study"
)

// MaxPoints bounds a design, a grid or a Latin hypercube: past ten million
// points a grid is a typo, and a study of more points than that has more
// rows than anyone reads. It is checked before any point is built.
const MaxPoints = 10_000_000

// lhsPointBytes is about what a point of a Latin hypercube holds per key
// (its value's text and a patch of its own, three small maps), and
// lhsPointBase what it holds besides: with DesignOptions.MemoryLimit they
// bound the points before they are drawn. A grid's points share their
// values' patches, and cost a tenth as much.
const (
	lhsPointBytes = 640
	lhsPointBase  = 64
)

// A Loader loads and compiles the scenario of a sweep with the overrides
// given (after any of the caller's own, which they replace). Its problems
// with the scenario are scenarios.Problems; any other error stops the
// design as it is.
type Loader func(ctx context.Context, over ...scenarios.Option) (*sim.Model, error)

// DesignOptions say what a sweep varies and how.
type DesignOptions struct {
	// Vary are the varied keys (ParseVary), the first varying slowest on a
	// grid. At least one; no key twice.
	Vary []Vary
	// LHS, when > 0, draws that many points of a Latin hypercube over the
	// keys instead of the full grid.
	LHS int
	// Seed seeds the Latin hypercube, the same seed giving the same
	// points; nil: the base model's own seed, that of its trials.
	Seed *uint64
	// Flag is how a problem names the Vary it comes from ("--vary" on the
	// command line); empty: "vary".
	Flag string
	// MemoryLimit, when > 0, is the memory in bytes the design's points
	// may take at most; a design that would take more is refused before
	// it is built.
	MemoryLimit int64
}

// A Design is a compiled sweep: the base model, every key at its first
// value, and the points, each a patch of the base.
type Design struct {
	Base *sim.Model
	// Keys are the varied key paths, in the order of every point's values.
	Keys   []string
	Points []Point
}

// NewDesign loads the scenario once with every key at its first value
// (the base), and once per other value of each key, and turns the
// difference into a patch of the base, so that no point compiles the
// scenario again. A numeric range is compiled at its ends and in its
// middle: where the three put a plain number in the same places, every
// value between is put there as compiling it would. Every value gets the
// checks a value of the file gets, and its problems name its Vary; a key
// whose values change more than values (a rule, a label) cannot be swept.
// Refused options are *study.InputErrors; the scenario's problems,
// scenarios.Problems.
func NewDesign(ctx context.Context, load Loader, opt DesignOptions) (Design, error) {
	if err := opt.check(); err != nil {
		return Design{}, err
	}
	c := &compiler{ctx: ctx, load: load, vary: opt.Vary, flag: orDefault(opt.Flag, "vary")}
	if c.base = c.loadAt(-1, ""); c.base == nil {
		return Design{}, c.failure()
	}
	var dims []Dimension
	var ranges []Range
	for i := range opt.Vary {
		if d, r, ok := c.dimension(i, opt.LHS > 0); ok {
			dims, ranges = append(dims, d), append(ranges, r)
		}
	}
	if err := c.failure(); err != nil {
		return Design{}, err
	}
	d := Design{Base: c.base}
	for _, v := range opt.Vary {
		d.Keys = append(d.Keys, v.Key)
	}
	if opt.LHS > 0 {
		seed := c.base.Seed
		if opt.Seed != nil {
			seed = *opt.Seed
		}
		points, err := LatinHypercube(ranges, opt.LHS, seed)
		if err != nil {
			return Design{}, study.Inputf("LHS", "%v", err)
		}
		d.Points = points
		return d, nil
	}
	d.Points = Grid(dims) // check has bounded the product of the values

	return d, nil
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// check refuses options no scenario could honour.
func (o DesignOptions) check() error {
	if len(o.Vary) == 0 {
		return &study.InputError{Msg: "sweep needs at least one --vary KEY=lo:hi:step or KEY=v1,v2,..."}
	}
	if o.LHS < 0 {
		return study.Inputf("LHS", "must be ≥ 0, got %d", o.LHS)
	}
	if o.LHS > MaxPoints {
		return study.Inputf("LHS", "%d points, more than a design takes (%d)", o.LHS, MaxPoints)
	}
	if need := int64(o.LHS) * int64(lhsPointBase+lhsPointBytes*len(o.Vary)); o.MemoryLimit > 0 && need > o.MemoryLimit {
		return study.Inputf("LHS", "%d points of %d keys would take about %d MiB, more than the %d MiB this machine allows; draw fewer points",
			o.LHS, len(o.Vary), need>>20, o.MemoryLimit>>20)
	}
	if o.LHS == 0 {
		n := 1
		for _, v := range o.Vary {
			if n *= len(v.Values); n > MaxPoints {
				return &study.InputError{Msg: fmt.Sprintf("the grid has more than %d points: vary fewer values, or draw --lhs N points", MaxPoints)}
			}
		}
	}
	for i, v := range o.Vary {
		if slices.ContainsFunc(o.Vary[:i], func(w Vary) bool { return w.Key == v.Key }) {
			return v.refuse("%s is varied twice", v.Key)
		}
		if v.Ranged && v.Step == 0 && o.LHS == 0 {
			return v.refuse("a range without a step is for a Latin hypercube (--lhs N); a grid needs lo:hi:step")
		}
	}
	return nil
}

// compiler compiles the dimensions of a sweep, gathering their problems.
type compiler struct {
	ctx  context.Context
	load Loader
	vary []Vary
	flag string
	base *sim.Model
	// problems are the scenario's problems at the values loaded; err, a
	// failure that is not one.
	problems scenarios.Problems
	err      error
}

// failure is what stopped the design, if anything: the context's end, a
// failure of the loader, or the problems found, repeats dropped.
func (c *compiler) failure() error {
	switch {
	case c.ctx.Err() != nil:
		return c.ctx.Err()
	case c.err != nil:
		return c.err
	case len(c.problems) > 0:
		var out scenarios.Problems
		for _, p := range c.problems {
			if !slices.Contains(out, p) { // the base's problems recur in every load
				out = append(out, p)
			}
		}
		return out
	}
	return nil
}

// loadAt loads the scenario with key i at value v and the others at their
// first values (i < 0: every key at its first); nil when it cannot.
func (c *compiler) loadAt(i int, v string) *sim.Model {
	if c.err != nil || c.ctx.Err() != nil {
		return nil
	}
	over := make([]scenarios.Option, len(c.vary))
	for j, s := range c.vary {
		val := s.Values[0]
		if j == i {
			val = v
		}
		over[j] = scenarios.Set(s.Key, val)
	}
	m, err := c.load(c.ctx, over...)
	if err == nil {
		return m
	}
	var problems scenarios.Problems
	if !errors.As(err, &problems) {
		c.err = err
		return nil
	}
	for _, p := range problems {
		for j, s := range c.vary {
			if at, ok := strings.CutPrefix(p.Set, s.Key+"="); ok && (at == s.Values[0] || (j == i && at == v)) {
				p.Flag, p.Set = c.flag, s.Arg+" (at "+at+")"
			}
		}
		c.problems = append(c.problems, p)
	}
	return nil
}

// patchAt is the patch of the base that gives key i value v.
func (c *compiler) patchAt(i int, v string) (sim.Patch, bool) {
	m := c.loadAt(i, v)
	if m == nil {
		return sim.Patch{}, false
	}
	p, err := c.base.Diff(m)
	if err != nil {
		s := c.vary[i]
		c.problems = append(c.problems, scenarios.Problem{Flag: c.flag, Set: s.Arg,
			Msg: "changes more than values (a rule, a label or what refers to what), which a sweep cannot vary point by point; run each value as its own scenario: peacesim run --set " + s.Key + "=…"})
		return sim.Patch{}, false
	}
	return p, true
}

// dimension compiles key i: its values on a grid and its range for a
// Latin hypercube (lhs). ok is false when a value could not be compiled.
func (c *compiler) dimension(i int, lhs bool) (Dimension, Range, bool) {
	v := c.vary[i]
	d := Dimension{Key: v.Key}
	step, decimals := v.resolution()
	r := Range{Key: v.Key, Lo: v.Lo, Hi: v.Hi, Step: step, Decimals: decimals}
	if v.Ranged && (lhs || len(v.Values) > 2) {
		lo, places, ok := c.inPlace(i)
		if !ok {
			return d, r, false
		}
		if places != nil {
			r.Places = *places
			if !lhs {
				for _, text := range v.Values {
					d.Values = append(d.Values, Value{Text: text, Patch: places.WithNumber(parse(text))})
				}
				d.Values[0].Patch = lo // the base itself
			}
			return d, r, true
		}
	}
	values := v.Values
	if lhs && v.Ranged {
		values = []string{v.Values[0], v.format(v.Hi)}
	}
	for _, text := range values {
		p, ok := c.patchAt(i, text)
		if !ok {
			return d, r, false
		}
		d.Values = append(d.Values, Value{Text: text, Patch: p})
	}
	r.Places = d.Values[len(d.Values)-1].Patch
	if !v.Ranged {
		r.Levels = d.Values
	}
	return d, r, true
}

// inPlace compiles range i at lo, hi and a value between. When the three
// put a plain number in the same places, places are those places (the
// patch at hi); otherwise places is nil and the range must be compiled
// value by value. ok is false when a value could not be compiled.
func (c *compiler) inPlace(i int) (lo sim.Patch, places *sim.Patch, ok bool) {
	v := c.vary[i]
	mid := v.format(v.round((v.Lo + v.Hi) / 2))
	if len(v.Values) > 2 {
		mid = v.Values[len(v.Values)/2]
	}
	hi := v.Values[len(v.Values)-1]
	pLo, okLo := c.patchAt(i, v.Values[0])
	pHi, okHi := c.patchAt(i, hi)
	pMid, okMid := c.patchAt(i, mid)
	if !okLo || !okHi || !okMid {
		return sim.Patch{}, nil, false
	}
	if samePlaces(pLo, pHi) && numberAt(pHi, pHi, parse(hi)) && numberAt(pHi, pMid, parse(mid)) {
		return pLo, &pHi, true
	}
	return pLo, nil, true
}

// parse reads a value of a range, which ParseVary wrote.
func parse(text string) float64 {
	x, _ := strconv.ParseFloat(text, 64)
	return x
}

// samePlaces reports whether the patches change the same places. lo is the
// patch of the base's own value, which changes nothing: any places fit it.
func samePlaces(lo, hi sim.Patch) bool {
	if lo.Empty() {
		return true
	}
	if len(lo.Params) != len(hi.Params) || len(lo.Values) != len(hi.Values) || len(lo.Concentrations) != len(hi.Concentrations) {
		return false
	}
	for i := range lo.Params {
		if _, ok := hi.Params[i]; !ok {
			return false
		}
	}
	for k, vs := range lo.Values {
		if len(hi.Values[k]) != len(vs) {
			return false
		}
		for i := range vs {
			if _, ok := hi.Values[k][i]; !ok {
				return false
			}
		}
	}
	for c := range lo.Concentrations {
		if _, ok := hi.Concentrations[c]; !ok {
			return false
		}
	}
	if (lo.Rounds == 0) != (hi.Rounds == 0) || len(lo.Schedules) != len(hi.Schedules) {
		return false
	}
	for k, ts := range lo.Schedules {
		if len(hi.Schedules[k]) != len(ts) {
			return false
		}
		for t := range ts {
			if _, ok := hi.Schedules[k][t]; !ok {
				return false
			}
		}
	}
	return true
}

// numberAt reports whether the number x, put in places, is what compiling
// the value x gave (the patch got): the key is a plain number there.
func numberAt(places, got sim.Patch, x float64) bool {
	return reflect.DeepEqual(places.WithNumber(x), got)
}
