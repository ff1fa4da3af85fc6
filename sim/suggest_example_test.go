package sim_test

import (
	"fmt"

	"github.com/peacesim/peacesim/sim"
)

func ExampleSuggest() {
	fmt.Println(sim.Suggest("ukriane", []string{"ukraine", "russia", "united_states"}))
	// Output: ukraine
}
