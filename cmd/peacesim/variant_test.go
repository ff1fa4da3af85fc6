package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestVariantRunsAsBaseWithSet runs variant files and their bases with the
// variant's values given as --set: a user sees the same bytes, in every
// format. Were variants not read, the variant would not load at all.
func TestVariantRunsAsBaseWithSet(t *testing.T) {
	run := []string{"run", "--trials", "2000", "--seed", "7"}
	tests := []struct {
		name, variant, base string
		sets                []string
	}{
		{
			name: "a file beside it", variant: "testdata/variant.toml", base: "testdata/good.toml",
			sets: []string{
				"scenario.id=soft-russia",
				`scenario.label="Two-party example, with a softer Russia"`,
				"parties.russia.red_lines[0].hard=false",
				"parties.russia.red_lines[0].weight=0.3",
				"parties.russia.reservation.framework=normal(0.4, 0.1)",
				"packages.revised_20_point.troop_cap=700",
			},
		},
		{
			name: "an embedded scenario", variant: "testdata/variant_embedded.toml", base: "miami-2025",
			sets: []string{
				"scenario.id=miami-2025-europe-veto",
				"parties.europe.veto=true",
				"pathways[0].accepted_by=all",
			},
		},
	}
	for _, tt := range tests {
		for _, format := range []string{"table", "csv"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				got := cli(t, append(append([]string{}, run...), tt.variant, "--format", format)...)
				args := append(append([]string{}, run...), tt.base, "--format", format)
				for _, s := range tt.sets {
					args = append(args, "--set", s)
				}
				want := cli(t, args...)
				if got.code != 0 || want.code != 0 {
					t.Fatalf("exit %d and %d; stderr:\n%s\n%s", got.code, want.code, got.stderr, want.stderr)
				}
				if got.stdout != want.stdout {
					t.Errorf("the variant's output differs from its base's with %v:\n--- variant ---\n%s\n--- base ---\n%s", tt.sets, got.stdout, want.stdout)
				}
			})
		}
	}
}

// TestVariantProblems checks that a problem of a variant is reported at
// the variant's line, whichever command loads it, and that a base that is
// unknown or cannot be read is a problem of the input (exit 2) at the
// variant's scenario.base.
func TestVariantProblems(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	unknown := write("unknown.toml", "[scenario]\nid = \"v\"\nbase = \"miami-2052\"\n")
	unreadable := write("unreadable.toml", "[scenario]\nid = \"v\"\nbase = \"sub\"\n")
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil { // a directory cannot be read
		t.Fatal(err)
	}
	misspelt := `testdata/variant_bad.toml:8:1: packages.revised_20_point.nato: unknown level "deferd" of nato (did you mean "deferred"?)` + "\n"
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"run", []string{"run", "testdata/variant_bad.toml", "--trials", "100"}, misspelt},
		{"validate", []string{"validate", "testdata/variant_bad.toml"}, misspelt},
		{"a --set on a variant", []string{"run", "testdata/variant.toml", "--set", "packages.revised_20_point.troop_cap=2000"},
			"testdata/variant.toml: --set packages.revised_20_point.troop_cap=2000: 2000 is outside the range of troop_cap, [0, 1200]\n"},
		{"an unknown base", []string{"validate", unknown},
			unknown + `:3:1: scenario.base: unknown base "miami-2052" (did you mean "miami-2025"?)` + "\n"},
		{"an unreadable base", []string{"validate", unreadable},
			unreadable + `:3:1: scenario.base: cannot read the base "sub": ` + filepath.Join(dir, "sub") + ": is a directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, tt.args...)
			if r.code != exitUsage || r.stdout != "" || r.stderr != tt.stderr {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit %d and:\n%s", r.code, r.stdout, r.stderr, exitUsage, tt.stderr)
			}
		})
	}
}
