package sim_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// pairedSections is a scenario written as separate tables, so that tests
// can reorder them, replace one or add one. Every kind of uncertain input
// is here: reservations (per track and single), stake weights, red-line
// thresholds and penalties, factor values and coefficients, and the
// salience Dirichlets of two parties.
var pairedSections = []string{
	`[scenario]
id = "paired"
[run]
seed = 5
`,
	`[issues.cap]
track = "framework"
kind = "number"
range = [0, 1200]
[issues.nato]
track = "framework"
kind = "ordinal"
levels = ["member", "deferred", "renounced"]
[issues.pow]
track = "humanitarian"
kind = "bool"
[issues.corridors]
track = "humanitarian"
kind = "bool"
`,
	`[parties.ukraine]
veto = true
reservation = { framework = "normal(0.45, 0.08)", humanitarian = "uniform(0.2, 0.4)" }
salience_concentration = 40
[parties.ukraine.stakes.cap]
weight = "triangular(0.2, 0.3, 0.4)"
best = 1000
worst = 400
[parties.ukraine.stakes.nato]
weight = 0.4
values = { member = 1.0, deferred = 0.5, renounced = 0.0 }
[parties.ukraine.stakes.pow]
weight = 0.3
values = { true = 1.0, false = 0.0 }
[parties.ukraine.stakes.corridors]
weight = 0.2
values = { true = 1.0, false = 0.2 }
[[parties.ukraine.red_lines]]
issue = "cap"
min = "triangular(500, 600, 700)"
weight = "beta(5, 5)"
`,
	`[parties.russia]
veto = true
reservation = "normal(0.5, 0.1)"
salience_concentration = 20
[parties.russia.stakes.cap]
weight = 0.3
curve = [[0, 1.0], [600, 0.6], [1200, 0.0]]
[parties.russia.stakes.nato]
weight = 0.5
values = { member = 0.0, deferred = 0.3, renounced = 1.0 }
[parties.russia.stakes.pow]
weight = 0.2
values = { true = 0.8, false = 0.2 }
[parties.russia.stakes.corridors]
weight = 0.2
values = { true = 0.4, false = 0.6 }
`,
	`[factors.momentum]
value = "normal(0.6, 0.15)"
effects = [ { party = "russia", on = "reservation", coef = "uniform(0.1, 0.2)" } ]
`,
	`[factors.pressure]
value = "beta(2, 3)"
effects = [ { party = "ukraine", on = "reservation", coef = 0.1, tracks = ["framework"] } ]
`,
	`[packages.plan]
cap = 800
nato = "deferred"
pow = true
corridors = false
`,
	`[[pathways]]
id = "framework_agreement"
tracks = ["framework"]
[[pathways]]
id = "talks_collapse"
`,
}

// loadSections loads the scenario made of sections, in that order.
func loadSections(t *testing.T, sections []string) *sim.Model {
	t.Helper()
	m, err := scenarios.Load("paired.toml", []byte(strings.Join(sections, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// replaceIn returns a copy of sections with old replaced by new in the one
// section that holds it.
func replaceIn(t *testing.T, sections []string, old, new string) []string {
	t.Helper()
	out := slices.Clone(sections)
	for i, s := range out {
		if strings.Contains(s, old) {
			out[i] = strings.Replace(s, old, new, 1)
			return out
		}
	}
	t.Fatalf("no section holds %q", old)
	return nil
}

// TestInputsDrawFromTheirOwnStreams is the promise of
// docs/model.md#random-streams: in each trial, an input draws from a stream
// fixed by (seed, its key path, trial) alone. So fixing one input, changing
// its distribution, adding a new input, or reordering the file leaves every
// other input's draws — the Params' values and each salience Dirichlet's
// weights — bit-identical, and any two variants of a scenario run on one
// seed are paired.
func TestInputsDrawFromTheirOwnStreams(t *testing.T) {
	const seed, t0 = 17, 5 * sim.ChunkSize // any trials will do
	base := loadSections(t, pairedSections)
	baseDraws := sim.Draws(base, seed, t0, sim.Block)
	if len(baseDraws) < 12 {
		t.Fatalf("the base scenario has only %d inputs; the test needs them all", len(baseDraws))
	}
	reordered := slices.Clone(pairedSections)
	slices.Reverse(reordered[1:]) // [scenario] first, then every table the other way round
	cases := []struct {
		name     string
		sections []string
		// changed is the input whose draws may (and must) change; "" when
		// every input of the base draws the same.
		changed string
		// added is an input the variant has and the base has not.
		added string
	}{
		{name: "reordered tables", sections: reordered},
		{name: "one input fixed", changed: "parties.russia.reservation",
			sections: replaceIn(t, pairedSections, `reservation = "normal(0.5, 0.1)"`, `reservation = 0.5`)},
		{name: "one input's distribution changed", changed: "factors.momentum.value",
			sections: replaceIn(t, pairedSections, `value = "normal(0.6, 0.15)"`, `value = "pert(0.2, 0.6, 0.9)"`)},
		{name: "a weight fixed", changed: "parties.ukraine.stakes.cap.weight",
			sections: replaceIn(t, pairedSections, `weight = "triangular(0.2, 0.3, 0.4)"`, `weight = 0.3`)},
		{name: "a new input", added: "factors.escalation.value",
			sections: append(slices.Clone(pairedSections), `[factors.escalation]
value = "normal(0.3, 0.1)"
effects = [ { party = "ukraine", on = "reservation", coef = 0.05 } ]
`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			variant := sim.Draws(loadSections(t, c.sections), seed, t0, sim.Block)
			for name, want := range baseDraws {
				got, ok := variant[name]
				switch {
				case name == c.changed && ok && slices.Equal(got, want):
					t.Errorf("%s: changed, but draws what it drew before", name)
				case name == c.changed:
				case strings.HasPrefix(name, "parties.ukraine.salience.framework#") && c.changed == "parties.ukraine.stakes.cap.weight":
					// The Dirichlet around a weight that is now fixed: its α changed.
				case !ok:
					t.Errorf("%s: missing from the variant", name)
				case !slices.Equal(got, want):
					t.Errorf("%s: draws changed although the input did not\n got %v\nwant %v", name, got[:3], want[:3])
				}
			}
			if c.added != "" {
				if _, ok := variant[c.added]; !ok {
					t.Errorf("the new input %s draws nothing", c.added)
				}
			}
		})
	}
}

// TestRunsOfVariantsArePaired checks the consequence for results: a
// variant that changes one input of one party leaves the acceptance of
// every other party's track exactly as it was, trial for trial, so its
// count is identical, not merely close.
func TestRunsOfVariantsArePaired(t *testing.T) {
	opt := sim.Options{Trials: 3 * sim.ChunkSize, Seed: 8}
	base := loadSections(t, pairedSections)
	variant := loadSections(t, replaceIn(t, pairedSections, `value = "beta(2, 3)"`, `value = "beta(5, 1)"`))
	a, err := sim.Run(t.Context(), base, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sim.Run(t.Context(), variant, opt)
	if err != nil {
		t.Fatal(err)
	}
	// The pressure factor shifts ukraine's framework reservation only.
	for p, party := range base.Parties {
		for tr, track := range base.Tracks {
			moved := party.ID == "ukraine" && track == "framework"
			same := a.Acceptance[0][p][tr].Count == b.Acceptance[0][p][tr].Count
			if !moved && !same {
				t.Errorf("%s's acceptance of %s: %d trials, then %d, though nothing of it changed",
					party.ID, track, a.Acceptance[0][p][tr].Count, b.Acceptance[0][p][tr].Count)
			}
			if moved && same {
				t.Errorf("%s's acceptance of %s did not move with its reservation", party.ID, track)
			}
		}
	}
}
