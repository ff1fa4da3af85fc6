package sim_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
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

// TestCanonicalEvidence: a model without evidence has no line of it, so
// that every hash from before evidence stays as it was; one with evidence
// ends with its lines, just those EvidenceCanonical gives, and without
// them (Evidence nil, the prior) is the model of the file without them.
func TestCanonicalEvidence(t *testing.T) {
	base := strings.Join(pairedSections, "\n")
	const evidence = `
[[evidence]]
label = "Kyiv did not accept the plan's framework"
source = "003"
package = "plan"
party = "ukraine"
track = "framework"
accepted = false

[[evidence]]
label = "No framework agreement"
source = "assumption: none announced"
package = "plan"
pathway = "framework_agreement"
reached = false
reliability = 0.9
`
	load := func(src string) *sim.Model {
		t.Helper()
		m, err := scenarios.Load("c.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	without := load(base)
	if c := without.Canonical(); bytes.Contains(c, []byte("\nevidence")) || len(without.EvidenceCanonical()) != 0 {
		t.Errorf("a model without evidence has evidence lines:\n%s", c)
	}
	with := load(base + evidence)
	want := `evidence[0].label = "Kyiv did not accept the plan's framework"
evidence[0].source = "003"
evidence[0].package = "plan"
evidence[0].party = "ukraine"
evidence[0].track = "framework"
evidence[0].accepted = false
evidence[0].round = 1
evidence[0].reliability = 1
evidence[1].label = "No framework agreement"
evidence[1].source = "assumption: none announced"
evidence[1].package = "plan"
evidence[1].pathway = "framework_agreement"
evidence[1].reached = false
evidence[1].round = 1
evidence[1].reliability = 0.9
`
	if got := string(with.EvidenceCanonical()); got != want {
		t.Errorf("evidence lines:\n%s\nwant:\n%s", got, want)
	}
	if got := with.Canonical(); !bytes.Equal(got, append(without.Canonical(), want...)) {
		t.Errorf("the canonical form with evidence is not the one without it and then the evidence's lines:\n%s", got)
	}
	changed := load(strings.Replace(base+evidence, "reliability = 0.9", "reliability = 0.8", 1))
	if bytes.Equal(changed.Canonical(), with.Canonical()) || bytes.Equal(changed.EvidenceCanonical(), with.EvidenceCanonical()) {
		t.Error("a reliability left the canonical form as it was")
	}
	with.Evidence = nil
	if !bytes.Equal(with.Canonical(), without.Canonical()) {
		t.Error("a model with its evidence dropped is not the model without it")
	}
}

// TestCanonicalOfManyPackages: the canonical form of a scenario of many
// packages, which every run hashes, is written in place: a few
// allocations a package (its key's prefix and label), not one a line.
// Built line by line, 1,000 packages of the default scenario took 14
// allocations each.
func TestCanonicalOfManyPackages(t *testing.T) {
	m := manyPackages(t, 1000)
	allocs := testing.AllocsPerRun(3, func() { m.Canonical() })
	if perPackage := allocs / float64(len(m.Packages)); perPackage > 3 {
		t.Errorf("the canonical form allocates %.1f times a package, want at most 3", perPackage)
	}
}
