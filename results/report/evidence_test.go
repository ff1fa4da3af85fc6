package report

import (
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// TestEvidenceSection: the section of a run with evidence lists each
// observation with its source, says how much of the prior it kept and
// what the kept trials are worth, and draws what it taught, with the
// command that draws it; a run without evidence has none of it.
func TestEvidenceSection(t *testing.T) {
	tests := []struct {
		name     string
		dir      string
		charts   int
		evidence bool
	}{
		{"a run with evidence", "posterior", 3, true},
		{"a run over a timeline without", "timeline", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := render(t, []*results.Dir{readDir(t, tt.dir)}, Options{})
			checkPage(t, page)
			section := between(t, page, `<section id="run-1"`, "</section>")
			if n := strings.Count(section, "<svg"); n != tt.charts {
				t.Errorf("%d charts, want %d", n, tt.charts)
			}
			for _, want := range []string{
				"The evidence evidence is conditioned on (hash ",
				"<th scope=\"row\">Kyiv did not accept the 28-point framework as first drafted</th><td>003</td><td>us_28_point</td><td>ukraine did not accept framework</td>",
				"<td>assumption: the talks go on</td><td>revised</td><td>framework_agreement not reached</td><td class=\"num\">6</td><td class=\"num\">0.9</td><td class=\"num\">",
				"The evidence kept 18,581 of the 20,000 trials of evidence (92.9%), weighed by reliability: worth ",
				"What the evidence taught: each input",
				"<th scope=\"row\">parties.russia.reservation</th>",
				"What the evidence taught; the means that moved most: parties.russia.reservation from",
			} {
				if got := strings.Contains(section, want); got != tt.evidence {
					t.Errorf("the section holds %q: %v, want %v", want, got, tt.evidence)
				}
			}
			reproduce := between(t, page, `<section id="reproduce"`, "</section>")
			if want := "peacesim plot ../plot/testdata/posterior -o posterior-posterior.svg --chart posterior"; strings.Contains(reproduce, want) != tt.evidence {
				t.Errorf("the commands hold %q: %v, want %v:\n%s", want, !tt.evidence, tt.evidence, reproduce)
			}
		})
	}
}
