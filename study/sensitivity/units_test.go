package sensitivity

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study"
)

// defaultModel is the default scenario, whose parties have salience
// Dirichlets.
func defaultModel(t *testing.T) *sim.Model {
	t.Helper()
	src, err := os.ReadFile("../../scenarios/" + scenarios.Default + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := scenarios.Load(scenarios.Default+".toml", src)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// inputError checks that err is an *study.InputError of option and item
// whose message holds want.
func inputError(t *testing.T, err error, option, item, want string) {
	t.Helper()
	var ie *study.InputError
	if !errors.As(err, &ie) || ie.Option != option || ie.Item != item || !strings.Contains(ie.Msg, want) {
		t.Errorf("error %v: want an InputError of %q, item %q, saying %q", err, option, item, want)
	}
}

// TestChooseUnits: every input on its own without names; the inputs named,
// in the model's order, whatever the order given; a group replaces its
// members and comes last.
func TestChooseUnits(t *testing.T) {
	m, _ := closedModel(t)
	const rf, rh, noise = "parties.a.reservation.framework", "parties.a.reservation.humanitarian", "factors.noise.value"
	for _, tt := range []struct {
		name   string
		inputs []string
		groups []Group
		want   []Unit
	}{
		{"all", nil, nil, []Unit{{rf, []int{0}}, {rh, []int{1}}, {noise, []int{2}}}},
		{"named, in the model's order", []string{noise, rf}, nil, []Unit{{rf, []int{0}}, {noise, []int{2}}}},
		{"a group", nil, []Group{{"a", []string{rh, rf}}}, []Unit{{noise, []int{2}}, {"a", []int{1, 0}}}},
		{"a group and a name", []string{rf}, []Group{{"n", []string{noise}}}, []Unit{{rf, []int{0}}, {"n", []int{2}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ChooseUnits(m, tt.inputs, tt.groups)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("units %v, want %v", got, tt.want)
			}
		})
	}
}

// TestChooseUnitsRefuses: each refusal is an InputError of the option at
// fault, naming the group, with a suggestion or the reason.
func TestChooseUnitsRefuses(t *testing.T) {
	m, _ := closedModel(t)
	fixed := ""
	for _, p := range m.Params {
		if p.Dist.IsFixed() {
			fixed = p.Name
			break
		}
	}
	const rf = "parties.a.reservation.framework"
	for _, tt := range []struct {
		name                 string
		inputs               []string
		groups               []Group
		option, item, saying string
	}{
		{"misspelt", []string{"parties.a.reservaton.framework"}, nil, "Inputs", "", "did you mean " + rf},
		{"fixed", []string{fixed}, nil, "Inputs", "", "is fixed in scenario closed"},
		{"misspelt in a group", nil, []Group{{"g", []string{"parties.a.reservation.frame"}}}, "Groups", "g", "no uncertain input"},
		{"in two groups", nil, []Group{{"a", []string{rf}}, {"b", []string{rf}}}, "Groups", "b", rf + " is already in group a"},
		{"named as an input", nil, []Group{{rf, []string{"factors.noise.value"}}}, "Groups", rf + "=factors.noise.value", "already names an input or a group"},
		{"named twice", nil, []Group{{"a", []string{rf}}, {"a", []string{"factors.noise.value"}}}, "Groups", "a=factors.noise.value", "already names"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ChooseUnits(m, tt.inputs, tt.groups)
			inputError(t, err, tt.option, tt.item, tt.saying)
		})
	}
}

// TestParseGroup: NAME=KEY,KEY with spaces trimmed; anything else is an
// InputError of Groups naming the text.
func TestParseGroup(t *testing.T) {
	g, err := ParseGroup(" russia = a.b , c.d")
	if err != nil || !reflect.DeepEqual(g, Group{"russia", []string{"a.b", "c.d"}}) {
		t.Errorf("ParseGroup = %+v, %v", g, err)
	}
	if g.String() != "russia=a.b,c.d" {
		t.Errorf("String() = %q", g.String())
	}
	for _, s := range []string{"russia", "=a.b", "russia=", "russia= "} {
		_, err := ParseGroup(s)
		inputError(t, err, "Groups", s, "write NAME=KEY,KEY")
	}
	if gs, err := ParseGroups([]string{"a=x", "b"}); err == nil {
		t.Errorf("ParseGroups of a bad group = %v", gs)
	}
}

// TestParseRange: two percentiles in order within [0, 100].
func TestParseRange(t *testing.T) {
	if r, err := ParseRange(" 5, 95"); err != nil || r != [2]float64{5, 95} {
		t.Errorf("ParseRange(5, 95) = %v, %v", r, err)
	}
	for _, s := range []string{"90,10", "10", "10,101", "-1,50", "a,b", "10,10"} {
		_, err := ParseRange(s)
		inputError(t, err, "Range", "", "must be two percentiles")
	}
}

// TestSetMethods: each name switches its analysis on; without sobol no
// samples are left; an unknown name changes nothing.
func TestSetMethods(t *testing.T) {
	for _, tt := range []struct {
		names   []string
		tornado bool
		samples int64
	}{
		{[]string{MethodTornado, MethodSobol}, true, 64},
		{[]string{MethodTornado}, true, 0},
		{[]string{MethodSobol}, false, 64},
	} {
		o := AnalysisOptions{Samples: 64}
		if err := o.SetMethods(tt.names); err != nil || o.Tornado != tt.tornado || o.Samples != tt.samples {
			t.Errorf("SetMethods(%q): tornado %v, samples %d, %v; want %v, %d", tt.names, o.Tornado, o.Samples, err, tt.tornado, tt.samples)
		}
	}
	o := AnalysisOptions{Samples: 64}
	inputError(t, o.SetMethods([]string{"tornado", "morris"}), "Methods", "", `"morris" is not an analysis`)
	if o.Tornado || o.Samples != 64 {
		t.Errorf("a refused name changed the options: %+v", o)
	}
}

// TestFixable: a salience Dirichlet cannot be fixed at a percentile; a
// group of one with a Param can.
func TestFixable(t *testing.T) {
	m := defaultModel(t)
	sal := "parties.ukraine.salience.framework"
	units, err := ChooseUnits(m, []string{sal, "factors.escalation.value"}, []Group{{"g", []string{"parties.russia.salience.framework", "parties.russia.reservation.framework"}}})
	if err != nil {
		t.Fatal(err)
	}
	if n := Fixable(m, units); n != 2 {
		t.Errorf("%d of %v fixable, want 2: all but %s", n, units, sal)
	}
}
