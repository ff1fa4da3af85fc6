package plot

import (
	"math"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// TestPosteriorChart: a posterior chart shows the inputs the evidence
// moved most, the largest shift first, --top of them, says in its caption
// how many trials the evidence kept and what they are worth, and puts
// each input on its prior's 10th–90th percentile range.
func TestPosteriorChart(t *testing.T) {
	d := read(t, "posterior")
	if len(d.Posterior) != 2 {
		t.Fatalf("the fixture has %d inputs, want 2", len(d.Posterior))
	}
	c, err := New(d, Options{Chart: "posterior", Top: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"the evidence kept 18,581 of 20,000 trials", "effective", "1 more input with a smaller shift not shown"} {
		if !strings.Contains(c.fig.caption, want) {
			t.Errorf("caption %q does not say %q", c.fig.caption, want)
		}
	}
	rows, omitted := topRows(Options{Top: 1}, d.Posterior, func(r results.PosteriorRow) float64 { return math.Abs(r.Shift) })
	a, b := d.Posterior[0], d.Posterior[1]
	want := a
	if math.Abs(b.Shift) > math.Abs(a.Shift) {
		want = b
	}
	if omitted != 1 || rows[0].Input != want.Input {
		t.Errorf("shown %s (%d left out), want %s, the larger shift", rows[0].Input, omitted, want.Input)
	}
	r := want
	if got := scaled(r, r.PriorP10); got != 0 {
		t.Errorf("the prior's 10th percentile at %v, want 0", got)
	}
	if got := scaled(r, r.PriorP90); math.Abs(got-1) > 1e-12 {
		t.Errorf("the prior's 90th percentile at %v, want 1", got)
	}
}
