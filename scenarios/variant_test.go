package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/peacesim/peacesim/sim"
)

// dirBases resolves bases as the command line does: a path relative to
// the directory of the file naming it or, when there is no such file and
// the base is a plain name, an embedded scenario. (Bases of embedded
// scenarios are all embedded: none of the test files is.)
func dirBases(base, from string) (string, []byte, error) {
	path := filepath.Join(filepath.Dir(from), base)
	src, err := os.ReadFile(path)
	if err == nil {
		return path, src, nil
	}
	if plain := !strings.ContainsAny(base, `/\`) && !strings.HasSuffix(base, ".toml"); !plain || !errors.Is(err, fs.ErrNotExist) {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", nil, fmt.Errorf("%s: %w", path, err)
	}
	return embeddedBase(base, from)
}

// mapBases resolves bases among the scenarios of files, by name.
func mapBases(files map[string]string) BaseResolver {
	return func(base, _ string) (string, []byte, error) {
		if src, ok := files[base]; ok {
			return base, []byte(src), nil
		}
		known := make([]string, 0, len(files))
		for name := range files {
			known = append(known, name)
		}
		slices.Sort(known)
		return "", nil, &BaseNotFoundError{Base: base, Known: known}
	}
}

// loadVariantFile loads a file of testdata/variants, named by its path so
// that relative bases resolve, with the overrides args.
func loadVariantFile(t *testing.T, name string, args ...string) (*sim.Model, error) {
	t.Helper()
	path := filepath.Join("testdata", "variants", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := []Option{Bases(dirBases)}
	for _, a := range args {
		k, v, err := ParseSet(a)
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, Set(k, v))
	}
	return Load(path, src, opts...)
}

// TestVariantEqualsBaseWithSet loads variants and their bases with the
// same changes as Sets: the Models must be equal, and differ from the
// base's own, so that the variant's changes are known to be applied.
func TestVariantEqualsBaseWithSet(t *testing.T) {
	europeVeto := []string{
		"scenario.id=miami-2025-europe-veto",
		`scenario.label="Miami talks, with Europe's consent needed for a framework"`,
		"run.trials=200000",
		"parties.europe.veto=true",
		"pathways[0].accepted_by=all",
		"packages.miami_20_point.crimea=de_jure_russian",
	}
	softRussia := []string{
		"scenario.id=soft-russia",
		`scenario.label="Two-party example, with a softer Russia"`,
		"run.trials=5000",
		"run.seed=7",
		"parties.russia.red_lines[0].hard=false",
		"parties.russia.red_lines[0].weight=0.3",
		"parties.russia.reservation.framework=normal(0.4, 0.1)",
		"packages.revised_20_point.troop_cap=700",
		`parties.ukraine.reservation={ default = "normal(0.4, 0.08)" }`,
	}
	// soft_russia_late changes one value soft_russia sets: given once,
	// with the later value.
	softRussiaLate := slices.Concat([]string{"scenario.id=soft-russia-late", `scenario.source="assumption: a year of stalemate"`},
		slices.DeleteFunc(slices.Clone(softRussia[1:]), func(s string) bool { return strings.HasPrefix(s, "parties.russia.reservation.framework=") }),
		[]string{"parties.russia.reservation.framework=normal(0.35, 0.1)", "packages.revised_20_point.nato=renounced"})
	tests := []struct {
		name, variant string
		sets          []string // Sets given to the variant too
		base          string
		want          []string // the Sets that make the base the variant
	}{
		{"an embedded base, by name", "europe_veto.toml", nil, Default + ".toml", europeVeto},
		{"a file relative to the variant", "soft_russia.toml", nil, "design_example.toml", softRussia},
		{"a variant of a variant", "soft_russia_late.toml", nil, "design_example.toml", softRussiaLate},
		{
			name: "Sets on a variant, one of a key it sets", variant: "europe_veto.toml",
			sets: []string{"parties.europe.veto=false", "parties.russia.salience_concentration=10"},
			base: Default + ".toml",
			want: append(slices.DeleteFunc(slices.Clone(europeVeto), func(s string) bool { return strings.HasPrefix(s, "parties.europe.veto=") }),
				"parties.europe.veto=false", "parties.russia.salience_concentration=10"),
		},
		{
			name: "a Set of a table on a variant that sets a key inside it", variant: "soft_russia.toml",
			sets: []string{"parties.russia.reservation=0.45"},
			base: "design_example.toml",
			want: append(slices.DeleteFunc(slices.Clone(softRussia), func(s string) bool { return strings.HasPrefix(s, "parties.russia.reservation.framework=") }),
				"parties.russia.reservation=0.45"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadVariantFile(t, tt.variant, tt.sets...)
			if err != nil {
				t.Fatalf("the variant does not load:\n%v", err)
			}
			checkModel(t, got)
			want, err := loadWith(tt.base, testSource(t, tt.base), tt.want...)
			if err != nil {
				t.Fatalf("the base with the Sets does not load:\n%v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the variant's Model differs from its base's with %v", tt.want)
			}
			plain, err := Load(tt.base, testSource(t, tt.base))
			if err != nil {
				t.Fatal(err)
			}
			if reflect.DeepEqual(got, plain) {
				t.Error("the variant's Model is its base's: its changes were not applied")
			}
		})
	}
}

// TestVariantInherits checks what a variant keeps of its base: the label
// and source it does not give, and [run] keys it does not give.
func TestVariantInherits(t *testing.T) {
	m, err := loadVariantFile(t, "soft_russia_late.toml")
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "soft-russia-late" || m.Label != "Two-party example, with a softer Russia" ||
		m.Source != "assumption: a year of stalemate" || m.Trials != 5000 || m.Seed != 7 {
		t.Errorf("ID, Label, Source, Trials, Seed = %q, %q, %q, %d, %d", m.ID, m.Label, m.Source, m.Trials, m.Seed)
	}
	// [run] keys of a variant whose base has no [run]: the table is made.
	files := map[string]string{
		"base": strings.Replace(string(testSource(t, "design_example.toml")), "[run]\ntrials = 100000\nseed = 20251220\n", "", 1),
	}
	m, err = Load("v.toml", []byte("[scenario]\nid = \"v\"\nbase = \"base\"\n[run]\nseed = 3\n"), Bases(mapBases(files)))
	if err != nil {
		t.Fatal(err)
	}
	if m.Seed != 3 || m.Trials != defaultTrials {
		t.Errorf("Trials, Seed = %d, %d; want the default and 3", m.Trials, m.Seed)
	}
}

// TestVariantProblems loads every file of testdata/variants/bad and
// compares the problems with its .golden file; go test -update rewrites
// them.
func TestVariantProblems(t *testing.T) {
	files, err := filepath.Glob("testdata/variants/bad/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad variants: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".toml"), func(t *testing.T) {
			m, err := loadVariantFile(t, strings.TrimPrefix(filepath.ToSlash(path), "testdata/variants/"))
			if err == nil {
				t.Fatalf("loaded without problems: %+v", m)
			}
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %T is not Problems: %v", err, err)
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

// variantSrc is a variant of the scenario named base.
func variantSrc(id, base string) string {
	return fmt.Sprintf("[scenario]\nid = %q\nbase = %q\n", id, base)
}

// TestVariantBases checks the problems of resolving a base: by the
// embedded library when Load has no Bases, by the resolver given, and a
// chain too deep.
func TestVariantBases(t *testing.T) {
	example := string(testSource(t, "design_example.toml"))
	// chain returns files v1 … vn, each a variant of the one before, and
	// v0, the example.
	chain := func(n int) map[string]string {
		files := map[string]string{"v0": example}
		for i := 1; i <= n; i++ {
			files[fmt.Sprintf("v%d", i)] = variantSrc(fmt.Sprintf("v%d", i), fmt.Sprintf("v%d", i-1))
		}
		return files
	}
	unreadable := func(base, _ string) (string, []byte, error) {
		return "", nil, errors.New("permission denied")
	}
	tests := []struct {
		name    string
		src     string
		resolve BaseResolver // nil: no Bases option
		want    string       // "" when it loads
	}{
		{"an embedded base", variantSrc("v", Default), nil, ""},
		{"a misspelt embedded base", variantSrc("v", "miami2025"), nil,
			`v.toml:3:1: scenario.base: unknown base "miami2025" (did you mean "miami-2025"?)`},
		{"a file, without Bases", variantSrc("v", "../design_example.toml"), nil,
			`v.toml:3:1: scenario.base: unknown base "../design_example.toml"; known: ` + strings.Join(libraryNames(), ", ")},
		{"nothing close among many", variantSrc("v", "zzz"), mapBases(chain(maxListedKeys)),
			`v.toml:3:1: scenario.base: unknown base "zzz" (none of the 13 scenarios known is close)`},
		{"nothing known", variantSrc("v", "zzz"), mapBases(nil), `v.toml:3:1: scenario.base: unknown base "zzz"`},
		{"an unreadable base", variantSrc("v", "secret.toml"), unreadable,
			`v.toml:3:1: scenario.base: cannot read the base "secret.toml": permission denied`},
		{"an empty base", variantSrc("v", ""), nil,
			`v.toml:3:1: scenario.base: must not be empty: name the scenario this one varies, an embedded name or a file path relative to this file`},
		{"a chain as deep as allowed", variantSrc("v", fmt.Sprintf("v%d", maxBaseDepth-1)), mapBases(chain(maxBaseDepth - 1)), ""},
		{"a chain too deep", variantSrc("v", fmt.Sprintf("v%d", maxBaseDepth)), mapBases(chain(maxBaseDepth)),
			"v.toml:3:1: scenario.base: bases nested more than 8 deep: v.toml → v8 → v7 → v6 → v5 → v4 → v3 → v2 → v1 → v0; fold some of these variants into one"},
		{"a loop below", variantSrc("v", "a"), mapBases(map[string]string{"a": variantSrc("a", "b"), "b": variantSrc("b", "a")}),
			"b:3:1: scenario.base: bases loop: a → b → a"},
		{"a base that does not decode", variantSrc("v", "a"), mapBases(map[string]string{"a": "[scenario\n"}),
			`a:1:10: not valid TOML: expected '.' or ']' to end table name, but got '\n' instead`},
		{"a base nested too deep", variantSrc("v", "a"), mapBases(map[string]string{"a": "x = " + strings.Repeat("[", maxNesting+1)}),
			"a:1:69: arrays or tables nested more than 64 deep; a scenario needs no more than four"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.resolve != nil {
				opts = append(opts, Bases(tt.resolve))
			}
			m, err := Load("v.toml", []byte(tt.src), opts...)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("does not load:\n%v", err)
				}
				checkModel(t, m)
				if m.ID != "v" {
					t.Errorf("ID = %q, want the variant's", m.ID)
				}
				return
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("got:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

// TestVariantSetProblems: a Set on a variant keeps the --set attribution,
// in the variant's file, while the variant's own problems keep theirs.
func TestVariantSetProblems(t *testing.T) {
	tests := []struct {
		name, variant string
		sets          []string
		want          string
	}{
		{
			name: "a bad value over a value the variant sets", variant: "europe_veto.toml",
			sets: []string{"parties.europe.veto=maybe", "packages.miami_20_point.crimea=de_jure_rusian"},
			want: `testdata/variants/europe_veto.toml: --set packages.miami_20_point.crimea=de_jure_rusian: unknown level "de_jure_rusian" of crimea (did you mean "de_jure_russian"?)` + "\n" +
				`testdata/variants/europe_veto.toml: --set parties.europe.veto=maybe: must be true or false, not the string "maybe"`,
		},
		{
			name: "a Set inside a value the variant sets", variant: "soft_russia.toml",
			sets: []string{"parties.ukraine.reservation.framework=x"},
			want: `testdata/variants/soft_russia.toml: --set parties.ukraine.reservation.framework=x: must be a number or a distribution such as "normal(0.5, 0.1)", not the string "x"`,
		},
		{
			// The Sets replace two values of the variant: one of its
			// problems goes, another becomes the Set's.
			name: "Sets over a variant's problems", variant: "bad/values.toml",
			sets: []string{"run.trials=10", "packages.revised_20_point.nato=renouned"},
			want: `testdata/variants/bad/values.toml: --set packages.revised_20_point.nato=renouned: unknown level "renouned" of nato (did you mean "renounced"?)` + "\n" +
				`testdata/variants/bad/values.toml:6:1: scenario.lable: unknown key (did you mean "label"?)` + "\n" +
				`testdata/variants/bad/values.toml:13:35: parties.ukraine.reservation.framework: normal: sigma must be > 0, got -1` + "\n" +
				`testdata/variants/bad/values.toml:14:82: parties.ukraine.red_lines[0].colour: unknown key (allowed here: label, issue, min, max, allowed, require, weight, hard)` + "\n" +
				`testdata/variants/bad/values.toml:15:41: pathways[1].accepted_by[1]: unknown party "rusia" (did you mean "russia"?)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadVariantFile(t, tt.variant, tt.sets...)
			if err == nil {
				t.Fatal("loaded without problems")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestLibraryVariants lists and loads a library holding a variant, as
// Library and TestLibrary do the embedded one.
func TestLibraryVariants(t *testing.T) {
	lib := fstest.MapFS{
		"example.toml":     {Data: testSource(t, "design_example.toml")},
		"example-v.toml":   {Data: []byte(variantSrc("example-v", "example") + "[overrides]\n\"run.seed\" = 3\n")},
		"example-v-v.toml": {Data: []byte(variantSrc("example-v-v", "example-v") + "label = \"Its own\"\n")},
	}
	got := libraryIn(lib)
	want := []Entry{{"example", "Two-party example"}, {"example-v", "Two-party example"}, {"example-v-v", "Its own"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("libraryIn = %v, want %v", got, want)
	}
	resolve := func(base, _ string) (string, []byte, error) {
		src, ok := lookupIn(lib, base)
		if !ok {
			return "", nil, &BaseNotFoundError{Base: base}
		}
		return base + ".toml", src, nil
	}
	for _, e := range got {
		src, _ := lookupIn(lib, e.Name)
		m, err := Load(e.Name+".toml", src, Bases(resolve))
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		if m.ID != e.Name || m.Label != e.Label {
			t.Errorf("%s: id, label = %q, %q; entry %+v", e.Name, m.ID, m.Label, e)
		}
	}
}
