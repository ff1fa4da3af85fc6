package sim

import (
	"errors"
	"fmt"
	"math"
	"reflect"
)

// Patch is a change of values to a Model: of uncertain inputs' distributions,
// of packages' issue values and of parties' salience concentrations, with
// the structure (which inputs exist, what refers to what) left as it is.
// A study that varies values across its points (a sweep, a sensitivity
// analysis) applies patches to one compiled Model rather than compiling the
// scenario again for every point.
type Patch struct {
	// Params[i] is the new distribution of Params[i].
	Params map[int]Dist
	// Values[k][i] is the new value of package k's issue i.
	Values map[int]map[int]float64
	// Concentrations[p] is party p's new salience concentration.
	Concentrations map[int]float64
	// Rounds, if not 0, is the timeline's new number of rounds, and
	// Schedules[k][t] package k's new first round of track t.
	Rounds    int
	Schedules map[int]map[int]int
}

// ErrStructure reports two models that differ in more than the values a
// Patch can change: a study cannot vary such a difference point by point.
var ErrStructure = errors.New("the models differ in structure, not only in values")

// Diff returns the Patch that turns m into v: the inputs, package values
// and concentrations in which v differs from m. Anything else that differs
// (a label, a rule, the number of inputs, the run defaults) is an error
// wrapping ErrStructure.
func (m *Model) Diff(v *Model) (Patch, error) {
	p := Patch{Params: map[int]Dist{}, Values: map[int]map[int]float64{}, Concentrations: map[int]float64{}, Schedules: map[int]map[int]int{}}
	if len(m.Params) != len(v.Params) || len(m.Packages) != len(v.Packages) || len(m.Parties) != len(v.Parties) {
		return Patch{}, fmt.Errorf("%w: other numbers of inputs, packages or parties", ErrStructure)
	}
	// v with m's values in every place a patch may change must be m.
	masked := *v
	masked.Params = append([]Param(nil), v.Params...)
	for i := range v.Params {
		if v.Params[i].Name != m.Params[i].Name {
			return Patch{}, fmt.Errorf("%w: input %d is %s in one, %s in the other", ErrStructure, i, m.Params[i].Name, v.Params[i].Name)
		}
		if v.Params[i].Dist != m.Params[i].Dist {
			p.Params[i] = v.Params[i].Dist
			masked.Params[i].Dist = m.Params[i].Dist
		}
	}
	masked.Packages = append([]Package(nil), v.Packages...)
	for k := range v.Packages {
		if len(v.Packages[k].Values) != len(m.Packages[k].Values) {
			return Patch{}, fmt.Errorf("%w: package %s", ErrStructure, m.Packages[k].ID)
		}
		for i, x := range v.Packages[k].Values {
			if x != m.Packages[k].Values[i] {
				if p.Values[k] == nil {
					p.Values[k] = map[int]float64{}
				}
				p.Values[k][i] = x
			}
		}
		masked.Packages[k].Values = m.Packages[k].Values
		if ts := scheduleDiff(len(m.Tracks), &m.Packages[k], &v.Packages[k]); ts != nil {
			p.Schedules[k] = ts
		}
		masked.Packages[k].Schedule = m.Packages[k].Schedule
	}
	if m.Timeline != nil && v.Timeline != nil && v.Timeline.Rounds != m.Timeline.Rounds {
		p.Rounds = v.Timeline.Rounds
		tl := *v.Timeline
		tl.Rounds = m.Timeline.Rounds
		masked.Timeline = &tl
	}
	masked.Parties = append([]Party(nil), v.Parties...)
	for q := range v.Parties {
		if c := v.Parties[q].Concentration; c != m.Parties[q].Concentration {
			p.Concentrations[q] = c
			masked.Parties[q].Concentration = m.Parties[q].Concentration
		}
	}
	if !reflect.DeepEqual(&masked, m) {
		return Patch{}, fmt.Errorf("%w: beyond inputs, package values and salience concentrations", ErrStructure)
	}
	return p, nil
}

// scheduleDiff is the first round of each of T tracks that package b
// puts on the table otherwise than a, or nil.
func scheduleDiff(T int, a, b *Package) map[int]int {
	var ts map[int]int
	for t := range T {
		if r := b.OnTable(t); r != a.OnTable(t) {
			if ts == nil {
				ts = map[int]int{}
			}
			ts[t] = r
		}
	}
	return ts
}

// withRounds is package k's schedule of T tracks with the first rounds
// ts[t] put in: a new slice, so that the model it was copied from keeps
// its own.
func withRounds(T int, k *Package, ts map[int]int) []int {
	sched := make([]int, T)
	for t := range sched {
		sched[t] = k.OnTable(t)
	}
	for t, r := range ts {
		sched[t] = r
	}
	return sched
}

// Empty reports whether the patch changes nothing.
func (p Patch) Empty() bool {
	return len(p.Params) == 0 && len(p.Values) == 0 && len(p.Concentrations) == 0 && p.Rounds == 0 && len(p.Schedules) == 0
}

// WithNumber returns the patch that puts x in every place p changes: each
// input becomes the number x (Fixed), each package value and concentration
// x. A study that draws numbers for a key (a Latin hypercube) finds the
// places once, by Diff, and fills them with each point's number.
func (p Patch) WithNumber(x float64) Patch {
	q := Patch{Params: map[int]Dist{}, Values: map[int]map[int]float64{}, Concentrations: map[int]float64{}}
	for i := range p.Params {
		q.Params[i] = FixedValue(x)
	}
	for k, vs := range p.Values {
		q.Values[k] = map[int]float64{}
		for i := range vs {
			q.Values[k][i] = x
		}
	}
	for c := range p.Concentrations {
		q.Concentrations[c] = x
	}
	// Rounds are whole numbers: a number drawn for them is rounded.
	r := int(math.Round(x))
	if p.Rounds != 0 {
		q.Rounds = r
	}
	q.Schedules = map[int]map[int]int{}
	for k, ts := range p.Schedules {
		q.Schedules[k] = map[int]int{}
		for t := range ts {
			q.Schedules[k][t] = r
		}
	}
	return q
}

// Apply returns a copy of m with the patches applied in order. m is not
// changed; the copy shares with m whatever the patches do not touch.
func (m *Model) Apply(patches ...Patch) *Model {
	c := *m
	var params, packages, parties bool
	for _, p := range patches {
		if len(p.Params) > 0 && !params {
			c.Params, params = append([]Param(nil), m.Params...), true
		}
		for i, d := range p.Params {
			c.Params[i].Dist = d
		}
		if len(p.Values) > 0 && !packages {
			c.Packages, packages = append([]Package(nil), m.Packages...), true
			for k := range c.Packages {
				c.Packages[k].Values = append([]float64(nil), m.Packages[k].Values...)
			}
		}
		for k, vs := range p.Values {
			for i, x := range vs {
				c.Packages[k].Values[i] = x
			}
		}
		if len(p.Concentrations) > 0 && !parties {
			c.Parties, parties = append([]Party(nil), m.Parties...), true
		}
		for q, x := range p.Concentrations {
			c.Parties[q].Concentration = x
		}
		if p.Rounds != 0 && c.Timeline != nil {
			tl := *c.Timeline
			tl.Rounds = p.Rounds
			c.Timeline = &tl
		}
		if len(p.Schedules) > 0 && !packages {
			c.Packages, packages = append([]Package(nil), m.Packages...), true
		}
		for k, ts := range p.Schedules {
			c.Packages[k].Schedule = withRounds(len(m.Tracks), &c.Packages[k], ts)
		}
	}
	return &c
}
