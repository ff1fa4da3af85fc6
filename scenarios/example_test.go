package scenarios_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/peacesim/peacesim/scenarios"
)

// Load reports every problem of a file at once, each with its line,
// column and key path.
func ExampleLoad() {
	src := []byte(`
[scenario]
id = "demo"

[issues.nato]
track = "framework"
kind = "ordinal"
levels = ["member", "deferred", "renounced"]

[parties.ukraine]
veto = true
reservation = "normal(0.45, 0.08)"

[parties.ukraine.stakes.nato]
wieght = 0.4
values = { member = 1.0, deferred = 0.5, renounced = 0.0 }

[packages.us_28_point]
nato = "renouned"

[[pathways]]
id = "talks_collapse"
`)
	_, err := scenarios.Load("demo.toml", src)
	var problems scenarios.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Println(p)
		}
	}
	// Output:
	// demo.toml:14:1: parties.ukraine.stakes.nato.weight: missing: the issue's salience, e.g. weight = 0.3
	// demo.toml:15:1: parties.ukraine.stakes.nato.wieght: unknown key (did you mean "weight"?)
	// demo.toml:19:1: packages.us_28_point.nato: unknown level "renouned" of nato (did you mean "renounced"?)
}

// An embedded scenario loads by name.
func ExampleLookup() {
	src, _ := scenarios.Lookup(scenarios.Default)
	m, err := scenarios.Load(scenarios.Default+".toml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.ID, m.Pathways[len(m.Pathways)-1].Fallback())
	// Output: miami-2025 true
}

// Set changes one value of a scenario without editing its file, as
// `peacesim run --set KEY=VALUE` does; a problem it causes names it.
func ExampleSet() {
	src, _ := scenarios.Lookup(scenarios.Default)
	key, value, err := scenarios.ParseSet("parties.russia.reservation.framework=normal(0.6, 0.1)")
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := scenarios.Load(scenarios.Default+".toml", src, scenarios.Set(key, value))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range m.Params {
		if p.Name == key {
			fmt.Println(p.Name, "=", p.Dist)
		}
	}
	_, err = scenarios.Load(scenarios.Default+".toml", src, scenarios.Set("parties.rusia.reservation.framework", "0.6"))
	fmt.Println(err)
	// Output:
	// parties.russia.reservation.framework = normal(0.6, 0.1)
	// miami-2025.toml: --set parties.rusia.reservation.framework=0.6: parties.rusia: not in the scenario (did you mean "russia"?)
}

// A variant names its base and changes it by key path; a problem of a
// value it sets is reported at its own line. Without Bases, a base is an
// embedded scenario.
func ExampleBases() {
	variant := []byte(`[scenario]
id = "europe-veto"
base = "miami-2025"

[overrides]
"parties.europe.veto" = true
"packages.miami_20_point.crimea" = "de_jure_rusian"
`)
	_, err := scenarios.Load("europe-veto.toml", variant)
	fmt.Println(err)

	// A resolver says where bases are: here, in memory.
	files := map[string][]byte{"two-party.toml": []byte(`[scenario]
id = "two-party"
[issues.dmz]
track = "ceasefire"
kind = "bool"
[parties.a]
reservation = 0.5
[parties.a.stakes.dmz]
weight = 1
values = { true = 1, false = 0 }
[packages.p]
dmz = true
[[pathways]]
id = "ceasefire"
tracks = ["ceasefire"]
accepted_by = "all"
[[pathways]]
id = "collapse"
`)}
	resolve := func(base, _ string) (string, []byte, error) {
		if src, ok := files[base]; ok {
			return base, src, nil
		}
		return "", nil, &scenarios.BaseNotFoundError{Base: base, Known: []string{"two-party.toml"}}
	}
	m, err := scenarios.Load("low.toml", []byte(`[scenario]
id = "low-reservation"
base = "two-party.toml"
[overrides]
"parties.a.reservation" = 0.2
`), scenarios.Bases(resolve))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.ID, m.Params[m.Parties[0].Reservation[0]].Dist)
	// Output:
	// europe-veto.toml:7:1: packages.miami_20_point.crimea: unknown level "de_jure_rusian" of crimea (did you mean "de_jure_russian"?)
	// low-reservation 0.2
}

// A batch loads several scenarios to run with the same options: an
// override applies to every scenario, or, written ID:KEY=VALUE, to the
// scenario of that id alone. Every problem of every scenario is reported
// before any runs.
func ExampleLoadBatch() {
	var sources []scenarios.Source
	for _, name := range []string{"miami-2025", "miami-2025-europe-veto"} {
		src, _ := scenarios.Lookup(name)
		sources = append(sources, scenarios.Source{File: name + ".toml", Src: src})
	}
	batch, err := scenarios.LoadBatch(context.Background(), sources, []string{
		"run.seed=7",
		"miami-2025-europe-veto:parties.russia.reservation.framework=0.3",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range batch {
		fmt.Println(l.Model.ID, l.Model.Seed, l.Sets)
	}

	_, err = scenarios.LoadBatch(context.Background(), sources, []string{
		"parties.europe.vetoo=true",
		"miami-2025-europe:run.seed=1",
	})
	fmt.Println(err)
	// Output:
	// miami-2025 7 [run.seed=7]
	// miami-2025-europe-veto 7 [run.seed=7 miami-2025-europe-veto:parties.russia.reservation.framework=0.3]
	// --set miami-2025-europe:run.seed=1: no scenario with id "miami-2025-europe" in this run (did you mean "miami-2025-europe-veto"?)
	// miami-2025.toml: --set parties.europe.vetoo=true: unknown key (did you mean "veto"?)
	// miami-2025-europe-veto.toml: --set parties.europe.vetoo=true: unknown key (did you mean "veto"?)
}

// Warnings reports what loads but changes nothing: a factor's step in a
// scenario of one round. Set gives the default scenario a [timeline].
func ExampleWarnings() {
	// The template of `peacesim scenarios init`, a scenario of one round.
	src := scenarios.Template()
	step := scenarios.Set("factors.momentum.step", "bernoulli(0.4)")
	var warnings scenarios.Problems
	if _, err := scenarios.Load("scenario.toml", src, step, scenarios.Warnings(&warnings)); err == nil {
		fmt.Println(warnings)
	}
	warnings = nil
	m, err := scenarios.Load("scenario.toml", src, step,
		scenarios.Set("timeline.rounds", "26"), scenarios.Set("timeline.unit", "week"),
		scenarios.Warnings(&warnings))
	if err == nil {
		fmt.Println(m.Rounds(), m.Timeline.Unit, len(warnings))
	}
	// Output:
	// scenario.toml: --set factors.momentum.step=bernoulli(0.4): a step is added in every round after the first, and without a [timeline] a scenario has one round: it changes nothing
	// 26 week 0
}
