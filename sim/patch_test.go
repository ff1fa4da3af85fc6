package sim_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// loadDefaultWith loads the default scenario with overrides.
func loadDefaultWith(t *testing.T, sets ...[2]string) *sim.Model {
	t.Helper()
	src, _ := scenarios.Lookup(scenarios.Default)
	var opts []scenarios.Option
	for _, s := range sets {
		opts = append(opts, scenarios.Set(s[0], s[1]))
	}
	m, err := scenarios.Load(scenarios.Default+".toml", src, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPatch: the Patch between a model and the same scenario with one value
// overridden turns the one into the other exactly — a package value with
// the packages that inherit it, an input, a concentration, a track of a
// single reservation — and a difference of structure is refused.
func TestPatch(t *testing.T) {
	cases := []struct {
		name     string
		base     [][2]string
		variant  [][2]string
		wantSize int // places changed
	}{
		{"a package value and its heirs", nil, [][2]string{{"packages.miami_20_point.troop_cap", "800"}}, 4},
		{"an input", nil, [][2]string{{"parties.russia.reservation.framework", "normal(0.4, 0.1)"}}, 1},
		{"a concentration", nil, [][2]string{{"parties.ukraine.salience_concentration", "10"}}, 1},
		{"a level", nil, [][2]string{{"packages.us_28_point.nato", "deferred"}}, 1},
		{"a track of a single reservation", [][2]string{{"parties.europe.reservation.framework", "0.4"}},
			[][2]string{{"parties.europe.reservation.framework", "0.6"}}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, v := loadDefaultWith(t, c.base...), loadDefaultWith(t, c.variant...)
			p, err := m.Diff(v)
			if err != nil {
				t.Fatal(err)
			}
			size := len(p.Params) + len(p.Concentrations)
			for _, vs := range p.Values {
				size += len(vs)
			}
			if size != c.wantSize {
				t.Errorf("the patch changes %d places, want %d: %+v", size, c.wantSize, p)
			}
			if got := m.Apply(p); !reflect.DeepEqual(got, v) {
				t.Error("applying the patch does not give the variant")
			}
			if again := loadDefaultWith(t, c.base...); !reflect.DeepEqual(m, again) {
				t.Error("Apply changed the model it copied")
			}
		})
	}
	m, v := loadDefaultWith(t), loadDefaultWith(t, [2]string{"parties.europe.veto", "true"})
	if _, err := m.Diff(v); !errors.Is(err, sim.ErrStructure) {
		t.Errorf("a new veto party: %v, want ErrStructure", err)
	}
	// WithNumber fills the same places with another number.
	p, _ := m.Diff(loadDefaultWith(t, [2]string{"packages.miami_20_point.troop_cap", "800"}))
	if got, want := m.Apply(p.WithNumber(700)), loadDefaultWith(t, [2]string{"packages.miami_20_point.troop_cap", "700"}); !reflect.DeepEqual(got, want) {
		t.Error("WithNumber(700) does not give troop_cap = 700")
	}
}
