package scenarios

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// loadTimeline loads testdata/timeline.toml with the edits given (each
// replaces the first old with new, which must be there) and the
// overrides args; ws receives its warnings.
func loadTimeline(t *testing.T, edits [][2]string, ws *Problems, args ...string) (*sim.Model, error) {
	t.Helper()
	return loadEdited(t, "timeline.toml", edits, ws, args...)
}

// loadEdited loads the test scenario name (see testSource) as
// loadTimeline loads testdata/timeline.toml.
func loadEdited(t *testing.T, name string, edits [][2]string, ws *Problems, args ...string) (*sim.Model, error) {
	t.Helper()
	src := string(testSource(t, name))
	for _, e := range edits {
		if !strings.Contains(src, e[0]) {
			t.Fatalf("the edit %q does not apply", e[0])
		}
		src = strings.Replace(src, e[0], e[1], 1)
	}
	opts := []Option{Warnings(ws)}
	for _, a := range args {
		k, v, err := ParseSet(a)
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, Set(k, v))
	}
	return Load(name, []byte(src), opts...)
}

// TestTimeline loads a scenario of every key of a timeline
// (docs/model.md#timeline) and checks what it compiles to: the timeline
// with its marks sorted, factor steps as inputs named by their key paths
// and bounds, schedules through extends, after as indices, and pathway
// effects whose coefficients are inputs. It has nothing to warn of.
func TestTimeline(t *testing.T) {
	var ws Problems
	m, err := loadTimeline(t, nil, &ws)
	if err != nil {
		t.Fatal(err)
	}
	checkModel(t, m)
	if len(ws) > 0 {
		t.Errorf("warnings:\n%v", ws)
	}
	want := &sim.Timeline{Rounds: 26, Unit: "week", Start: "2025-12-20", Marks: []sim.Mark{
		{Name: "end_of_year", Round: 2}, {Name: "new year", Round: 2}, {Name: "spring", Round: 14},
	}}
	if !reflect.DeepEqual(m.Timeline, want) {
		t.Errorf("timeline %+v, want %+v", m.Timeline, want)
	}
	param := func(i int) string {
		if i < 0 {
			return "none"
		}
		return m.Params[i].Name + "=" + m.Params[i].Dist.String()
	}
	factors := []struct {
		step   string
		bounds []float64
	}{
		{"factors.battlefield_momentum.step=normal(0.01, 0.02)", []float64{0, 1}},
		{"factors.strikes.step=bernoulli(0.4)", nil},
	}
	for i, f := range factors {
		got := m.Factors[i]
		if param(got.Step) != f.step || !reflect.DeepEqual(got.Bounds, f.bounds) {
			t.Errorf("factor %s: step %s, bounds %v; want %s, %v", got.ID, param(got.Step), got.Bounds, f.step, f.bounds)
		}
	}
	// Tracks: framework, humanitarian, ceasefire. revised overrides the
	// ceasefire of the schedule it inherits, humanitarian_first inherits
	// revised's, and a schedule of ones is no schedule.
	schedules := map[string][]int{
		"us_28_point":        {5, 1, 3},
		"revised":            {5, 1, 1},
		"humanitarian_first": {5, 1, 1},
		"all_at_once":        nil,
	}
	for _, k := range m.Packages {
		if want := schedules[k.ID]; !slices.Equal(k.Schedule, want) || (want == nil) != (k.Schedule == nil) {
			t.Errorf("package %s: schedule %v, want %v", k.ID, k.Schedule, want)
		}
	}
	if got := m.Pathways[0].After; !slices.Equal(got, []int{2, 1}) {
		t.Errorf("comprehensive_settlement after %v, want [2 1]", got)
	}
	if got := m.Pathways[1].After; !slices.Equal(got, []int{2}) {
		t.Errorf("framework_agreement after %v, want [2]", got)
	}
	effects := m.Pathways[2].Effects
	wantEffects := []struct {
		party  int
		coef   string
		tracks []int
	}{
		{0, "pathways[2].effects[0].coef=-0.03", []int{0}},
		{1, "pathways[2].effects[1].coef=normal(-0.02, 0.01)", nil},
	}
	if len(effects) != len(wantEffects) {
		t.Fatalf("humanitarian_ceasefire effects %+v", effects)
	}
	for j, e := range wantEffects {
		if got := effects[j]; got.Party != e.party || param(got.Coef) != e.coef || !reflect.DeepEqual(got.Tracks, e.tracks) {
			t.Errorf("effect %d: %+v (%s), want %+v", j, got, param(got.Coef), e)
		}
	}
	for _, w := range []int{0, 1, 3} {
		if m.Pathways[w].Effects != nil {
			t.Errorf("pathway %s has effects %+v", m.Pathways[w].ID, m.Pathways[w].Effects)
		}
	}
	// The inputs are in file order, steps and pathway effects among them.
	var names []string
	for _, p := range m.Params[9:] {
		names = append(names, p.Name)
	}
	wantNames := []string{
		"factors.battlefield_momentum.value", "factors.battlefield_momentum.step", "factors.battlefield_momentum.effects[0].coef",
		"factors.strikes.value", "factors.strikes.step", "factors.strikes.effects[0].coef",
		"pathways[2].effects[0].coef", "pathways[2].effects[1].coef",
	}
	if !slices.Equal(names, wantNames) {
		t.Errorf("inputs %v\nwant %v", names, wantNames)
	}
}

// TestTimelineStart: a start is a TOML date or the same date in a string;
// both compile alike, and a timeline without one has none.
func TestTimelineStart(t *testing.T) {
	want, err := loadTimeline(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{`"2025-12-20"`, `'2025-12-20'`} {
		got, err := loadTimeline(t, [][2]string{{"start = 2025-12-20", "start = " + start}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("start = %s compiles otherwise than start = 2025-12-20", start)
		}
	}
	m, err := loadTimeline(t, [][2]string{{"start = 2025-12-20\n", ""}, {`unit = "week"`, `unit = "session"`}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tl := m.Timeline; tl.Start != "" || tl.Unit != "session" {
		t.Errorf("timeline %+v: want no start, and any unit without one", tl)
	}
	m, err = loadTimeline(t, [][2]string{{`unit = "week"`, `unit = "month"`}, {"start = 2025-12-20", "start = 2024-02-29"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tl := m.Timeline; tl.Start != "2024-02-29" || tl.Unit != "month" {
		t.Errorf("timeline %+v", tl)
	}
}

// TestTimelineDefaults: a [timeline] of rounds alone counts in rounds,
// with no start and no marks.
func TestTimelineDefaults(t *testing.T) {
	m, err := loadTimeline(t, [][2]string{{"unit = \"week\"\nstart = 2025-12-20\nmarks = { end_of_year = 2, spring = 14, \"new year\" = 2 }\n", ""}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (&sim.Timeline{Rounds: 26, Unit: "round"}); !reflect.DeepEqual(m.Timeline, want) {
		t.Errorf("timeline %+v, want %+v", m.Timeline, want)
	}
}

// TestTimelineProblems: every problem of a timeline's keys is reported,
// as every problem of a scenario is, at its line and column with its key
// path and, where it helps, a did-you-mean.
func TestTimelineProblems(t *testing.T) {
	tests := []struct {
		name  string
		edits [][2]string
		want  string
	}{
		{"no rounds", [][2]string{{"rounds = 26\n", ""}},
			"timeline.toml:8:1: timeline.rounds: missing: how many rounds the talks run, e.g. rounds = 26"},
		{"no rounds at all", [][2]string{{"rounds = 26\n", "round = 26\n"}},
			"timeline.toml:8:1: timeline.rounds: missing: how many rounds the talks run, e.g. rounds = 26\n" +
				`timeline.toml:9:1: timeline.round: unknown key (did you mean "rounds"?)`},
		{"rounds not a whole number", [][2]string{{"rounds = 26", "rounds = 2.5"}},
			"timeline.toml:9:1: timeline.rounds: must be a whole number, not the number 2.5"},
		{"rounds a string", [][2]string{{"rounds = 26", `rounds = "26"`}},
			`timeline.toml:9:1: timeline.rounds: must be a whole number, not the string "26"`},
		{"no round", [][2]string{{"rounds = 26", "rounds = 0"}, {"marks = { end_of_year = 2, spring = 14, \"new year\" = 2 }", ""}},
			"timeline.toml:9:1: timeline.rounds: must be at least 1, got 0"},
		{"too many rounds", [][2]string{{"rounds = 26", "rounds = 1041"}},
			"timeline.toml:9:1: timeline.rounds: must be at most 1040 (twenty years of weekly rounds), got 1041"},
		{"a timeline that is no table", [][2]string{{"[timeline]\nrounds = 26\nunit = \"week\"\nstart = 2025-12-20\nmarks = { end_of_year = 2, spring = 14, \"new year\" = 2 }\n", ""}, {"[scenario]", "timeline = 26\n[scenario]"}},
			"timeline.toml:4:1: timeline: must be a table, not the number 26"},
		{"an empty unit", [][2]string{{`unit = "week"`, `unit = ""`}},
			`timeline.toml:10:1: timeline.unit: must not be empty; omit it for "round"`},
		{"a unit without dates", [][2]string{{`unit = "week"`, `unit = "weeks"`}},
			`timeline.toml:10:1: timeline.unit: rounds of "weeks" have no dates, and start gives round 1 one: use day, week, fortnight, month, quarter or year (did you mean "week"?)`},
		{"a start without a unit", [][2]string{{"unit = \"week\"\n", ""}},
			`timeline.toml:8:1: timeline.unit: missing: with a start date, say what one round is, so that each round has a date: day, week, fortnight, month, quarter or year, e.g. unit = "week"`},
		{"a start with a time", [][2]string{{"start = 2025-12-20", "start = 2025-12-20T10:00:00Z"}},
			"timeline.toml:11:1: timeline.start: must be a date without a time of day or a time zone, such as 2025-12-20"},
		{"a start that is no day", [][2]string{{"start = 2025-12-20", `start = "2025-02-30"`}},
			`timeline.toml:11:1: timeline.start: "2025-02-30" is no day of the calendar: day out of range`},
		{"a start written otherwise", [][2]string{{"start = 2025-12-20", `start = "20 December 2025"`}},
			`timeline.toml:11:1: timeline.start: must be a date written YYYY-MM-DD, such as 2025-12-20, not the string "20 December 2025"`},
		{"a start that is a number", [][2]string{{"start = 2025-12-20", `start = 20251220`}},
			`timeline.toml:11:1: timeline.start: must be a date such as 2025-12-20, not the number 20251220`},
		{"marks out of range", [][2]string{{`spring = 14`, `spring = 27, early = 0, "" = 3, 12 = 1, odd = 1.5`}},
			"timeline.toml:12:28: timeline.marks.spring: round 27 is beyond the last round, 26 (timeline.rounds)\n" +
				"timeline.toml:12:41: timeline.marks.early: must be a round ≥ 1, got 0\n" +
				`timeline.toml:12:52: timeline.marks."": a mark's name must not be empty` + "\n" +
				"timeline.toml:12:60: timeline.marks.12: a mark's name must not be a number: --round 12 means round 12; name it, e.g. end_of_year\n" +
				"timeline.toml:12:68: timeline.marks.odd: must be a whole number, not the number 1.5"},
		{"marks no table", [][2]string{{`marks = { end_of_year = 2, spring = 14, "new year" = 2 }`, `marks = [2, 14]`}},
			"timeline.toml:12:1: timeline.marks: must be a table, not an array"},
		{"an unknown key", [][2]string{{"rounds = 26", "rounds = 26\nstrat = 2025-12-20"}},
			`timeline.toml:10:1: timeline.strat: unknown key (did you mean "start"?)`},
		{"bounds not a pair", [][2]string{{"bounds = [0, 1]", "bounds = [0]"}},
			"timeline.toml:66:1: factors.battlefield_momentum.bounds: must be [lo, hi], the range the factor's value is clamped into after each step, not an array"},
		{"bounds not numbers", [][2]string{{"bounds = [0, 1]", `bounds = [0, "beta(1, 1)"]`}},
			"timeline.toml:66:14: factors.battlefield_momentum.bounds[1]: must be a plain number: a distribution (a string) is not allowed here"},
		{"bounds unordered", [][2]string{{"bounds = [0, 1]", "bounds = [1, 0]"}},
			"timeline.toml:66:1: factors.battlefield_momentum.bounds: must be ordered [lo, hi] with lo ≤ hi, got [1, 0]"},
		{"a bad step", [][2]string{{`step = "normal(0.01, 0.02)"`, `step = "normal(0.01, -1)"`}},
			"timeline.toml:65:1: factors.battlefield_momentum.step: normal: sigma must be > 0, got -1"},
		{"a misspelt step", [][2]string{{`step = "normal(0.01, 0.02)"`, `stpe = "normal(0.01, 0.02)"`}},
			`timeline.toml:65:1: factors.battlefield_momentum.stpe: unknown key (did you mean "step"?)`},
		{"a schedule of an unknown track", [][2]string{{"schedule = { framework = 5, ceasefire = 3 }", "schedule = { framwork = 5, economic = 3 }"}},
			`timeline.toml:80:14: packages.us_28_point.schedule.framwork: unknown track "framwork" (did you mean "framework"?)` + "\n" +
				`timeline.toml:80:28: packages.us_28_point.schedule.economic: unknown track "economic" (the tracks, from the issues, are: framework, humanitarian, ceasefire)`},
		{"a schedule before the first round", [][2]string{{"schedule = { framework = 5, ceasefire = 3 }", "schedule = { framework = 0, ceasefire = -1 }"}},
			"timeline.toml:80:14: packages.us_28_point.schedule.framework: must be a round ≥ 1 (1 puts the track on the table from the start), got 0\n" +
				"timeline.toml:80:29: packages.us_28_point.schedule.ceasefire: must be a round ≥ 1 (1 puts the track on the table from the start), got -1"},
		{"a schedule beyond the last round", [][2]string{{"schedule = { ceasefire = 1 }", "schedule = { ceasefire = 27 }"}},
			"timeline.toml:86:14: packages.revised.schedule.ceasefire: round 27 is beyond the last round, 26 (timeline.rounds)"},
		{"a schedule not a whole number", [][2]string{{"schedule = { ceasefire = 1 }", `schedule = { ceasefire = "week 3" }`}},
			`timeline.toml:86:14: packages.revised.schedule.ceasefire: must be a whole number, not the string "week 3"`},
		{"a schedule no table", [][2]string{{"schedule = { ceasefire = 1 }", `schedule = 3`}},
			`timeline.toml:86:1: packages.revised.schedule: must be a table, not the number 3`},
		{"after an unknown pathway", [][2]string{{`after = ["humanitarian_ceasefire"]`, `after = ["humanitarian_ceasfire"]`}},
			`timeline.toml:109:10: pathways[1].after[0]: unknown pathway "humanitarian_ceasfire" (did you mean "humanitarian_ceasefire"?)`},
		{"after itself", [][2]string{{`after = ["humanitarian_ceasefire"]`, `after = ["framework_agreement"]`}},
			"timeline.toml:109:10: pathways[1].after[0]: a pathway cannot come after itself"},
		{"after a pathway twice", [][2]string{{`after = ["humanitarian_ceasefire"]`, `after = ["humanitarian_ceasefire", "humanitarian_ceasefire"]`}},
			`timeline.toml:109:36: pathways[1].after[1]: pathway "humanitarian_ceasefire" is listed twice`},
		{"after the fallback", [][2]string{{`after = ["humanitarian_ceasefire"]`, `after = ["talks_collapse"]`}},
			`timeline.toml:109:10: pathways[1].after[0]: "talks_collapse" is the fallback, the outcome when no pathway is reached; it is never reached itself, so no pathway comes after it`},
		{"after not a list", [][2]string{{`after = ["humanitarian_ceasefire"]`, `after = "humanitarian_ceasefire"`}},
			`timeline.toml:109:1: pathways[1].after: must be an array of strings, not the string "humanitarian_ceasefire"`},
		{"after in a loop", [][2]string{{"accepted_by = [\"ukraine\", \"russia\"]\n", "accepted_by = [\"ukraine\", \"russia\"]\nafter = [\"comprehensive_settlement\"]\n"}},
			"timeline.toml:102:10: pathways[0].after[0]: after loops: comprehensive_settlement → humanitarian_ceasefire → comprehensive_settlement; a pathway is reached only once those it names were reached before it, so none of these ever is"},
		{"the fallback after another", [][2]string{{"label = \"Talks collapse\"", "label = \"Talks collapse\"\nafter = [\"framework_agreement\"]"}},
			"timeline.toml:124:1: pathways[3].after: the fallback has no rule and is never reached itself, the outcome when no pathway is: remove after"},
		{"effects on the fallback", [][2]string{{"label = \"Talks collapse\"", "label = \"Talks collapse\"\neffects = [ { party = \"ukraine\", on = \"reservation\", coef = 0.1 } ]"}},
			"timeline.toml:124:1: pathways[3].effects: the fallback is never reached, the outcome when no pathway is, so it has no effects: remove them, or give them to a pathway with tracks"},
		{"pathway effects of an unknown party and track", [][2]string{{`{ party = "ukraine", on = "reservation", coef = -0.03, tracks = ["framework"] }`, `{ party = "ukriane", on = "reservation", coef = -0.03, tracks = ["framwork"] }`}},
			`timeline.toml:117:5: pathways[2].effects[0].party: unknown party "ukriane" (did you mean "ukraine"?)` + "\n" +
				`timeline.toml:117:68: pathways[2].effects[0].tracks[0]: unknown track "framwork" (did you mean "framework"?)`},
		{"pathway effects incomplete", [][2]string{{`{ party = "russia", on = "reservation", coef = "normal(-0.02, 0.01)" }`, `{ party = "russia", on = "weights", coeff = 1 }`}},
			"timeline.toml:118:3: pathways[2].effects[1].coef: missing: how much the reservation moves once the pathway is reached, e.g. coef = -0.03\n" +
				`timeline.toml:118:23: pathways[2].effects[1].on: unknown target "weights"; an effect shifts a reservation: on = "reservation"` + "\n" +
				`timeline.toml:118:39: pathways[2].effects[1].coeff: unknown key (did you mean "coef"?)`},
		{"a misspelt pathway key", [][2]string{{`after = ["humanitarian_ceasefire"]`, `afters = ["humanitarian_ceasefire"]`}},
			`timeline.toml:109:1: pathways[1].afters: unknown key (did you mean "after"?)`},
		{"schedule as an issue id", [][2]string{{"[issues.dmz]", "[issues.schedule]\nlabel = \"x\"\ntrack = \"framework\"\nkind = \"bool\"\n\n[issues.dmz]"}},
			`timeline.toml:26:1: issues.schedule: "schedule" cannot be an issue id: packages use the key for their schedule`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ws Problems
			m, err := loadTimeline(t, tt.edits, &ws)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %T is not Problems: %v (model %v)", err, err, m != nil)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			if len(ws) > 0 {
				t.Errorf("warnings with problems: %v", ws)
			}
		})
	}
}

// TestTimelineWarnings: what loads and runs but changes nothing is a
// warning, placed as a problem is: keys of later rounds in a scenario of
// one, a step of a factor without effects, bounds without a step, a
// pathway its after makes unreachable, pathway effects no round follows.
func TestTimelineWarnings(t *testing.T) {
	const oneShot = "design_example.toml"
	noMarks := [2]string{"marks = { end_of_year = 2, spring = 14, \"new year\" = 2 }\n", ""}
	noSchedule := [2]string{"schedule = { framework = 5, ceasefire = 3 }", "schedule = { framework = 2 }"}
	tests := []struct {
		name  string
		file  string
		edits [][2]string
		want  string
	}{
		{"a step without a timeline", oneShot, [][2]string{{`value = "normal(0.6, 0.15)"`, "value = \"normal(0.6, 0.15)\"\nstep = \"normal(0, 0.01)\"\nbounds = [0, 1]"}},
			"design_example.toml:79:1: factors.battlefield_momentum.step: a step is added in every round after the first, and without a [timeline] a scenario has one round: it changes nothing"},
		{"a schedule without a timeline", oneShot, [][2]string{{`troop_cap = 800`, "troop_cap = 800\nschedule = { framework = 1 }"}},
			"design_example.toml:91:1: packages.revised_20_point.schedule: a schedule puts tracks on the table in later rounds, and without a [timeline] a scenario has one round: it changes nothing"},
		{"after without a timeline", oneShot, [][2]string{{"accepted_by = \"veto\"\n", "accepted_by = \"veto\"\nafter = [\"humanitarian_ceasefire\"]\n"}},
			"design_example.toml:98:1: pathways[0].after: never reached: without a [timeline] a scenario has one round, and a pathway with after is reached only in a round after those it names"},
		{"pathway effects without a timeline", oneShot, [][2]string{{"accepted_by = [\"ukraine\", \"russia\"]", "accepted_by = [\"ukraine\", \"russia\"]\neffects = [ { party = \"ukraine\", on = \"reservation\", coef = -0.03 } ]"}},
			"design_example.toml:104:1: pathways[1].effects: effects apply from the round after the pathway is reached, and without a [timeline] a scenario has one round: they change nothing"},
		{"a step of a factor without effects", "timeline.toml", [][2]string{{"effects = [ { party = \"russia\", on = \"reservation\", coef = 0.15 } ]\n", ""}},
			"timeline.toml:65:1: factors.battlefield_momentum.step: battlefield_momentum has no effects, so its step changes nothing"},
		{"bounds without a step", "timeline.toml", [][2]string{{"step = \"normal(0.01, 0.02)\"\n", ""}},
			"timeline.toml:65:1: factors.battlefield_momentum.bounds: bounds clamp the value after each step, and battlefield_momentum has no step: they change nothing"},
		{"one round", "timeline.toml", [][2]string{{"rounds = 26", "rounds = 1"}, noMarks, {"schedule = { framework = 5, ceasefire = 3 }\n", ""}, {"after = [\"humanitarian_ceasefire\", \"framework_agreement\"]\n", ""}, {"after = [\"humanitarian_ceasefire\"]\n", ""}},
			"timeline.toml:64:1: factors.battlefield_momentum.step: a step is added in every round after the first, and the timeline has one round: it changes nothing\n" +
				"timeline.toml:71:1: factors.strikes.step: a step is added in every round after the first, and the timeline has one round: it changes nothing\n" +
				"timeline.toml:84:1: packages.revised.schedule: a schedule puts tracks on the table in later rounds, and the timeline has one round: it changes nothing\n" +
				"timeline.toml:93:1: packages.all_at_once.schedule: a schedule puts tracks on the table in later rounds, and the timeline has one round: it changes nothing\n" +
				"timeline.toml:112:1: pathways[2].effects: effects apply from the round after the pathway is reached, and the timeline has one round: they change nothing"},
		{"too few rounds for after", "timeline.toml", [][2]string{{"rounds = 26", "rounds = 2"}, noMarks, noSchedule, {"accepted_by = [\"ukraine\", \"russia\"]", "accepted_by = [\"ukraine\", \"russia\"]\nafter = [\"framework_agreement\"]"}, {"after = [\"humanitarian_ceasefire\"]\n", ""}},
			"timeline.toml:101:1: pathways[0].after: never reached: it can be reached in round 3 at the earliest, and the timeline has 2\n" +
				"timeline.toml:115:1: pathways[2].effects: effects apply from the round after the pathway is reached, and it can be reached in round 2 at the earliest, the last: they change nothing"},
		{"effects that no round follows", "timeline.toml", [][2]string{{"rounds = 26", "rounds = 2"}, noMarks, noSchedule, {"after = [\"humanitarian_ceasefire\", \"framework_agreement\"]\n", ""},
			{"after = [\"humanitarian_ceasefire\"]\n", "after = [\"humanitarian_ceasefire\"]\neffects = [ { party = \"russia\", on = \"reservation\", coef = -0.1 } ]\n"}},
			"timeline.toml:108:1: pathways[1].effects: effects apply from the round after the pathway is reached, and it can be reached in round 2 at the earliest, the last: they change nothing"},
		{"after the first pathway, and after that", "timeline.toml", [][2]string{{"after = [\"humanitarian_ceasefire\", \"framework_agreement\"]", "effects = [ { party = \"russia\", on = \"reservation\", coef = -0.1 } ]"},
			{"after = [\"humanitarian_ceasefire\"]", "after = [\"comprehensive_settlement\"]"}, {"accepted_by = [\"ukraine\", \"russia\"]", "accepted_by = [\"ukraine\", \"russia\"]\nafter = [\"framework_agreement\"]"}},
			"timeline.toml:102:1: pathways[0].effects: the talks end when the first pathway is reached, so its effects change nothing\n" +
				"timeline.toml:109:1: pathways[1].after: never reached: comprehensive_settlement, the first pathway, ends the talks when it is reached, so nothing is reached after it\n" +
				"timeline.toml:116:1: pathways[2].after: never reached: it comes after framework_agreement, which is never reached"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ws Problems
			m, err := loadEdited(t, tt.file, tt.edits, &ws)
			if err != nil {
				t.Fatal(err)
			}
			checkModel(t, m)
			if got := ws.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			// Without Warnings, the same Model.
			again, err := loadEdited(t, tt.file, tt.edits, nil)
			if err != nil || !reflect.DeepEqual(m, again) {
				t.Errorf("a load without Warnings differs (%v)", err)
			}
		})
	}
}

// TestSetTimeline overrides the values of a timeline by their key paths,
// as --set does, and checks that each changes exactly its target (the
// want function makes the same change by hand to the model loaded
// without it). The optional tables of a timeline are created where the
// file has none: a one-shot scenario runs over rounds with one --set.
func TestSetTimeline(t *testing.T) {
	setParam := func(t *testing.T, m *sim.Model, name, d string) {
		m.Params[paramIndex(t, m, name)].Dist = dist(t, d)
	}
	addParam := func(t *testing.T, m *sim.Model, name, d string) int {
		m.Params = append(m.Params, sim.Param{Name: name, Dist: dist(t, d)})
		return len(m.Params) - 1
	}
	const miami = oneShotMiami // the default scenario without its timeline
	tests := []struct {
		name     string
		file     string
		args     []string
		want     func(t *testing.T, m *sim.Model)
		reorders bool // Params come in another order (see TestSet)
	}{
		{"rounds", "timeline.toml", []string{"timeline.rounds=14"},
			func(t *testing.T, m *sim.Model) { m.Timeline.Rounds = 14 }, false},
		{"a mark", "timeline.toml", []string{"timeline.marks.end_of_year=3"},
			func(t *testing.T, m *sim.Model) {
				m.Timeline.Marks = []sim.Mark{{Name: "new year", Round: 2}, {Name: "end_of_year", Round: 3}, {Name: "spring", Round: 14}}
			}, false},
		{"a new mark", "timeline.toml", []string{"timeline.marks.talks_in_geneva=9"},
			func(t *testing.T, m *sim.Model) {
				m.Timeline.Marks = slices.Insert(m.Timeline.Marks, 2, sim.Mark{Name: "talks_in_geneva", Round: 9})
			}, false},
		{"the start, a TOML date", "timeline.toml", []string{"timeline.start=2026-01-05"},
			func(t *testing.T, m *sim.Model) { m.Timeline.Start = "2026-01-05" }, false},
		{"the unit", "timeline.toml", []string{"timeline.unit=fortnight"},
			func(t *testing.T, m *sim.Model) { m.Timeline.Unit = "fortnight" }, false},
		{"a step", "timeline.toml", []string{"factors.battlefield_momentum.step=normal(0, 0.01)"},
			func(t *testing.T, m *sim.Model) {
				setParam(t, m, "factors.battlefield_momentum.step", "normal(0, 0.01)")
			}, false},
		{"bounds", "timeline.toml", []string{"factors.strikes.bounds=[0, 10]"},
			func(t *testing.T, m *sim.Model) { m.Factors[1].Bounds = []float64{0, 10} }, false},
		{"a schedule, inherited", "timeline.toml", []string{"packages.revised.schedule.framework=3"},
			func(t *testing.T, m *sim.Model) {
				m.Packages[packageIndex(m, "revised")].Schedule = []int{3, 1, 1}
				m.Packages[packageIndex(m, "humanitarian_first")].Schedule = []int{3, 1, 1}
			}, false},
		{"a schedule of a package that inherits one", "timeline.toml", []string{"packages.humanitarian_first.schedule.ceasefire=4"},
			func(t *testing.T, m *sim.Model) {
				m.Packages[packageIndex(m, "humanitarian_first")].Schedule = []int{5, 1, 4}
			}, false},
		{"a pathway effect's coef", "timeline.toml", []string{"pathways[2].effects[0].coef=-0.05"},
			func(t *testing.T, m *sim.Model) { setParam(t, m, "pathways[2].effects[0].coef", "-0.05") }, false},
		{"after", "timeline.toml", []string{"pathways[1].after=[]"},
			func(t *testing.T, m *sim.Model) { m.Pathways[1].After = nil }, false},
		{"rounds where there is no timeline", miami, []string{"timeline.rounds=12"},
			func(t *testing.T, m *sim.Model) { m.Timeline = &sim.Timeline{Rounds: 12, Unit: "round"} }, false},
		{"a whole timeline", miami, []string{"timeline={rounds = 26, unit = \"week\", start = 2025-12-20, marks = {end_of_year = 2}}"},
			func(t *testing.T, m *sim.Model) {
				m.Timeline = &sim.Timeline{Rounds: 26, Unit: "week", Start: "2025-12-20", Marks: []sim.Mark{{Name: "end_of_year", Round: 2}}}
			}, false},
		{"a timeline key by key", miami, []string{"timeline.rounds=26", "timeline.unit=week", `timeline.start="2025-12-20"`, "timeline.marks.end_of_year=3"},
			func(t *testing.T, m *sim.Model) {
				m.Timeline = &sim.Timeline{Rounds: 26, Unit: "week", Start: "2025-12-20", Marks: []sim.Mark{{Name: "end_of_year", Round: 3}}}
			}, false},
		{"a step where there was none", miami, []string{"timeline.rounds=12", `factors.escalation.step="normal(0,0.01)"`},
			func(t *testing.T, m *sim.Model) {
				m.Timeline = &sim.Timeline{Rounds: 12, Unit: "round"}
				m.Factors[slices.IndexFunc(m.Factors, func(f sim.Factor) bool { return f.ID == "escalation" })].Step = addParam(t, m, "factors.escalation.step", "normal(0, 0.01)")
			}, true},
		{"a schedule where there was none", miami, []string{"timeline.rounds=12", "packages.miami_20_point.schedule.framework=3"},
			func(t *testing.T, m *sim.Model) {
				m.Timeline = &sim.Timeline{Rounds: 12, Unit: "round"}
				// humanitarian, ceasefire, framework, economic; the packages
				// that extend miami_20_point inherit it.
				for _, id := range []string{"miami_20_point", "miami_20_point_de_jure", "miami_20_point_european_guarantees"} {
					m.Packages[packageIndex(m, id)].Schedule = []int{1, 1, 3, 1}
				}
			}, false},
		{"pathway effects where there were none", miami, []string{"timeline.rounds=12", `pathways[1].effects=[{party = "ukraine", on = "reservation", coef = -0.05, tracks = ["framework"]}]`},
			func(t *testing.T, m *sim.Model) {
				m.Timeline = &sim.Timeline{Rounds: 12, Unit: "round"}
				coef := addParam(t, m, "pathways[1].effects[0].coef", "-0.05")
				m.Pathways[1].Effects = []sim.Effect{{Party: partyIndex(m, "ukraine"), Coef: coef, Tracks: []int{trackIndex(m, "framework")}}}
			}, true},
		{"a schedule of ones is none", miami, []string{"packages.miami_20_point.schedule.framework=1"},
			func(*testing.T, *sim.Model) {}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadEdited(t, tt.file, nil, nil, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			checkModel(t, got)
			want, err := loadEdited(t, tt.file, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			tt.want(t, want)
			if reflect.DeepEqual(got, want) {
				return
			}
			if !tt.reorders || !reflect.DeepEqual(byParamName(got), byParamName(want)) {
				t.Fatalf("%v: the model differs from the scenario with only the target changed:\n%s\nwant\n%s", tt.args, got.Canonical(), want.Canonical())
			}
		})
	}
}

// TestSetTimelineProblems: an override of a timeline's value gets every
// check the file's value gets, reported as the override's, and a key
// path that names nothing gets a did-you-mean.
func TestSetTimelineProblems(t *testing.T) {
	const miami = oneShotMiami // the default scenario without its timeline
	tests := []struct {
		name string
		file string
		args []string
		want string
	}{
		{"a misspelt key", "timeline.toml", []string{"timeline.rouns=12"},
			`timeline.toml: --set timeline.rouns=12: unknown key (did you mean "rounds"?)`},
		{"a misspelt table", miami, []string{"timelin.rounds=12"},
			`miami-oneshot.toml: --set timelin.rounds=12: timelin: not in the scenario (did you mean "timeline"?)`},
		{"no round", "timeline.toml", []string{"timeline.rounds=0"},
			"timeline.toml: --set timeline.rounds=0: must be at least 1, got 0"},
		{"a mark without rounds", miami, []string{"timeline.marks.end_of_year=3"},
			"miami-oneshot.toml: --set timeline.marks.end_of_year=3: timeline.rounds: missing: how many rounds the talks run, e.g. rounds = 26"},
		{"a mark beyond the last round", "timeline.toml", []string{"timeline.marks.end_of_year=30"},
			"timeline.toml: --set timeline.marks.end_of_year=30: round 30 is beyond the last round, 26 (timeline.rounds)"},
		{"a table that cannot be created", miami, []string{"timeline.marks.x.y=1"},
			"miami-oneshot.toml: --set timeline.marks.x.y=1: timeline.marks.x: not in the scenario; timeline.marks is empty, and --set adds only the last key of a path"},
		{"a schedule without a timeline", miami, []string{"packages.miami_20_point.schedule.framework=3"},
			"miami-oneshot.toml: --set packages.miami_20_point.schedule.framework=3: round 3 is beyond the one round of a scenario without a [timeline]; add one, e.g. [timeline] rounds = 26"},
		{"a schedule of an unknown track", miami, []string{"timeline.rounds=12", "packages.miami_20_point.schedule.framwork=3"},
			`miami-oneshot.toml: --set packages.miami_20_point.schedule.framwork=3: unknown track "framwork" (did you mean "framework"?)`},
		{"a schedule of an unknown package", miami, []string{"packages.miami_21_point.schedule.framework=3"},
			`miami-oneshot.toml: --set packages.miami_21_point.schedule.framework=3: packages.miami_21_point: not in the scenario (did you mean "miami_20_point"?)`},
		{"a misspelt step", miami, []string{"factors.escalation.stpe=0.1"},
			`miami-oneshot.toml: --set factors.escalation.stpe=0.1: unknown key (did you mean "step"?)`},
		{"a bad step", "timeline.toml", []string{"factors.strikes.step=bernoulli(2)"},
			"timeline.toml: --set factors.strikes.step=bernoulli(2): bernoulli: p must be in [0, 1], got 2"},
		{"bounds unordered", "timeline.toml", []string{"factors.strikes.bounds=[1, 0]"},
			"timeline.toml: --set factors.strikes.bounds=[1, 0]: must be ordered [lo, hi] with lo ≤ hi, got [1, 0]"},
		{"after an unknown pathway", "timeline.toml", []string{`pathways[1].after=["humanitarian"]`},
			`timeline.toml: --set pathways[1].after=["humanitarian"]: pathways[1].after[0]: unknown pathway "humanitarian" (the pathways are: comprehensive_settlement, framework_agreement, humanitarian_ceasefire)`},
		{"a pathway effect out of range", "timeline.toml", []string{"pathways[2].effects[2].coef=0.1"},
			"timeline.toml: --set pathways[2].effects[2].coef=0.1: pathways[2].effects[2]: out of range: pathways[2].effects has 2 elements, [0] to [1]"},
		{"a start that is no date", "timeline.toml", []string{"timeline.start=tomorrow"},
			`timeline.toml: --set timeline.start=tomorrow: must be a date written YYYY-MM-DD, such as 2025-12-20, not the string "tomorrow"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadEdited(t, tt.file, nil, nil, tt.args...)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %T is not Problems: %v", err, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// overRounds is a variant of the default scenario over rounds: its
// changes are those of overRoundsSets.
const overRounds = `[scenario]
id = "miami-2025-over-rounds"
base = "miami-oneshot"

[overrides]
"timeline.rounds" = 26
"timeline.unit" = "week"
"timeline.start" = 2025-12-20
"timeline.marks.end_of_year" = 2
"factors.escalation.step" = "bernoulli(0.4)"
"packages.miami_20_point.schedule.framework" = 5
"pathways[0].after" = ["humanitarian_ceasefire"]
"pathways[1].effects" = [ { party = "ukraine", on = "reservation", coef = -0.03, tracks = ["framework"] } ]
`

var overRoundsSets = []string{
	"scenario.id=miami-2025-over-rounds",
	"timeline.rounds=26",
	"timeline.unit=week",
	"timeline.start=2025-12-20",
	"timeline.marks.end_of_year=2",
	"factors.escalation.step=bernoulli(0.4)",
	"packages.miami_20_point.schedule.framework=5",
	`pathways[0].after=["humanitarian_ceasefire"]`,
	`pathways[1].effects=[{ party = "ukraine", on = "reservation", coef = -0.03, tracks = ["framework"] }]`,
}

// oneShotBase resolves the base miami-oneshot of a variant to the default
// scenario without its timeline.
func oneShotBase(t *testing.T) BaseResolver {
	return func(base, from string) (string, []byte, error) {
		if base != "miami-oneshot" {
			return "", nil, &BaseNotFoundError{Base: base, Known: []string{"miami-oneshot"}}
		}
		return oneShotMiami, oneShotMiamiSource(t), nil
	}
}

// TestVariantTimeline: a variant gives its base a timeline through
// [overrides], as Sets do, and its problems are placed at its lines.
func TestVariantTimeline(t *testing.T) {
	var ws Problems
	got, err := Load("over_rounds.toml", []byte(overRounds), Warnings(&ws), Bases(oneShotBase(t)))
	if err != nil {
		t.Fatal(err)
	}
	checkModel(t, got)
	if len(ws) > 0 {
		t.Errorf("warnings:\n%v", ws)
	}
	want, err := loadWith(oneShotMiami, testSource(t, oneShotMiami), overRoundsSets...)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the variant compiles otherwise than its base with %v:\n%s\nwant\n%s", overRoundsSets, got.Canonical(), want.Canonical())
	}
	if got.Timeline == nil || got.Timeline.Start != "2025-12-20" || got.Packages[packageIndex(got, "miami_20_point")].Schedule == nil {
		t.Errorf("timeline %+v, schedules not applied", got.Timeline)
	}

	bad := strings.NewReplacer(`"timeline.unit" = "week"`, `"timeline.unti" = "week"`, `"timeline.marks.end_of_year" = 2`, `"timeline.marks.end_of_year" = 30`).Replace(overRounds)
	_, err = Load("over_rounds.toml", []byte(bad), Bases(oneShotBase(t)))
	// The table "timeline.rounds" makes is where the missing unit goes.
	wantErr := `over_rounds.toml:6:1: timeline.unit: missing: with a start date, say what one round is, so that each round has a date: day, week, fortnight, month, quarter or year, e.g. unit = "week"` + "\n" +
		`over_rounds.toml:7:1: timeline.unti: unknown key (did you mean "unit"?)` + "\n" +
		"over_rounds.toml:9:1: timeline.marks.end_of_year: round 30 is beyond the last round, 26 (timeline.rounds)"
	if err == nil || err.Error() != wantErr {
		t.Errorf("got:\n%v\nwant:\n%s", err, wantErr)
	}
}

// TestShortenedHorizon: a horizon cut short by an override is not an
// error: a mark beyond it is left out and a track scheduled beyond it is
// never on the table, without a warning — so --set timeline.rounds=1 runs
// any scenario as one vote. A mark set beyond the rounds is still one.
func TestShortenedHorizon(t *testing.T) {
	var ws Problems
	m, err := loadEdited(t, "timeline.toml", nil, &ws, "timeline.rounds=4")
	if err != nil || len(ws) > 0 {
		t.Fatalf("rounds=4: %v, warnings %v", err, ws)
	}
	for _, mk := range m.Timeline.Marks {
		if mk.Round > 4 {
			t.Errorf("mark %+v beyond round 4 kept", mk)
		}
	}
	if k := packageIndex(m, "us_28_point"); m.Packages[k].OnTable(trackIndex(m, "framework")) != 5 {
		t.Errorf("us_28_point's framework on the table from round %d, want 5 (beyond the 4)", m.Packages[k].OnTable(trackIndex(m, "framework")))
	}
	ws = nil
	d, err := loadEdited(t, Default+".toml", nil, &ws, "timeline.rounds=1")
	if err != nil || len(ws) > 0 {
		t.Fatalf("the default scenario with rounds=1: %v, warnings %v", err, ws)
	}
	if len(d.Timeline.Marks) != 0 || d.Packages[packageIndex(d, "miami_20_point_humanitarian_first")].OnTable(trackIndex(d, "framework")) != 5 {
		t.Errorf("rounds=1: marks %v, schedule %v", d.Timeline.Marks, d.Packages[packageIndex(d, "miami_20_point_humanitarian_first")].Schedule)
	}
	if _, err := loadEdited(t, "timeline.toml", nil, nil, "timeline.rounds=4", "timeline.marks.summer=9"); err == nil {
		t.Error("a mark set beyond the rounds an override gives was accepted")
	}
	// Beyond the file's own rounds a mark or a schedule is an error,
	// whatever an override makes of the rounds.
	for _, edit := range [][2]string{{"spring = 14", "spring = 27"}, {"schedule = { framework = 5, ceasefire = 3 }", "schedule = { framework = 30 }"}} {
		if _, err := loadEdited(t, "timeline.toml", [][2]string{edit}, nil, "timeline.rounds=10"); err == nil || !strings.Contains(err.Error(), "beyond the last round") {
			t.Errorf("%s in a file of 26 rounds, with rounds=10: %v", edit[1], err)
		}
	}
}
