package results

import (
	"bytes"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// TestTableOverdeterminedRejection: when a party rejects a track and red
// lines of its there are violated but none is pivotal, the table says it
// would reject without any one of them and names the most violated,
// rather than "no red line was pivotal" or nothing.
func TestTableOverdeterminedRejection(t *testing.T) {
	const n = 1000
	all := sim.Proportion{Count: n, Trials: n, P: 1, Low: 0.99, High: 1}
	none := sim.Proportion{Trials: n}
	half := sim.Proportion{Count: n / 2, Trials: n, P: 0.5, Low: 0.47, High: 0.53}
	// Package 0 of the fixture violates no red line; its russia (party 1)
	// has one, hard, on framework (track 0).
	tests := []struct {
		name   string
		change func(m *sim.Model, r *sim.Result)
		want   []string // in order
		not    []string
	}{
		{
			name: "hard red line violated in every trial, never pivotal",
			change: func(m *sim.Model, r *sim.Result) {
				r.Acceptance[0][1][0], r.Violated[0][1][0], r.Pivotal[0][1][0] = none, all, none
			},
			want: []string{
				"  russia rejects framework in 100.0% of trials, even without any one of these red lines:\n",
				"    Ukraine renounces NATO  hard  violated 100.0%\n",
			},
			not: []string{"no red line was pivotal\n\nrevised_20_point"},
		},
		{
			name: "violated, never pivotal, and accepted all the same",
			change: func(m *sim.Model, r *sim.Result) {
				r.Acceptance[0][1][0], r.Violated[0][1][0], r.Pivotal[0][1][0] = all, all, none
			},
			want: []string{"us_28_point", "  no red line was pivotal\n", "revised_20_point"},
			not:  []string{"russia rejects"},
		},
		{
			name: "pivotal: the binding table alone",
			change: func(m *sim.Model, r *sim.Result) {
				r.Acceptance[0][1][0], r.Violated[0][1][0], r.Pivotal[0][1][0] = half, all, half
			},
			want: []string{"us_28_point", "  binding red line", "  Ukraine renounces NATO  russia  hard  100.0%    50.0%\n", "revised_20_point"},
			not:  []string{"russia rejects", "us_28_point — US 28-point proposal\n" + "  no red line was pivotal"},
		},
		{
			name: "more than fit: the most violated, and how many more",
			change: func(m *sim.Model, r *sim.Result) {
				russia := &m.Parties[1]
				for i := range maxBinding + 1 {
					russia.RedLines = append(russia.RedLines, sim.RedLine{Label: "extra " + string(rune('a'+i)),
						Issue: 1, Kind: sim.Allowed, Levels: []bool{false, false, true}, Threshold: -1, Penalty: -1})
					for k := range r.Violated {
						v := none
						if k == 0 && i == 2 {
							v = half
						} else if k == 0 {
							v = all
						}
						r.Violated[k][1] = append(r.Violated[k][1], v)
						r.Pivotal[k][1] = append(r.Pivotal[k][1], none)
					}
				}
				r.Acceptance[0][1][0], r.Violated[0][1][0], r.Pivotal[0][1][0] = none, half, none
			},
			want: []string{
				"  russia rejects framework in 100.0% of trials, even without any one of these red lines:\n",
				"    extra a  soft  violated 100.0%\n",
				"    extra b  soft  violated 100.0%\n",
				"    extra d  soft  violated 100.0%\n",
				"    extra e  soft  violated 100.0%\n",
				"    extra f  soft  violated 100.0%\n",
				"    … and 2 more (red_lines.csv)\n",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, r := fixture()
			tt.change(m, r)
			var buf bytes.Buffer
			if err := WriteTable(&buf, m, r); err != nil {
				t.Fatal(err)
			}
			got := buf.String()
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("table lacks %q (in this order):\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("table holds %q:\n%s", w, got)
				}
			}
		})
	}
}
