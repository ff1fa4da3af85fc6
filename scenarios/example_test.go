package scenarios_test

import (
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

func ExampleSuggest() {
	fmt.Println(scenarios.Suggest("ukriane", []string{"ukraine", "russia", "united_states"}))
	// Output: ukraine
}
