package scenarios

import (
	"cmp"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peacesim/peacesim/sim"
)

// FuzzLoad feeds Load arbitrary bytes. Properties: it never panics (the
// recover in Load would hide a panic, so an "internal error" Problem fails
// too); an error is always Problems; a Model that loads has every index in
// range, and loading the same bytes again gives an equal Model. A file
// that names a base finds it, by its file name, among the test files held
// in memory (fuzzBases), so variants of good and bad bases, chains and
// loops are all reached.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/bad/*.toml")
	variants, _ := filepath.Glob("testdata/variants/*.toml")
	badVariants, _ := filepath.Glob("testdata/variants/bad/*.toml")
	seeds = append(append(seeds, variants...), badVariants...)
	seeds = append(seeds, "testdata/design_example.toml", "testdata/timeline.toml", "testdata/evidence.toml", "template/scenario.toml", Default+".toml")
	bases := map[string][]byte{}
	for _, path := range seeds {
		if filepath.Base(path) == "deep_nesting.toml" {
			continue // large; the fuzzer finds nesting by itself
		}
		if src, err := os.ReadFile(path); err == nil {
			f.Add(src)
			bases[filepath.Base(path)] = src
		}
	}
	bases[Default] = bases[Default+".toml"]
	resolve := func(base, _ string) (string, []byte, error) {
		name := base[strings.LastIndexAny(base, `/\`)+1:]
		if src, ok := bases[name]; ok {
			return name, src, nil
		}
		return "", nil, &BaseNotFoundError{Base: base, Known: []string{Default}}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		m, err := Load("fuzz.toml", src, Bases(resolve))
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %T is not Problems: %v", err, err)
			}
			for _, p := range ps {
				if p.Line == 0 && p.Key == "" {
					t.Fatalf("problem with neither position nor key: %v", p)
				}
			}
			return
		}
		checkModel(t, m)
		again, err := Load("fuzz.toml", src, Bases(resolve))
		if err != nil || !reflect.DeepEqual(m, again) {
			t.Fatalf("second load differs (err %v)", err)
		}
	})
}

// FuzzSet feeds ParseSet and Load arbitrary overrides of the two-party
// example. Properties: ParseSet fails with one Problem or splits the
// argument so that KEY=VALUE splits the same again; Load never panics, its
// error is Problems, and a problem of the override has no line (the file
// does not hold the value); a Model that loads is sound.
func FuzzSet(f *testing.F) {
	for _, arg := range []string{
		"parties.russia.reservation.framework=0.6",
		"parties.ukraine.red_lines[0].min=triangular(500, 650, 800)",
		"parties.ukraine.reservation={framework = 0.5, default = 0.4}",
		`parties."russia".'veto'=false`,
		"packages.revised_20_point.nato=renounced",
		"parties.russia.salience.framework=1",
		"pathways[1].accepted_by=[\"ukraine\"]",
		"run.seed=-1",
		"a..b=1",
		"timeline.rounds=12",
		"timeline.marks.end_of_year=3",
		"timeline={rounds = 26, unit = \"week\", start = 2025-12-20}",
		"factors.battlefield_momentum.step=normal(0, 0.01)",
		"factors.battlefield_momentum.bounds=[0, 1]",
		"packages.revised_20_point.schedule.framework=3",
		`pathways[0].after=["humanitarian_ceasefire"]`,
		`pathways[1].effects=[{party = "ukraine", on = "reservation", coef = -0.05}]`,
	} {
		f.Add(arg)
	}
	src, err := os.ReadFile("testdata/design_example.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		key, value, err := ParseSet(arg)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Set != arg {
				t.Fatalf("ParseSet(%q) error %#v is not one Problem of the argument", arg, err)
			}
			_ = err.Error()
			return
		}
		if k, v, err := ParseSet(key + "=" + value); err != nil || k != key || v != value {
			t.Fatalf("ParseSet(%q) = %q, %q; again: %q, %q, %v", arg, key, value, k, v, err)
		}
		m, err := Load("fuzz.toml", src, Set(key, value))
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %T is not Problems: %v", err, err)
			}
			for _, p := range ps {
				if strings.HasPrefix(p.Msg, "internal error") || p.Set != "" && p.Line != 0 {
					t.Fatalf("problem %#v", p)
				}
			}
			_ = err.Error()
			return
		}
		checkModel(t, m)
	})
}

// checkModel asserts what docs/model.md promises of a compiled Model: every
// index in range, every slice the length its indices need, and the shapes
// the engine relies on. It is stricter than sim.Model.Check.
func checkModel(t testing.TB, m *sim.Model) {
	t.Helper()
	if err := m.Check(); err != nil {
		t.Fatalf("sim.Model.Check: %v", err)
	}
	T, I, N, P := len(m.Tracks), len(m.Issues), len(m.Params), len(m.Parties)
	if T == 0 || I == 0 || P == 0 || len(m.Packages) == 0 || len(m.Pathways) == 0 || m.Trials <= 0 {
		t.Fatalf("empty model: %d tracks, %d issues, %d parties, %d packages, %d pathways, %d trials",
			T, I, P, len(m.Packages), len(m.Pathways), m.Trials)
	}
	inRange := func(what string, i, n int) {
		t.Helper()
		if i < 0 || i >= n {
			t.Fatalf("%s: index %d not in [0, %d)", what, i, n)
		}
	}
	used := make([]bool, N)
	param := func(what string, i int) {
		t.Helper()
		inRange(what, i, N)
		used[i] = true
	}
	for _, p := range m.Params {
		if err := p.Dist.Validate(); err != nil || p.Name == "" {
			t.Fatalf("param %q: %v", p.Name, err)
		}
	}
	for _, is := range m.Issues {
		inRange("issue track", is.Track, T)
		switch is.Kind {
		case sim.Number:
			if !(is.Lo < is.Hi) || is.Levels != nil {
				t.Fatalf("number issue %q: range [%g, %g], levels %v", is.ID, is.Lo, is.Hi, is.Levels)
			}
		case sim.Bool:
			if !reflect.DeepEqual(is.Levels, []string{"false", "true"}) {
				t.Fatalf("bool issue %q: levels %v", is.ID, is.Levels)
			}
		default:
			if len(is.Levels) < 2 {
				t.Fatalf("ordinal issue %q: levels %v", is.ID, is.Levels)
			}
		}
	}
	for _, p := range m.Parties {
		if len(p.Reservation) != T {
			t.Fatalf("party %q: %d reservations for %d tracks", p.ID, len(p.Reservation), T)
		}
		staked := make([]bool, T)
		for _, s := range p.Stakes {
			inRange("stake issue", s.Issue, I)
			param("stake weight", s.Weight)
			is := m.Issues[s.Issue]
			staked[is.Track] = true
			if is.Kind == sim.Number {
				if len(s.CurveX) < 2 || len(s.CurveX) != len(s.CurveY) || s.Values != nil {
					t.Fatalf("party %q stake %q: curve %v %v", p.ID, is.ID, s.CurveX, s.CurveY)
				}
				for k := 1; k < len(s.CurveX); k++ {
					if s.CurveX[k] <= s.CurveX[k-1] {
						t.Fatalf("party %q stake %q: curve x not ascending: %v", p.ID, is.ID, s.CurveX)
					}
				}
			} else if len(s.Values) != len(is.Levels) {
				t.Fatalf("party %q stake %q: %d values for %d levels", p.ID, is.ID, len(s.Values), len(is.Levels))
			}
			for _, y := range append(append([]float64(nil), s.CurveY...), s.Values...) {
				if y < 0 || y > 1 {
					t.Fatalf("party %q stake %q: utility %g", p.ID, is.ID, y)
				}
			}
		}
		for tr, r := range p.Reservation {
			if staked[tr] {
				param("reservation", r)
			} else if r != -1 {
				t.Fatalf("party %q: reservation %d on unstaked track %q", p.ID, r, m.Tracks[tr])
			}
		}
		for _, r := range p.RedLines {
			inRange("red line issue", r.Issue, I)
			is := m.Issues[r.Issue]
			switch r.Kind {
			case sim.Min, sim.Max:
				param("red line threshold", r.Threshold)
				if is.Kind != sim.Number || r.Levels != nil {
					t.Fatalf("party %q: %v red line on %v issue", p.ID, r.Kind, is.Kind)
				}
			default:
				if r.Threshold != -1 || len(r.Levels) != len(is.Levels) {
					t.Fatalf("party %q: red line %+v on %q", p.ID, r, is.ID)
				}
			}
			if r.Hard != (r.Penalty == -1) {
				t.Fatalf("party %q: red line hard %v with penalty %d", p.ID, r.Hard, r.Penalty)
			}
			if !r.Hard {
				param("red line penalty", r.Penalty)
			}
		}
	}
	effects := func(what string, effects []sim.Effect) {
		t.Helper()
		if effects != nil && len(effects) == 0 {
			t.Fatalf("%s: empty non-nil effects", what)
		}
		for _, e := range effects {
			inRange("effect party", e.Party, P)
			param("effect coef", e.Coef)
			if e.Tracks != nil && len(e.Tracks) == 0 {
				t.Fatalf("%s: empty non-nil tracks", what)
			}
			for _, tr := range e.Tracks {
				inRange("effect track", tr, T)
			}
		}
	}
	R := m.Rounds()
	if tl := m.Timeline; tl != nil {
		if tl.Rounds < 1 || tl.Rounds > sim.MaxRounds || tl.Unit == "" {
			t.Fatalf("timeline %+v", tl)
		}
		if _, err := time.Parse("2006-01-02", tl.Start); tl.Start != "" && err != nil {
			t.Fatalf("timeline start %q: %v", tl.Start, err)
		}
		if tl.Marks != nil && len(tl.Marks) == 0 {
			t.Fatal("timeline: empty non-nil marks")
		}
		for k, mk := range tl.Marks {
			if mk.Name == "" || mk.Round < 1 || mk.Round > R ||
				k > 0 && cmp.Or(cmp.Compare(tl.Marks[k-1].Round, mk.Round), strings.Compare(tl.Marks[k-1].Name, mk.Name)) >= 0 {
				t.Fatalf("timeline marks %+v", tl.Marks)
			}
		}
	}
	for _, f := range m.Factors {
		param("factor value", f.Value)
		effects("factor "+f.ID, f.Effects)
		if f.Step != -1 {
			param("factor step", f.Step)
		}
		if f.Bounds != nil && (len(f.Bounds) != 2 || f.Bounds[0] > f.Bounds[1]) {
			t.Fatalf("factor %q: bounds %v", f.ID, f.Bounds)
		}
	}
	for _, k := range m.Packages {
		if len(k.Values) != I {
			t.Fatalf("package %q: %d values for %d issues", k.ID, len(k.Values), I)
		}
		if k.Schedule != nil && (len(k.Schedule) != T || !slices.ContainsFunc(k.Schedule, func(r int) bool { return r > 1 })) {
			t.Fatalf("package %q: schedule %v for %d tracks", k.ID, k.Schedule, T)
		}
		for _, r := range k.Schedule {
			if r < 1 || r > R {
				t.Fatalf("package %q: schedule %v in %d rounds", k.ID, k.Schedule, R)
			}
		}
		for i, x := range k.Values {
			is := m.Issues[i]
			if is.Kind == sim.Number && (x < is.Lo || x > is.Hi) ||
				is.Kind != sim.Number && (x != float64(int(x)) || int(x) < 0 || int(x) >= len(is.Levels)) {
				t.Fatalf("package %q: value %g for issue %q", k.ID, x, is.ID)
			}
		}
	}
	for i, w := range m.Pathways {
		last := i == len(m.Pathways)-1
		if w.Fallback() != last {
			t.Fatalf("pathway %q: fallback %v at %d of %d", w.ID, w.Fallback(), i, len(m.Pathways))
		}
		if !last && (len(w.Parties) == 0 || w.AcceptedBy == "") {
			t.Fatalf("pathway %q: nobody must accept (%q)", w.ID, w.AcceptedBy)
		}
		for _, tr := range w.Tracks {
			inRange("pathway track", tr, T)
		}
		for _, p := range w.Parties {
			inRange("pathway party", p, P)
		}
		effects("pathway "+w.ID, w.Effects)
		if last && (w.After != nil || w.Effects != nil) {
			t.Fatalf("fallback %q: after %v, effects %v", w.ID, w.After, w.Effects)
		}
		for j, a := range w.After {
			if a < 0 || a >= len(m.Pathways)-1 || a == i || slices.Index(w.After, a) != j {
				t.Fatalf("pathway %q: after %v", w.ID, w.After)
			}
		}
	}
	// after has no loop: pathways whose after pathways are all placed can
	// be placed, until every one is.
	placed := make([]bool, len(m.Pathways))
	for n := 0; n < len(m.Pathways); n++ {
		for i, w := range m.Pathways {
			if !placed[i] && !slices.ContainsFunc(w.After, func(a int) bool { return !placed[a] }) {
				placed[i] = true
			}
		}
	}
	if slices.Contains(placed, false) {
		t.Fatalf("after loops among pathways: placed %v", placed)
	}
	for i, u := range used {
		if !u {
			t.Fatalf("param %q is referred to by nothing", m.Params[i].Name)
		}
	}
}
