package scenarios

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

func loadFile(t *testing.T, path string) *sim.Model {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Load(filepath.Base(path), src)
	if err != nil {
		t.Fatalf("Load(%s):\n%v", path, err)
	}
	checkModel(t, m)
	return m
}

// TestDesignExample loads the complete two-party example of the scenario
// format (docs/model.md#scenario-file) and spot-checks what it compiles to.
func TestDesignExample(t *testing.T) {
	m := loadFile(t, "testdata/design_example.toml")

	if m.ID != "example" || m.Trials != 100000 || m.Seed != 20251220 {
		t.Errorf("ID, Trials, Seed = %q, %d, %d", m.ID, m.Trials, m.Seed)
	}
	if want := []string{"framework", "humanitarian"}; !slices.Equal(m.Tracks, want) {
		t.Errorf("Tracks = %v, want %v", m.Tracks, want)
	}
	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	if got, want := ids(len(m.Issues), func(i int) string { return m.Issues[i].ID }), []string{"troop_cap", "nato", "pow_exchange"}; !slices.Equal(got, want) {
		t.Errorf("issues = %v, want %v", got, want)
	}
	if got := m.Issues[2]; got.Kind != sim.Bool || got.Track != 1 || !slices.Equal(got.Levels, []string{"false", "true"}) {
		t.Errorf("pow_exchange = %+v", got)
	}
	if got := m.Issues[0]; got.Lo != 0 || got.Hi != 1200 || got.Unit != "thousand troops" {
		t.Errorf("troop_cap = %+v", got)
	}
	wantParams := []string{
		"parties.ukraine.reservation.framework",
		"parties.ukraine.reservation.humanitarian",
		"parties.ukraine.stakes.troop_cap.weight",
		"parties.ukraine.stakes.nato.weight",
		"parties.ukraine.stakes.pow_exchange.weight",
		"parties.ukraine.red_lines[0].min",
		"parties.ukraine.red_lines[0].weight",
		"parties.russia.reservation",
		"parties.russia.stakes.troop_cap.weight",
		"parties.russia.stakes.nato.weight",
		"parties.russia.stakes.pow_exchange.weight",
		"factors.battlefield_momentum.value",
		"factors.battlefield_momentum.effects[0].coef",
	}
	if got := ids(len(m.Params), func(i int) string { return m.Params[i].Name }); !slices.Equal(got, wantParams) {
		t.Errorf("params =\n%v\nwant\n%v", got, wantParams)
	}
	param := func(i int) string { return m.Params[i].Name + "=" + m.Params[i].Dist.String() }

	ua, ru := m.Parties[0], m.Parties[1]
	if ua.ID != "ukraine" || !ua.Veto || ua.Concentration != 40 || ru.Concentration != 0 {
		t.Errorf("ukraine = %+v", ua)
	}
	// A table gives each track its own Param; one value is shared by all.
	if ua.Reservation[0] == ua.Reservation[1] {
		t.Errorf("ukraine's reservations share Param %d", ua.Reservation[0])
	}
	if got := param(ua.Reservation[1]); got != "parties.ukraine.reservation.humanitarian=normal(0.3, 0.1)" {
		t.Errorf("ukraine humanitarian reservation = %s", got)
	}
	if ru.Reservation[0] != ru.Reservation[1] || param(ru.Reservation[0]) != "parties.russia.reservation=normal(0.5, 0.1)" {
		t.Errorf("russia's reservation = %v", ru.Reservation)
	}

	// best 1000 > worst 400: the curve is sorted by x, rising.
	if s := ua.Stakes[0]; !slices.Equal(s.CurveX, []float64{400, 1000}) || !slices.Equal(s.CurveY, []float64{0, 1}) {
		t.Errorf("ukraine troop_cap curve = %v %v", s.CurveX, s.CurveY)
	}
	if s := ru.Stakes[0]; !slices.Equal(s.CurveX, []float64{0, 600, 1200}) || !slices.Equal(s.CurveY, []float64{1, 0.6, 0}) {
		t.Errorf("russia troop_cap curve = %v %v", s.CurveX, s.CurveY)
	}
	if s := ua.Stakes[1]; s.Issue != 1 || !slices.Equal(s.Values, []float64{1, 0.5, 0}) || param(s.Weight) != "parties.ukraine.stakes.nato.weight=0.4" {
		t.Errorf("ukraine nato stake = %+v", s)
	}
	if s := ru.Stakes[2]; !slices.Equal(s.Values, []float64{0.2, 0.8}) {
		t.Errorf("russia pow_exchange values (false, true) = %v", s.Values)
	}

	if rl := ua.RedLines[0]; rl.Kind != sim.Min || rl.Issue != 0 || rl.Hard || rl.Levels != nil ||
		param(rl.Threshold) != "parties.ukraine.red_lines[0].min=triangular(500, 600, 700)" ||
		param(rl.Penalty) != "parties.ukraine.red_lines[0].weight=0.5" || rl.Label != "No cap below ~600k" {
		t.Errorf("ukraine red line = %+v", rl)
	}
	if rl := ru.RedLines[0]; rl.Kind != sim.Allowed || rl.Issue != 1 || !rl.Hard || rl.Penalty != -1 || rl.Threshold != -1 ||
		!slices.Equal(rl.Levels, []bool{false, false, true}) {
		t.Errorf("russia red line = %+v", rl)
	}

	f := m.Factors[0]
	if f.ID != "battlefield_momentum" || len(f.Effects) != 1 || f.Effects[0].Party != 1 || f.Effects[0].Tracks != nil ||
		param(f.Effects[0].Coef) != "factors.battlefield_momentum.effects[0].coef=0.15" {
		t.Errorf("factor = %+v", f)
	}

	// revised_20_point extends us_28_point and overrides two issues.
	if got := m.Packages[0].Values; !slices.Equal(got, []float64{600, 2, 1}) {
		t.Errorf("us_28_point = %v", got)
	}
	if got := m.Packages[1]; got.ID != "revised_20_point" || !slices.Equal(got.Values, []float64{800, 1, 1}) {
		t.Errorf("revised_20_point = %+v", got)
	}

	want := []sim.Pathway{
		{ID: "framework_agreement", Label: "Framework agreement without ceasefire", Tracks: []int{0}, Parties: []int{0, 1}, AcceptedBy: "veto"},
		{ID: "humanitarian_ceasefire", Label: "Temporary humanitarian ceasefire", Tracks: []int{1}, Parties: []int{0, 1}, AcceptedBy: "ukraine,russia"},
		{ID: "talks_collapse", Label: "Talks collapse"},
	}
	if !reflect.DeepEqual(m.Pathways, want) {
		t.Errorf("pathways =\n%+v\nwant\n%+v", m.Pathways, want)
	}
}

// TestDefaults checks the values an absent [run] and optional keys take.
func TestDefaults(t *testing.T) {
	src := `
[scenario]
id = "minimal"
[issues.dmz]
track = "ceasefire"
kind = "bool"
[issues.grain]
track = "economic"
kind = "bool"
[parties.a]
reservation = { default = "uniform(0.2, 0.4)" }
[parties.a.stakes.dmz]
weight = 1
values = { true = 1, false = 0 }
[parties.a.stakes.grain]
weight = 1
values = { true = 1, false = 0 }
[[parties.a.red_lines]]
issue = "dmz"
require = true
hard = true
[parties.b]
[packages.p]
dmz = true
grain = false
[[pathways]]
id = "ceasefire"
tracks = ["ceasefire"]
accepted_by = "all"
[[pathways]]
id = "collapse"
`
	m, err := Load("minimal.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkModel(t, m)
	if m.Trials != defaultTrials || m.Seed != defaultSeed {
		t.Errorf("Trials, Seed = %d, %d; want the defaults", m.Trials, m.Seed)
	}
	a, b := m.Parties[0], m.Parties[1]
	// default covers both tracks, each with its own draw.
	if a.Reservation[0] == a.Reservation[1] || m.Params[a.Reservation[1]].Name != "parties.a.reservation.economic" {
		t.Errorf("a's reservations = %v", a.Reservation)
	}
	if !slices.Equal(a.RedLines[0].Levels, []bool{false, true}) {
		t.Errorf("require = true: Levels = %v", a.RedLines[0].Levels)
	}
	// A party with no stakes is indifferent everywhere.
	if !slices.Equal(b.Reservation, []int{-1, -1}) || b.Veto {
		t.Errorf("b = %+v", b)
	}
	if p := m.Pathways[0]; !slices.Equal(p.Parties, []int{0, 1}) || p.AcceptedBy != "all" {
		t.Errorf("pathway = %+v", p)
	}
}

// TestParamsInDocumentOrder puts the factors before the parties: Params
// follow the file, not the order of the tables in the Model.
func TestParamsInDocumentOrder(t *testing.T) {
	src := `
[scenario]
id = "order"
[factors.f]
value = 0.5
effects = [{ party = "a", on = "reservation", coef = 0.1, tracks = ["t"] }]
[issues.x]
track = "t"
kind = "bool"
[parties.a.stakes.x]
weight = 1
values = { true = 1, false = 0 }
[parties.a]
reservation = 0.3
[packages.p]
x = true
[[pathways]]
id = "collapse"
`
	m, err := Load("order.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkModel(t, m)
	var names []string
	for _, p := range m.Params {
		names = append(names, p.Name)
	}
	want := []string{"factors.f.value", "factors.f.effects[0].coef", "parties.a.stakes.x.weight", "parties.a.reservation"}
	if !slices.Equal(names, want) {
		t.Errorf("params = %v, want %v", names, want)
	}
}

// TestLoadDeterministic loads the same bytes twice: Go maps iterate in a
// random order, so any order taken from one would show here.
func TestLoadDeterministic(t *testing.T) {
	for _, path := range []string{"testdata/design_example.toml", "testdata/timeline.toml", "template/scenario.toml", Default + ".toml"} {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		first, err := Load(path, src)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for range 20 {
			again, _ := Load(path, src)
			if !reflect.DeepEqual(first, again) {
				t.Fatalf("%s: two loads differ", path)
			}
		}
	}
}

// TestBadFiles loads every file of testdata/bad and compares the problems
// with its .golden file; go test -update rewrites them.
func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad files: %v", err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".toml"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Load(name, src)
			if err == nil {
				t.Fatalf("loaded without problems: %+v", m)
			}
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %T is not Problems: %v", err, err)
			}
			if !slices.IsSortedFunc(ps, func(a, b Problem) int { return a.Line*1000 + a.Col - b.Line*1000 - b.Col }) {
				t.Errorf("problems not sorted by position:\n%v", err)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(path, ".toml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("problems differ from %s:\ngot:\n%swant:\n%s", golden, got, want)
			}
		})
	}
}

func TestProblemError(t *testing.T) {
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"full", Problem{File: "s.toml", Line: 12, Col: 5, Key: "parties.ukraine.stakes.nato.weight", Msg: "must be ≥ 0, got -1"},
			"s.toml:12:5: parties.ukraine.stakes.nato.weight: must be ≥ 0, got -1"},
		{"no column", Problem{File: "s.toml", Line: 3, Key: "issues", Msg: "m"}, "s.toml:3: issues: m"},
		{"no line", Problem{File: "s.toml", Key: "scenario.id", Msg: "missing"}, "s.toml: scenario.id: missing"},
		{"no key", Problem{File: "s.toml", Line: 2, Col: 9, Msg: "not valid TOML: x"}, "s.toml:2:9: not valid TOML: x"},
		{"no line, no key", Problem{File: "s.toml", Msg: "m"}, "s.toml: m"},
		{"no file", Problem{Line: 1, Col: 1, Key: "k", Msg: "m"}, "1:1: k: m"},
		{"nothing but the message", Problem{Msg: "m"}, "m"},
		{"a key too long to read", Problem{File: "s.toml", Line: 1, Col: 1, Key: strings.Repeat("a", 60) + strings.Repeat("x", 1e6) + strings.Repeat("z", 40), Msg: "unknown key"},
			"s.toml:1:1: " + strings.Repeat("a", 60) + "…" + strings.Repeat("z", 40) + ": unknown key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
	ps := Problems{tests[0].p, tests[2].p}
	if got, want := ps.Error(), tests[0].want+"\n"+tests[2].want; got != want {
		t.Errorf("Problems.Error() = %q, want %q", got, want)
	}
}

// TestPositions checks the key index on the forms of TOML a scenario uses.
func TestPositions(t *testing.T) {
	src := `# comment [not.a.table]
[scenario]
id = "x"  # trailing
note = """
[multi.line]
"""
[issues.nato]
levels = [
  "member",   # a comment
  "renounced",
]
a.b."c d" = 1
[parties.ukraine]
reservation = { framework = "normal(0.4, 0.1)", "human itarian" = 0.3 }
[[parties.ukraine.red_lines]]
issue = "nato"
[[parties.ukraine.red_lines]]
  issue = 'troop_cap'
[factors.f]
effects = [ { party = "russia" },
            { party = "ukraine", tracks = ["framework"] } ]
[[pathways]]
id = "a"
[pathways.sub]
k = 1
`
	at := indexPositions([]byte(src))
	tests := []struct {
		path      string
		line, col int
	}{
		{"scenario", 2, 1},
		{"scenario.id", 3, 1},
		{"scenario.note", 4, 1},
		{"multi.line", 0, 0},
		{"issues.nato", 7, 1},
		{"issues.nato.levels[1]", 10, 3},
		{`issues.nato.a.b."c d"`, 12, 1},
		{"parties.ukraine.reservation.framework", 14, 17},
		{`parties.ukraine.reservation."human itarian"`, 14, 49},
		{"parties.ukraine.red_lines", 15, 1},
		{"parties.ukraine.red_lines[0].issue", 16, 1},
		{"parties.ukraine.red_lines[1]", 17, 1},
		{"parties.ukraine.red_lines[1].issue", 18, 3},
		{"factors.f.effects[0].party", 20, 15},
		{"factors.f.effects[1].tracks[0]", 21, 44},
		{"pathways[0].id", 23, 1},
		{"pathways[0].sub.k", 25, 1},
		// A key the file does not write is placed at its nearest ancestor.
		{"parties.ukraine.red_lines[1].weight", 17, 1},
	}
	for _, tt := range tests {
		if got := at.of(tt.path); got != (position{tt.line, tt.col}) {
			t.Errorf("%s at %d:%d, want %d:%d", tt.path, got.line, got.col, tt.line, tt.col)
		}
	}
}

func TestParentKey(t *testing.T) {
	tests := map[string]string{
		"a.b.c":          "a.b",
		"a.b[2]":         "a.b",
		"a[0].b":         "a[0]",
		`a."b.c"`:        "a",
		`a."b\".c"[1].d`: `a."b\".c"[1]`,
		"a":              "",
	}
	for in, want := range tests {
		if got := parentKey(in); got != want {
			t.Errorf("parentKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTooDeep(t *testing.T) {
	ok := "a = " + strings.Repeat("[", maxNesting) + strings.Repeat("]", maxNesting)
	if _, _, deep := tooDeep([]byte(ok)); deep {
		t.Errorf("%d levels reported too deep", maxNesting)
	}
	// Brackets in strings and comments do not nest.
	quoted := `a = "` + strings.Repeat("[", 100) + `"` + "\n# " + strings.Repeat("{", 100) + "\nb = '''" + strings.Repeat("[", 100) + "'''"
	if _, _, deep := tooDeep([]byte(quoted)); deep {
		t.Error("brackets in strings or comments counted")
	}
	deep := "x = 1\na = " + strings.Repeat("[{", maxNesting)
	if p, _, isDeep := tooDeep([]byte(deep)); !isDeep || p.line != 2 {
		t.Errorf("tooDeep = %v, %v; want line 2", p, isDeep)
	}
	long := "x = 0.5\n" + strings.Repeat("a.", maxKeyParts-1) + "a = 1"
	if _, _, isDeep := tooDeep([]byte(long)); isDeep {
		t.Errorf("a key of %d parts reported too long", maxKeyParts)
	}
	if p, _, isDeep := tooDeep([]byte("x = 1\n[" + strings.Repeat("a.", maxKeyParts) + "a]")); !isDeep || p.line != 2 {
		t.Errorf("tooDeep = %v, %v for a long key; want line 2", p, isDeep)
	}
}

// TestCRLF loads the example with Windows line endings: same Model, and
// problems on the same lines.
func TestCRLF(t *testing.T) {
	src, err := os.ReadFile("testdata/design_example.toml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Load("lf.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	crlf := []byte(strings.ReplaceAll(string(src), "\n", "\r\n"))
	got, err := Load("crlf.toml", crlf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("CRLF and LF files compile differently")
	}
	bad := strings.Replace(string(crlf), "weight = 0.4", "wieght = 0.4", 1)
	_, err = Load("crlf.toml", []byte(bad))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 || ps[1].Line != 40 || ps[1].Col != 1 {
		t.Errorf("problems = %v, want the unknown key at 40:1", err)
	}
}

// TestReadSweep: a [sweep] table is read with its positions; its problems
// are the file's (Load reports them too).
func TestReadSweep(t *testing.T) {
	src := []byte("[scenario]\nid = \"s\"\nbase = \"miami-2025\"\n\n[sweep]\nvary = [\"a=1,2\"]\nlhs = -2\npackages = [\"p\"]\nvery = 1\n")
	_, err := ReadSweep("s.toml", src)
	want := "s.toml:7:1: sweep.lhs: must be ≥ 0 (0 for the grid), got -2\ns.toml:9:1: sweep.very: unknown key (did you mean \"vary\"?)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if _, err := Load("s.toml", src); err == nil || !strings.Contains(err.Error(), "sweep.very") {
		t.Errorf("Load does not check [sweep]: %v", err)
	}
	spec, err := ReadSweep("s.toml", []byte("[sweep]\nvary = [\"a=1,2\"]\npackages = [\"p\"]\n"))
	if err != nil || !slices.Equal(spec.Vary, []string{"a=1,2"}) || !spec.Has["packages"] || spec.Has["lhs"] {
		t.Errorf("spec %+v, %v", spec, err)
	}
	if spec, err := ReadSweep("s.toml", []byte("[scenario]\nid = \"x\"\n")); spec != nil || err != nil {
		t.Errorf("no [sweep]: %v, %v", spec, err)
	}
	// The command line's study over the file's: what it gives replaces
	// the file's key of that name; the rest is the file's.
	flags := SweepSpec{Vary: []string{"b=3"}, Tables: []string{"margins"}, Has: map[string]bool{"vary": true, "packages": true}}
	got := flags.Over(spec)
	if !slices.Equal(got.Vary, []string{"b=3"}) || len(got.Packages) != 0 || !slices.Equal(got.Tables, []string{"margins"}) {
		t.Errorf("flags over the file: %+v; want the flags' vary, packages and (the file having none) tables", got)
	}
	if got := (SweepSpec{Has: map[string]bool{}}).Over(spec); !slices.Equal(got.Vary, spec.Vary) || !slices.Equal(got.Packages, []string{"p"}) {
		t.Errorf("no flags over the file: %+v, want the file's", got)
	}
}

// TestNegotiable: negotiable compiles into the issue's negotiable space:
// a number's interval, an ordinal's levels in the issue's order, a bool's
// two values; false and absence leave the issue fixed.
func TestNegotiable(t *testing.T) {
	src := `
[scenario]
id = "n"
[issues.cap]
track = "framework"
kind = "number"
range = [0, 1000]
negotiable = [400, 900]
[issues.nato]
track = "framework"
kind = "ordinal"
levels = ["member", "deferred", "renounced"]
negotiable = ["renounced", "deferred"]
[issues.pow]
track = "framework"
kind = "bool"
negotiable = true
[issues.zone]
track = "framework"
kind = "bool"
negotiable = false
[parties.a]
veto = true
reservation = 0.5
[parties.a.stakes.cap]
weight = 1
best = 1000
worst = 0
[packages.p]
cap = 500
nato = "deferred"
pow = true
zone = false
[[pathways]]
id = "deal"
tracks = ["framework"]
accepted_by = "veto"
[[pathways]]
id = "none"
`
	m, err := Load("n.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []*sim.Negotiable{{Lo: 400, Hi: 900}, {Levels: []int{1, 2}}, {Levels: []int{0, 1}}, nil}
	for i, is := range m.Issues {
		if !reflect.DeepEqual(is.Negotiable, want[i]) {
			t.Errorf("%s: negotiable %+v, want %+v", is.ID, is.Negotiable, want[i])
		}
	}
	// The hash covers it: another range is another scenario.
	other, err := Load("n.toml", []byte(strings.Replace(src, "[400, 900]", "[400, 800]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(m.Canonical(), other.Canonical()) {
		t.Error("the canonical form does not see negotiable")
	}
}

// TestDiagnostic: a problem's diagnostic carries its place, key and
// message, and the name its did-you-mean suggests, unquoted.
func TestDiagnostic(t *testing.T) {
	_, err := Load("s.toml", []byte("[scenario]\nid = \"x\"\nlable = \"y\"\n"))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want Problems, got %v", err)
	}
	k := slices.IndexFunc(ps, func(p Problem) bool { return p.Key == "scenario.lable" })
	if k < 0 {
		t.Fatalf("no problem at scenario.lable: %v", ps)
	}
	d := ps[k].Diagnostic(SeverityError)
	want := Diagnostic{File: "s.toml", Line: 3, Column: 1, Key: "scenario.lable", Message: `unknown key (did you mean "label"?)`, Severity: "error", Suggestion: "label"}
	if d != want {
		t.Errorf("got %+v\nwant %+v", d, want)
	}
	if d := (Problem{File: "s.toml", Msg: `unknown level "a\"b" (did you mean "a \"b\""?)`}).Diagnostic(SeverityWarning); d.Suggestion != `a "b"` || d.Severity != "warning" {
		t.Errorf("quoted suggestion: got %+v", d)
	}
	if d := ps[0].Diagnostic(SeverityError); d.Key != "issues" || d.Line != 0 || d.Suggestion != "" {
		t.Errorf("a problem of no place: got %+v", d)
	}
}
