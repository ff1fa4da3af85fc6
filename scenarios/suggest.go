package scenarios

import (
	"fmt"

	"github.com/peacesim/peacesim/sim"
)

// didYouMean returns " (did you mean "x"?)" for the closest candidate, or
// "" when none is close: the tail of a message about a misspelt reference.
func didYouMean(name string, candidates []string) string {
	if s := sim.Suggest(name, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}
