package sim_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
)

// TestCanonical checks what a scenario's hash rests on: layout, comments
// and the order of keys within a table leave the canonical form as it is;
// a value, a label, an input's key path (its random stream) or the order
// of the packages change it.
func TestCanonical(t *testing.T) {
	base := strings.Join(pairedSections, "\n")
	canonical := func(src string) []byte {
		t.Helper()
		m, err := scenarios.Load("c.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return m.Canonical()
	}
	want := canonical(base)
	same := map[string]string{
		"comments and blank lines": strings.ReplaceAll(base, "\n[", "\n# a comment\n\n["),
		"keys reordered in a table": strings.Replace(base, "veto = true\nreservation = \"normal(0.5, 0.1)\"",
			"reservation = \"normal(0.5, 0.1)\"\nveto = true", 1),
		"an equal number written otherwise": strings.Replace(base, "cap = 800", "cap = 8e2", 1),
	}
	for name, src := range same {
		if src == base {
			t.Fatalf("%s: the edit did not apply", name)
		}
		if got := canonical(src); !bytes.Equal(got, want) {
			t.Errorf("%s changed the canonical form", name)
		}
	}
	differ := map[string]string{
		"a package value": strings.Replace(base, "cap = 800", "cap = 801", 1),
		"a distribution":  strings.Replace(base, `"normal(0.5, 0.1)"`, `"normal(0.5, 0.11)"`, 1),
		"a label":         strings.Replace(base, `id = "paired"`, "id = \"paired\"\nlabel = \"x\"", 1),
		// The same draw shared by every track, or one per track: the same
		// numbers, but other random streams.
		"an input's key path": strings.Replace(base, `reservation = "normal(0.5, 0.1)"`,
			`reservation = { default = "normal(0.5, 0.1)" }`, 1),
		"packages reordered": base + "\n[packages.another]\nextends = \"plan\"\ncap = 700\n",
	}
	for name, src := range differ {
		if got := canonical(src); bytes.Equal(got, want) {
			t.Errorf("%s left the canonical form as it was", name)
		}
	}
}
