package results

import (
	"bytes"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// TestTableWhy: the table opens with the package × pathway matrix, and
// for each package says why each pathway's rule fails: who rejects, how
// often alone, and the red lines most often pivotal there — or, when none
// is pivotal, the most violated, so that a hard red line violated in every
// trial is never passed over in silence.
func TestTableWhy(t *testing.T) {
	const n = 1000
	all := sim.Proportion{Count: n, Trials: n, P: 1, Low: 0.99, High: 1}
	none := sim.Proportion{Trials: n}
	half := sim.Proportion{Count: n / 2, Trials: n, P: 0.5, Low: 0.47, High: 0.53}
	// russia (party 1) has one red line, hard, on framework (track 0); in
	// the fixture revised_20_point (package 1) violates it in every trial.
	tests := []struct {
		name   string
		change func(m *sim.Model, r *sim.Result)
		want   []string // in order
		not    []string
	}{
		{
			name:   "the matrix first",
			change: func(*sim.Model, *sim.Result) {},
			want: []string{
				"                    framework_agreement  humanitarian_ceasefire  talks_collapse\n",
				"  us_28_point       41.2%                30.1%                   28.7%\n",
				"  revised_20_point  0.0%                 99.9%                   0.1%\n",
				"(every 95% interval within ±3.0 points: sampling error only",
				"us_28_point — US 28-point proposal\n",
			},
		},
		{
			name: "hard red line violated in every trial, never pivotal",
			change: func(m *sim.Model, r *sim.Result) {
				r.Pivotal[1][1][0] = none
			},
			want: []string{
				"revised_20_point",
				"  why a rule fails        fails   who rejects           rejects  alone\n",
				"  framework_agreement     100.0%  russia framework      100.0%   83.0%\n",
				"    violated, none pivotal alone: Ukraine renounces NATO (hard) 100.0%\n",
				"                                  ukraine framework     17.0%    0.0%\n",
			},
			not: []string{"no red line was pivotal"},
		},
		{
			name: "pivotal: named with its rate",
			change: func(m *sim.Model, r *sim.Result) {
				r.Violated[1][1][0], r.Pivotal[1][1][0] = all, half
			},
			want: []string{"revised_20_point", "  framework_agreement     100.0%  russia framework      100.0%   83.0%\n",
				"    pivotal: Ukraine renounces NATO (hard) 50.0%\n"},
		},
		{
			name: "no red line violated: the margin",
			change: func(m *sim.Model, r *sim.Result) {
				r.Violated[1][1][0], r.Pivotal[1][1][0] = none, none
			},
			want: []string{"revised_20_point", "russia framework      100.0%   83.0%\n", "    no red line violated: the margin falls short\n"},
		},
		{
			name: "a party that never rejects is left out",
			change: func(m *sim.Model, r *sim.Result) {
				r.Blocking[1][0].Blockers[0].Blocks, r.Blocking[1][0].Blockers[0].Sole = none, none
			},
			want: []string{"revised_20_point", "  framework_agreement     100.0%  russia framework      100.0%   83.0%\n",
				"    pivotal: Ukraine renounces NATO (hard) 65.0%\n",
				"  humanitarian_ceasefire  30.0%   ukraine humanitarian"},
			not: []string{"ukraine framework  0.0%"},
		},
		{
			name: "more than fit: the most often pivotal, and how many more",
			change: func(m *sim.Model, r *sim.Result) {
				russia := &m.Parties[1]
				for i := range maxWhy + 1 {
					russia.RedLines = append(russia.RedLines, sim.RedLine{Label: "extra " + string(rune('a'+i)),
						Issue: 1, Kind: sim.Allowed, Levels: []bool{false, false, true}, Threshold: -1, Penalty: -1})
					for k := range r.Violated {
						r.Violated[k][1] = append(r.Violated[k][1], all)
						r.Pivotal[k][1] = append(r.Pivotal[k][1], half)
					}
				}
				r.Pivotal[1][1][1] = all // extra a: the most often pivotal
			},
			want: []string{"revised_20_point", "    pivotal: extra a (soft) 100.0%; Ukraine renounces NATO (hard) 65.0%; 2 more\n"},
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
