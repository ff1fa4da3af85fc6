package scenarios

import (
	"bytes"
	"cmp"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// loadWith loads src with the overrides args, each written as on the
// command line and split by ParseSet.
func loadWith(name string, src []byte, args ...string) (*sim.Model, error) {
	var opts []Option
	for _, a := range args {
		k, v, err := ParseSet(a)
		if err != nil {
			return nil, err
		}
		opts = append(opts, Set(k, v))
	}
	return Load(name, src, opts...)
}

// testSource reads a scenario of the tests: the embedded default, or a
// file of testdata.
func testSource(t *testing.T, name string) []byte {
	t.Helper()
	if name == oneShotMiami {
		return oneShotMiamiSource(t)
	}
	if src, ok := Lookup(strings.TrimSuffix(name, ".toml")); ok {
		return src
	}
	src, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// byParamName puts m's Params in the order of their names, so that models
// whose inputs are the same but written in another order compare equal.
func byParamName(m *sim.Model) *sim.Model {
	order := make([]int, len(m.Params))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(m.Params[a].Name, m.Params[b].Name) })
	permuteParams(m, order)
	return m
}

// paramIndex returns the index of the Param named name, or fails.
func paramIndex(t *testing.T, m *sim.Model, name string) int {
	t.Helper()
	i := slices.IndexFunc(m.Params, func(p sim.Param) bool { return p.Name == name })
	if i < 0 {
		t.Fatalf("no Param named %s", name)
	}
	return i
}

// dist parses a distribution the test writes, or fails.
func dist(t *testing.T, s string) sim.Dist {
	t.Helper()
	d, err := sim.ParseDist(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The indices of the default scenario that the tests below change.
func partyIndex(m *sim.Model, id string) int {
	return slices.IndexFunc(m.Parties, func(p sim.Party) bool { return p.ID == id })
}

func packageIndex(m *sim.Model, id string) int {
	return slices.IndexFunc(m.Packages, func(p sim.Package) bool { return p.ID == id })
}

func issueIndex(m *sim.Model, id string) int {
	return slices.IndexFunc(m.Issues, func(is sim.Issue) bool { return is.ID == id })
}

func trackIndex(m *sim.Model, name string) int { return slices.Index(m.Tracks, name) }

// TestSet applies overrides to the default scenario and checks that each
// changes exactly its target: the want function makes the same change by
// hand to the model loaded without overrides, and the two must be equal.
// With the feature off, every case would leave the model as it was.
func TestSet(t *testing.T) {
	src := testSource(t, Default+".toml")
	setParam := func(t *testing.T, m *sim.Model, name, d string) {
		m.Params[paramIndex(t, m, name)].Dist = dist(t, d)
	}
	tests := []struct {
		name string
		args []string
		want func(t *testing.T, m *sim.Model)
		// reorders is set when an override replaces a table: the inputs
		// it gives are no longer where the file wrote them, so Params may
		// come in another order (with the same names and values).
		reorders bool
	}{
		{
			name: "one track of a reservation table",
			args: []string{"parties.russia.reservation.framework=0.6"},
			want: func(t *testing.T, m *sim.Model) { setParam(t, m, "parties.russia.reservation.framework", "0.6") },
		},
		{
			name: "a red line's threshold, a distribution as a bare word",
			args: []string{"parties.ukraine.red_lines[2].min=triangular(600, 700, 850)"},
			want: func(t *testing.T, m *sim.Model) {
				setParam(t, m, "parties.ukraine.red_lines[2].min", "triangular(600, 700, 850)")
			},
		},
		{
			name: "a stake's weight",
			args: []string{"parties.ukraine.stakes.troop_cap.weight=0.3"},
			want: func(t *testing.T, m *sim.Model) { setParam(t, m, "parties.ukraine.stakes.troop_cap.weight", "0.3") },
		},
		{
			name: "a factor's value, quoted",
			args: []string{`factors.escalation.value="normal(0.4, 0.05)"`},
			want: func(t *testing.T, m *sim.Model) { setParam(t, m, "factors.escalation.value", "normal(0.4, 0.05)") },
		},
		{
			name: "a factor's value, a bare word with spaces",
			args: []string{"factors.escalation.value = normal(0.4, 0.05)"},
			want: func(t *testing.T, m *sim.Model) { setParam(t, m, "factors.escalation.value", "normal(0.4, 0.05)") },
		},
		{
			name: "a package's number",
			args: []string{"packages.us_28_point.donbas_withdrawal=0.3"},
			want: func(t *testing.T, m *sim.Model) {
				m.Packages[packageIndex(m, "us_28_point")].Values[issueIndex(m, "donbas_withdrawal")] = 0.3
			},
		},
		{
			name: "a level the package inherits, given its own as a bare word",
			args: []string{"packages.miami_20_point_de_jure.nato=deferred"},
			want: func(t *testing.T, m *sim.Model) {
				m.Packages[packageIndex(m, "miami_20_point_de_jure")].Values[issueIndex(m, "nato")] = 1 // member, deferred, renounced
			},
		},
		{
			name: "a level, quoted",
			args: []string{`packages.us_28_point.crimea="unresolved"`},
			want: func(t *testing.T, m *sim.Model) {
				m.Packages[packageIndex(m, "us_28_point")].Values[issueIndex(m, "crimea")] = 1
			},
		},
		{
			name: "a bool",
			args: []string{"packages.ukraine_stated_terms.dmz=true"},
			want: func(t *testing.T, m *sim.Model) {
				m.Packages[packageIndex(m, "ukraine_stated_terms")].Values[issueIndex(m, "dmz")] = 1
			},
		},
		{
			name: "a salience concentration",
			args: []string{"parties.russia.salience_concentration=10"},
			want: func(t *testing.T, m *sim.Model) { m.Parties[partyIndex(m, "russia")].Concentration = 10 },
		},
		{
			name: "a salience concentration the party did not have",
			args: []string{"parties.europe.salience_concentration=25"},
			want: func(t *testing.T, m *sim.Model) { m.Parties[partyIndex(m, "europe")].Concentration = 25 },
		},
		{
			name: "the seed",
			args: []string{"run.seed=7"},
			want: func(t *testing.T, m *sim.Model) { m.Seed = 7 },
		},
		{
			name: "an array",
			args: []string{`pathways[1].accepted_by=["ukraine"]`},
			want: func(t *testing.T, m *sim.Model) {
				w := &m.Pathways[1]
				w.AcceptedBy, w.Parties = "ukraine", []int{partyIndex(m, "ukraine")}
			},
		},
		{
			name: "a whole reservation table",
			args: []string{"parties.russia.reservation={framework = 0.5, default = 0.4}"},
			want: func(t *testing.T, m *sim.Model) {
				// default gives each other track its own input, named by
				// the track as before.
				setParam(t, m, "parties.russia.reservation.framework", "0.5")
				for _, tr := range []string{"humanitarian", "ceasefire", "economic"} {
					setParam(t, m, "parties.russia.reservation."+tr, "0.4")
				}
			},
			reorders: true,
		},
		{
			name: "a table, then a key inside it",
			args: []string{"parties.russia.reservation={framework = 0.5, default = 0.4}", "parties.russia.reservation.economic=0.3"},
			want: func(t *testing.T, m *sim.Model) {
				setParam(t, m, "parties.russia.reservation.framework", "0.5")
				setParam(t, m, "parties.russia.reservation.humanitarian", "0.4")
				setParam(t, m, "parties.russia.reservation.ceasefire", "0.4")
				setParam(t, m, "parties.russia.reservation.economic", "0.3")
			},
			reorders: true,
		},
		{
			name: "one track of a single reservation",
			args: []string{"parties.united_states.reservation.framework=0.3"},
			want: func(t *testing.T, m *sim.Model) {
				us := &m.Parties[partyIndex(m, "united_states")]
				m.Params = append(m.Params, sim.Param{Name: "parties.united_states.reservation.framework", Dist: dist(t, "0.3")})
				us.Reservation[trackIndex(m, "framework")] = len(m.Params) - 1
			},
			reorders: true,
		},
		{
			name: "several overrides together",
			args: []string{"run.seed=7", "parties.russia.salience_concentration=10", "packages.us_28_point.donbas_withdrawal=0.3"},
			want: func(t *testing.T, m *sim.Model) {
				m.Seed = 7
				m.Parties[partyIndex(m, "russia")].Concentration = 10
				m.Packages[packageIndex(m, "us_28_point")].Values[issueIndex(m, "donbas_withdrawal")] = 0.3
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadWith(Default+".toml", src, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			checkModel(t, got)
			want, err := Load(Default+".toml", src)
			if err != nil {
				t.Fatal(err)
			}
			tt.want(t, want)
			if reflect.DeepEqual(got, want) {
				return
			}
			if !tt.reorders {
				t.Fatalf("%v: the model differs from the scenario with only the target changed", tt.args)
			}
			if !reflect.DeepEqual(byParamName(got), byParamName(want)) {
				t.Fatalf("%v: the model differs from the scenario with only the target changed (Params compared by name)", tt.args)
			}
		})
	}
}

// TestSetSameValue sets values to what the file already has: the model
// must be exactly the model of the file, as it is with no option at all.
func TestSetSameValue(t *testing.T) {
	tests := []struct {
		file string
		args []string
	}{
		{"design_example.toml", nil},
		{"design_example.toml", []string{"run.seed=20251220", "parties.ukraine.red_lines[0].min=triangular(500, 600, 700)", "packages.revised_20_point.nato=deferred"}},
		{Default + ".toml", nil},
		{Default + ".toml", []string{
			`parties.russia.reservation.framework="normal(0.48, 0.12)"`,
			"factors.escalation.value=beta(4, 3)",
			"packages.miami_20_point.donbas_withdrawal=0.5",
			"parties.ukraine.stakes.troop_cap.weight=0.10",
			"parties.russia.salience_concentration=40",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+strings.Join(tt.args, ","), func(t *testing.T) {
			src := testSource(t, tt.file)
			want, err := Load(tt.file, src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := loadWith(tt.file, src, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%v changes the model", tt.args)
			}
			if nilOption, err := Load(tt.file, src, nil); err != nil || !reflect.DeepEqual(nilOption, want) {
				t.Errorf("a nil Option changes the model (%v)", err)
			}
		})
	}
}

// TestSetReservationTrack sets tracks of reservations on their own. A
// single reservation keeps its one shared input, under its own name, on
// the tracks not set; a set track gets an input named by the track.
func TestSetReservationTrack(t *testing.T) {
	type input struct{ name, dist string }
	tests := []struct {
		name, file, party string
		args              []string
		want              map[string]input // by track
	}{
		{
			name: "one of two tracks", file: "design_example.toml", party: "russia",
			args: []string{"parties.russia.reservation.framework=0.6"},
			want: map[string]input{
				"framework":    {"parties.russia.reservation.framework", "0.6"},
				"humanitarian": {"parties.russia.reservation", "normal(0.5, 0.1)"},
			},
		},
		{
			name: "both tracks", file: "design_example.toml", party: "russia",
			args: []string{"parties.russia.reservation.framework=0.6", "parties.russia.reservation.humanitarian=uniform(0.1, 0.3)"},
			want: map[string]input{
				"framework":    {"parties.russia.reservation.framework", "0.6"},
				"humanitarian": {"parties.russia.reservation.humanitarian", "uniform(0.1, 0.3)"},
			},
		},
		{
			name: "the single value, then a track", file: "design_example.toml", party: "russia",
			args: []string{"parties.russia.reservation=0.4", "parties.russia.reservation.humanitarian=0.2"},
			want: map[string]input{
				"framework":    {"parties.russia.reservation", "0.4"},
				"humanitarian": {"parties.russia.reservation.humanitarian", "0.2"},
			},
		},
		{
			name: "three tracks keep sharing", file: Default + ".toml", party: "united_states",
			args: []string{"parties.united_states.reservation.framework=0.3"},
			want: map[string]input{
				"humanitarian": {"parties.united_states.reservation", "normal(0.45, 0.10)"},
				"ceasefire":    {"parties.united_states.reservation", "normal(0.45, 0.10)"},
				"framework":    {"parties.united_states.reservation.framework", "0.3"},
				"economic":     {"parties.united_states.reservation", "normal(0.45, 0.10)"},
			},
		},
		{
			name: "a table's track covered by default", file: "design_example.toml", party: "ukraine",
			args: []string{"parties.ukraine.reservation={default = 0.3}", "parties.ukraine.reservation.framework=0.6"},
			want: map[string]input{
				"framework":    {"parties.ukraine.reservation.framework", "0.6"},
				"humanitarian": {"parties.ukraine.reservation.humanitarian", "0.3"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := loadWith(tt.file, testSource(t, tt.file), tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			checkModel(t, m)
			p := m.Parties[partyIndex(m, tt.party)]
			for track, want := range tt.want {
				got := m.Params[p.Reservation[trackIndex(m, track)]]
				if got.Name != want.name || got.Dist != dist(t, want.dist) {
					t.Errorf("track %s: %s = %s, want %s = %s", track, got.Name, got.Dist, want.name, want.dist)
				}
			}
			// Tracks share one Param exactly when they share its name: the
			// engine draws an input's stream from its name.
			for a, ra := range p.Reservation {
				for b, rb := range p.Reservation {
					if ra >= 0 && rb >= 0 && (ra == rb) != (m.Params[ra].Name == m.Params[rb].Name) {
						t.Errorf("tracks %s and %s: Params %d and %d (%s, %s)", m.Tracks[a], m.Tracks[b], ra, rb, m.Params[ra].Name, m.Params[rb].Name)
					}
				}
			}
		})
	}
}

// TestSetProblems checks the messages of overrides that cannot be applied
// or whose value does not fit, and that problems of the file keep their
// positions beside them.
func TestSetProblems(t *testing.T) {
	example := testSource(t, "design_example.toml")
	// A misspelt key in the file, line 40, beside the overrides.
	misspelt := []byte(strings.Replace(string(example), "weight = 0.4", "wieght = 0.4", 1))
	const miami = Default + ".toml"
	tests := []struct {
		name string
		file string
		src  []byte // nil: read file
		args []string
		want string
	}{
		{
			name: "not a number", file: miami,
			args: []string{"parties.russia.reservation.framework=abc"},
			want: `miami-2025.toml: --set parties.russia.reservation.framework=abc: must be a number or a distribution such as "normal(0.5, 0.1)", not the string "abc"`,
		},
		{
			name: "not a whole number", file: miami,
			args: []string{"run.seed=true"},
			want: `miami-2025.toml: --set run.seed=true: must be a whole number, not true`,
		},
		{
			name: "a bad distribution", file: miami,
			args: []string{"factors.escalation.value=normal(0.5, -1)"},
			want: `miami-2025.toml: --set factors.escalation.value=normal(0.5, -1): normal: sigma must be > 0, got -1`,
		},
		{
			name: "a package value outside its issue's range", file: miami,
			args: []string{"packages.miami_20_point.donbas_withdrawal=1.5"},
			want: `miami-2025.toml: --set packages.miami_20_point.donbas_withdrawal=1.5: 1.5 is outside the range of donbas_withdrawal, [0, 1]`,
		},
		{
			name: "a misspelt level", file: miami,
			args: []string{"packages.miami_20_point.nato=deferd"},
			want: `miami-2025.toml: --set packages.miami_20_point.nato=deferd: unknown level "deferd" of nato (did you mean "deferred"?)`,
		},
		{
			name: "an unknown table on the way", file: miami,
			args: []string{"parties.rusia.reservation=0.5"},
			want: `miami-2025.toml: --set parties.rusia.reservation=0.5: parties.rusia: not in the scenario (did you mean "russia"?)`,
		},
		{
			name: "an unknown table with nothing close", file: miami,
			args: []string{"parties.china.reservation=0.5"},
			want: `miami-2025.toml: --set parties.china.reservation=0.5: parties.china: not in the scenario; parties has europe, russia, ukraine, united_states, and --set adds only the last key of a path`,
		},
		{
			name: "an unknown last key", file: miami,
			args: []string{"parties.russia.salience_concentraton=10"},
			want: `miami-2025.toml: --set parties.russia.salience_concentraton=10: unknown key (did you mean "salience_concentration"?)`,
		},
		{
			name: "an unknown issue in a package", file: miami,
			args: []string{"packages.miami_20_point.troopcap=600"},
			want: `miami-2025.toml: --set packages.miami_20_point.troopcap=600: unknown issue "troopcap" (did you mean "troop_cap"?); a package gives values to issues, and may have a label, extends and a schedule`,
		},
		{
			name: "an index out of range", file: miami,
			args: []string{"parties.ukraine.red_lines[9].min=600"},
			want: `miami-2025.toml: --set parties.ukraine.red_lines[9].min=600: parties.ukraine.red_lines[9]: out of range: parties.ukraine.red_lines has 4 elements, [0] to [3]`,
		},
		{
			name: "a key of an array", file: miami,
			args: []string{"parties.ukraine.red_lines.min=600"},
			want: `miami-2025.toml: --set parties.ukraine.red_lines.min=600: parties.ukraine.red_lines: is an array of 4 elements, so it has no key "min"; name an element by its index, e.g. parties.ukraine.red_lines[0].min`,
		},
		{
			name: "an index of a table", file: miami,
			args: []string{"parties[0].label=x"},
			want: `miami-2025.toml: --set parties[0].label=x: parties: is a table, not an array, so it has no element [0]`,
		},
		{
			name: "a key of a number", file: miami,
			args: []string{"run.seed.low=1"},
			want: `miami-2025.toml: --set run.seed.low=1: run.seed: is the number 20251220, not a table, so it has no key "low"; set run.seed itself`,
		},
		{
			name: "set twice", file: miami,
			args: []string{"run.seed=1", "run.seed=2"},
			want: `miami-2025.toml: --set run.seed=2: set twice (also by --set run.seed=1); give a key one value`,
		},
		{
			name: "set twice, written differently", file: miami,
			args: []string{"parties.russia.label=a", `parties."russia".'label'=b`},
			want: `miami-2025.toml: --set parties."russia".'label'=b: set twice (also by --set parties.russia.label=a); give a key one value`,
		},
		{
			name: "a table after a key inside it", file: miami,
			args: []string{"parties.russia.reservation.framework=0.5", "parties.russia.reservation=0.4"},
			want: `miami-2025.toml: --set parties.russia.reservation=0.4: would undo --set parties.russia.reservation.framework=0.5, given before it: set the whole value first, then the keys inside it`,
		},
		{
			name: "a salience", file: miami,
			args: []string{"parties.russia.salience.framework=0.5"},
			want: `miami-2025.toml: --set parties.russia.salience.framework=0.5: names an input of the model, not a value of the file: russia's salience weights on a track, drawn each trial around the weights of its stakes; set parties.russia.salience_concentration (how far the draws vary) or the weights themselves, parties.russia.stakes.ISSUE.weight`,
		},
		{
			name: "default of a single reservation", file: "design_example.toml",
			args: []string{"parties.russia.reservation.default=0.5"},
			want: `design_example.toml: --set parties.russia.reservation.default=0.5: parties.russia.reservation is one value for every track, so it has no default; set parties.russia.reservation itself`,
		},
		{
			name: "an unknown track of a single reservation", file: "design_example.toml",
			args: []string{"parties.russia.reservation.framwork=0.5"},
			want: `design_example.toml: --set parties.russia.reservation.framwork=0.5: unknown track "framwork" (did you mean "framework"?)`,
		},
		{
			name: "a bad value for a track of a single reservation", file: "design_example.toml",
			args: []string{"parties.russia.reservation.framework=high"},
			want: `design_example.toml: --set parties.russia.reservation.framework=high: must be a number or a distribution such as "normal(0.5, 0.1)", not the string "high"`,
		},
		{
			name: "a key inside an inline table", file: miami,
			args: []string{"parties.russia.reservation={framwork = 0.5, default = 0.4}"},
			want: `miami-2025.toml: --set parties.russia.reservation={framwork = 0.5, default = 0.4}: parties.russia.reservation.framwork: unknown track "framwork" (did you mean "framework"?)`,
		},
		{
			name: "a table that leaves a track out", file: miami,
			args: []string{"parties.russia.reservation={framework = 0.5}"},
			want: "miami-2025.toml: --set parties.russia.reservation={framework = 0.5}: no reservation for track ceasefire, on which russia has stakes; add ceasefire = … or default = …\n" +
				"miami-2025.toml: --set parties.russia.reservation={framework = 0.5}: no reservation for track economic, on which russia has stakes; add economic = … or default = …\n" +
				"miami-2025.toml: --set parties.russia.reservation={framework = 0.5}: no reservation for track humanitarian, on which russia has stakes; add humanitarian = … or default = …",
		},
		{
			name: "problems of the file keep their places", file: "design_example.toml", src: misspelt,
			args: []string{"run.seed=-1", "parties.ukraine.stakes.nato.weight=-0.2"},
			want: "design_example.toml: --set parties.ukraine.stakes.nato.weight=-0.2: must be ≥ 0, got -0.2\n" +
				"design_example.toml: --set run.seed=-1: must be ≥ 0, got -1\n" +
				"design_example.toml:40:1: parties.ukraine.stakes.nato.wieght: unknown key (did you mean \"weight\"?)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			if src == nil {
				src = testSource(t, tt.file)
			}
			m, err := loadWith(tt.file, src, tt.args...)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %T is not Problems: %v (model %v)", err, err, m != nil)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			for _, p := range ps {
				if p.Set != "" && p.Line != 0 {
					t.Errorf("problem of %s has a line: %+v", p.Set, p)
				}
			}
		})
	}
}

// TestSetMalformed gives Load key paths ParseSet would refuse, as a caller
// of Set may: each is reported with the file's problems, not applied.
func TestSetMalformed(t *testing.T) {
	src := testSource(t, "design_example.toml")
	_, err := Load("design_example.toml", src, Set("run..seed", "1"), Set("run.seed", "[[[1]]]"), Set("", "2"))
	want := `design_example.toml: --set =2: not a key path: it is empty` + keyPathHint + "\n" +
		`design_example.toml: --set run..seed=1: not a key path: an empty key before a dot` + keyPathHint + "\n" +
		`design_example.toml: --set run.seed=[[[1]]]: must be a whole number, not an array`
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	// The value is not decoded, so the decoder cannot overflow its stack.
	deep := strings.Repeat("[", 200)
	_, err = Load("design_example.toml", src, Set("run.seed", deep))
	if want := "design_example.toml: --set " + elide("run.seed="+deep, maxSetHead, maxSetTail) + ": the value has arrays or tables nested more than 64 deep; a scenario needs no more than four"; err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	// A file that does not decode: its syntax error, and the malformed
	// overrides, which are known without it.
	_, err = Load("broken.toml", []byte("a = [1,"), Set("run..seed", "1"))
	if want := "broken.toml: --set run..seed=1: not a key path: an empty key before a dot" + keyPathHint + "\n" +
		"broken.toml:1:7: not valid TOML: unexpected EOF; expected value"; err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

func TestParseSet(t *testing.T) {
	tests := []struct {
		name, arg  string
		key, value string
		err        string // the Problem's text; "" when it parses
	}{
		{name: "number", arg: "parties.russia.reservation.framework=0.6", key: "parties.russia.reservation.framework", value: "0.6"},
		{name: "spaces around", arg: " run.seed = 7 ", key: "run.seed", value: "7"},
		{name: "an = in the value", arg: `scenario.label="a=b"`, key: "scenario.label", value: `"a=b"`},
		{name: "an = in a quoted key", arg: `parties."a=b".label=x`, key: `parties."a=b".label`, value: "x"},
		{name: "a quote escaped in a quoted key", arg: `parties."a\"=".label=x`, key: `parties."a\"=".label`, value: "x"},
		{name: "a literal quoted key", arg: `parties.'a.b=c'.label=x`, key: `parties.'a.b=c'.label`, value: "x"},
		{name: "an index", arg: "parties.ukraine.red_lines[0].min=600", key: "parties.ukraine.red_lines[0].min", value: "600"},
		{name: "an inline table", arg: "parties.russia.reservation={framework = 0.5, default = 0.4}", key: "parties.russia.reservation", value: "{framework = 0.5, default = 0.4}"},
		{name: "an empty value", arg: "scenario.label=", key: "scenario.label", value: ""},
		{name: "no =", arg: "run.seed", err: `--set run.seed: missing "=": write KEY=VALUE, e.g. --set parties.russia.reservation.framework=0.6`},
		{name: "nothing", arg: "", err: `an empty --set: write KEY=VALUE, e.g. --set parties.russia.reservation.framework=0.6`},
		{name: "no key", arg: " =0.6", err: `--set  =0.6: no key before "=": write KEY=VALUE, e.g. --set parties.russia.reservation.framework=0.6`},
		{name: "an unclosed quote", arg: `parties."a=b.label=x`, err: `--set parties."a=b.label=x: a quoted key is not closed; write KEY=VALUE, e.g. --set parties.russia.reservation.framework=0.6`},
		{name: "two dots", arg: "parties..russia=1", err: `--set parties..russia=1: not a key path: an empty key before a dot` + keyPathHint},
		{name: "a trailing dot", arg: "run.=1", err: `--set run.=1: not a key path: it ends with a dot` + keyPathHint},
		{name: "a leading dot", arg: ".run=1", err: `--set .run=1: not a key path: an empty key before a dot` + keyPathHint},
		{name: "a space in a bare key", arg: "run seed=1", err: `--set run seed=1: not a key path: unexpected 's'` + keyPathHint},
		{name: "a word index", arg: "a.b[x].c=1", err: `--set a.b[x].c=1: not a key path: [x] is not an index: an array element is named by a whole number from 0` + keyPathHint},
		{name: "a negative index", arg: "a.b[-1]=1", err: `--set a.b[-1]=1: not a key path: [-1] is not an index: an array element is named by a whole number from 0` + keyPathHint},
		{name: "an unclosed index", arg: "a.b[1=1", err: `--set a.b[1=1: not a key path: "[" without "]"` + keyPathHint},
		{name: "an index first", arg: "[0].a=1", err: `--set [0].a=1: not a key path: unexpected '['` + keyPathHint},
		{name: "a bad escape", arg: `a."b\q"=1`, err: `--set a."b\q"=1: not a key path: the quoted key "b\q": invalid escape in string '\q'` + keyPathHint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, value, err := ParseSet(tt.arg)
			if tt.err != "" {
				var ps Problems
				if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Set != tt.arg {
					t.Fatalf("ParseSet(%q) error = %#v, want one Problem of the argument", tt.arg, err)
				}
				if err.Error() != tt.err {
					t.Errorf("ParseSet(%q) error\n%s\nwant\n%s", tt.arg, err, tt.err)
				}
				return
			}
			if err != nil || key != tt.key || value != tt.value {
				t.Errorf("ParseSet(%q) = %q, %q, %v; want %q, %q", tt.arg, key, value, err, tt.key, tt.value)
			}
		})
	}
}

// TestKeyPath checks that key paths written in any TOML form name the key
// problems name.
func TestKeyPath(t *testing.T) {
	tests := map[string]string{
		"parties.russia.reservation.framework":      "parties.russia.reservation.framework",
		`parties."russia".'reservation'`:            "parties.russia.reservation",
		`parties."a.b".label`:                       `parties."a.b".label`,
		`parties.'a.b'.label`:                       `parties."a.b".label`,
		"parties . ukraine . red_lines [ 2 ] . min": "parties.ukraine.red_lines[2].min",
		"pathways[1].tracks[0]":                     "pathways[1].tracks[0]",
		`x."".y`:                                    `x."".y`,
	}
	for in, want := range tests {
		segs, msg := parseKeyPath(in)
		if got := keyPath(segs); msg != "" || got != want {
			t.Errorf("parseKeyPath(%q) = %q (%s), want %q", in, got, msg, want)
		}
	}
}

// TestParseValue checks the bare-word rule: TOML value text is read as
// TOML; anything else is the string as written.
func TestParseValue(t *testing.T) {
	tests := []struct {
		name, text string
		want       any
	}{
		{"float", "0.6", 0.6},
		{"integer", "7", int64(7)},
		{"bool", "true", true},
		{"quoted string", `"renounced"`, "renounced"},
		{"bare word", "renounced", "renounced"},
		{"bare distribution", "normal(0.4, 0.05)", "normal(0.4, 0.05)"},
		{"quoted distribution", `"normal(0.4, 0.05)"`, "normal(0.4, 0.05)"},
		{"array", `["ukraine", "russia"]`, []any{"ukraine", "russia"}},
		{"inline table", "{framework = 0.5, default = 0.4}", map[string]any{"framework": 0.5, "default": 0.4}},
		{"empty", "", ""},
		{"another key smuggled in", "1\nw = 2", "1\nw = 2"},
		{"a bad escape", `"a\q"`, `"a\q"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, msg := parseValue(tt.text)
			if msg != "" || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseValue(%q) = %#v (%s), want %#v", tt.text, got, msg, tt.want)
			}
		})
	}
}

func TestProblemErrorSet(t *testing.T) {
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"at the key set", Problem{File: "s.toml", Set: "run.seed=x", Key: "run.seed", Msg: "m"}, "s.toml: --set run.seed=x: m"},
		{"at the key set, written otherwise", Problem{File: "s.toml", Set: `run."seed" = x`, Key: "run.seed", Msg: "m"}, `s.toml: --set run."seed" = x: m`},
		{"inside the value set", Problem{File: "s.toml", Set: "run={seed = 1}", Key: "run.seed", Msg: "m"}, "s.toml: --set run={seed = 1}: run.seed: m"},
		{"no file", Problem{Set: "x", Msg: "m"}, "--set x: m"},
		{"control characters", Problem{Set: "a=\x1b[31m", Msg: "m"}, "--set a=\uFFFD[31m: m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

// oneShotMiami names the default scenario without its timeline: the
// file as it was before it had one, for the tests of timeline keys given
// to a scenario that has none.
const oneShotMiami = "miami-oneshot.toml"

// oneShotMiamiSource is the default scenario with every timeline key cut
// out: the [timeline] table, the factors' steps and bounds, the strikes
// factor, the package that sequences its tracks and the pathway effects;
// and its evidence, which came after.
func oneShotMiamiSource(t *testing.T) []byte {
	t.Helper()
	src, _ := Lookup(Default)
	if i := bytes.Index(src, []byte("[[evidence]]")); i >= 0 {
		src = src[:i]
	}
	var out []string
	skip := ""
	for _, line := range strings.Split(string(src), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "[timeline]", trimmed == "[factors.strikes]", trimmed == "[packages.miami_20_point_humanitarian_first]":
			skip = "table"
			continue
		case skip == "table" && strings.HasPrefix(trimmed, "["):
			skip = ""
		case skip == "table":
			continue
		case skip == "effects":
			if trimmed == "]" {
				skip = ""
			}
			continue
		case strings.HasPrefix(trimmed, "step = "), strings.HasPrefix(trimmed, "bounds = "):
			continue
		case trimmed == "effects = [" && len(out) > 0 && strings.Contains(out[len(out)-1], "breakthroughs"):
			skip = "effects"
			continue
		}
		out = append(out, line)
	}
	cut := strings.Join(out, "\n")
	if strings.Contains(cut, "timeline") && strings.Contains(cut, "rounds =") || strings.Contains(cut, "schedule") {
		t.Fatal("the default scenario's timeline keys are not all cut out")
	}
	return []byte(cut)
}
