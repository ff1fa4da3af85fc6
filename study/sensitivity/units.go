package sensitivity

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study"
)

// Group is several uncertain inputs moved as one, named: all of Russia's
// reservations, say. A sensitivity analysis reports it as one Unit.
type Group struct {
	// Name names the group in the tables; it is not an input's key path.
	Name string
	// Keys are the key paths of its inputs (sim.Input.Name).
	Keys []string
}

// String writes g as ParseGroup reads it: NAME=KEY,KEY,….
func (g Group) String() string { return g.Name + "=" + strings.Join(g.Keys, ",") }

// ParseGroup reads a group written NAME=KEY,KEY,…, as peacesim
// sensitivity --group takes it. Anything else is an *study.InputError of
// Groups, the text its item, that says how to write one.
func ParseGroup(s string) (Group, error) {
	name, keys, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.TrimSpace(keys) == "" {
		return Group{}, &study.InputError{Option: "Groups", Item: s,
			Msg: "write NAME=KEY,KEY,..., e.g. --group russia=parties.russia.reservation.framework,parties.russia.reservation.humanitarian"}
	}
	g := Group{Name: name}
	for _, key := range strings.Split(keys, ",") {
		g.Keys = append(g.Keys, strings.TrimSpace(key))
	}
	return g, nil
}

// ParseGroups reads each group as ParseGroup does; nil for none.
func ParseGroups(texts []string) ([]Group, error) {
	var groups []Group
	for _, s := range texts {
		g, err := ParseGroup(s)
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// ParseRange reads a tornado's percentiles written LOW,HIGH ("10,90"),
// 0 ≤ LOW < HIGH ≤ 100, as AnalysisOptions.Range holds them; anything
// else is an *study.InputError of Range that says what a range is.
func ParseRange(s string) ([2]float64, error) {
	a, b, ok := strings.Cut(s, ",")
	lo, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	hi, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if !ok || err1 != nil || err2 != nil || !validRange(lo, hi) {
		return [2]float64{}, study.Inputf("Range", "must be two percentiles LOW,HIGH with 0 ≤ LOW < HIGH ≤ 100, e.g. 10,90; got %q", s)
	}
	return [2]float64{lo, hi}, nil
}

// The analyses SetMethods names.
const (
	MethodTornado = "tornado"
	MethodSobol   = "sobol"
)

// SetMethods sets the analyses o runs by their names, MethodTornado or
// MethodSobol or both: Tornado, and Samples to 0 without MethodSobol. Any
// other name is an *study.InputError of Methods, and leaves o as it was.
func (o *AnalysisOptions) SetMethods(names []string) error {
	tornado, sobol := false, false
	for _, x := range names {
		switch x {
		case MethodTornado:
			tornado = true
		case MethodSobol:
			sobol = true
		default:
			return study.Inputf("Methods", "%q is not an analysis: give %s, %s or both", x, MethodTornado, MethodSobol)
		}
	}
	o.Tornado = tornado
	if !sobol {
		o.Samples = 0
	}
	return nil
}

// validRange reports percentiles 0 ≤ lo < hi ≤ 100.
func validRange(lo, hi float64) bool { return lo >= 0 && lo < hi && hi <= 100 }

// ChooseUnits resolves the inputs named by key path (every uncertain
// input of m when names is empty) and the groups into the units a
// sensitivity analysis moves: each input named and in no group on its
// own, in the model's order, then the groups in the order given. A key
// that names no uncertain input is an *study.InputError of Inputs or of
// the group (Groups) with a suggestion, and says so when the key names a
// value that is fixed; so is a group whose name is an input's or another
// group's, or that takes an input another group has.
func ChooseUnits(m *sim.Model, names []string, groups []Group) ([]Unit, error) {
	c, err := newChooser(m)
	if err != nil {
		return nil, err
	}
	selected := make([]bool, len(c.all))
	if len(names) == 0 {
		for i := range selected {
			selected[i] = true
		}
	}
	for _, name := range names {
		i, err := c.find("Inputs", "", name)
		if err != nil {
			return nil, err
		}
		selected[i] = true
	}
	gunits, err := c.groups(groups)
	if err != nil {
		return nil, err
	}
	var units []Unit
	for i, name := range c.all {
		if selected[i] && c.grouped[i] == "" {
			units = append(units, Unit{Name: name, Inputs: []int{i}})
		}
	}
	return append(units, gunits...), nil
}

// chooser finds a model's uncertain inputs by key path.
type chooser struct {
	m *sim.Model
	// all are the inputs' key paths, and grouped the group each is in.
	all, grouped []string
}

// newChooser is a chooser of m's inputs; a model without one is an
// *study.InputError.
func newChooser(m *sim.Model) (*chooser, error) {
	inputs := m.Inputs()
	c := &chooser{m: m, all: make([]string, len(inputs)), grouped: make([]string, len(inputs))}
	for i, in := range inputs {
		c.all[i] = in.Name
	}
	if len(c.all) == 0 {
		return nil, &study.InputError{Msg: fmt.Sprintf("scenario %s has no uncertain input: every value is fixed, so nothing can be analysed", m.ID)}
	}
	return c, nil
}

// find is the index of the input named, or the *study.InputError of
// option (and item) that names it.
func (c *chooser) find(option, item, name string) (int, error) {
	if i := slices.Index(c.all, name); i >= 0 {
		return i, nil
	}
	fail := func(format string, a ...any) error {
		return &study.InputError{Option: option, Item: item, Msg: fmt.Sprintf(format, a...)}
	}
	if _, ok := c.m.Param(name); ok {
		return 0, fail("%s is fixed in scenario %s, not an uncertain input: give it a distribution (e.g. --set '%s=\"normal(…)\"') to analyse it", name, c.m.ID, name)
	}
	hint := ""
	if s := sim.Suggest(name, c.all); s != "" {
		hint = fmt.Sprintf(" (did you mean %s?)", s)
	}
	return 0, fail("scenario %s has no uncertain input %q%s; its inputs are listed by peacesim sensitivity --help's key paths, e.g. %s", c.m.ID, name, hint, c.all[0])
}

// groups are the units of the groups, in order, their inputs marked in
// c.grouped.
func (c *chooser) groups(groups []Group) ([]Unit, error) {
	var units []Unit
	for g, group := range groups {
		named := slices.ContainsFunc(groups[:g], func(o Group) bool { return o.Name == group.Name })
		if slices.Contains(c.all, group.Name) || named {
			return nil, &study.InputError{Option: "Groups", Item: group.String(), Msg: group.Name + " already names an input or a group"}
		}
		u := Unit{Name: group.Name}
		for _, key := range group.Keys {
			i, err := c.find("Groups", group.Name, key)
			if err != nil {
				return nil, err
			}
			if c.grouped[i] != "" {
				return nil, &study.InputError{Option: "Groups", Item: group.Name, Msg: fmt.Sprintf("%s is already in group %s", key, c.grouped[i])}
			}
			c.grouped[i] = group.Name
			u.Inputs = append(u.Inputs, i)
		}
		units = append(units, u)
	}
	return units, nil
}

// Fixable is the number of the units that have a Param a tornado can fix:
// all but those of salience Dirichlets alone.
func Fixable(m *sim.Model, units []Unit) int {
	inputs := m.Inputs()
	n := 0
	for _, u := range units {
		if slices.ContainsFunc(u.Inputs, func(i int) bool { return inputs[i].Param >= 0 }) {
			n++
		}
	}
	return n
}
