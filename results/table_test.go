package results

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

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

// TestComparisonTableIntervals: every interval of compare's table is in
// points to one decimal, one that rounds to 0.0 either way reads [±0.0]
// (and the table says what that means), and the verdicts line up in one
// column whatever the width of the intervals before them.
func TestComparisonTableIntervals(t *testing.T) {
	m, r := pairedFixture()
	// Two packages that no trial tells apart, at 10⁵ trials: an interval
	// of about ±0.004 points.
	r.Paired[2].Identical = false
	r.Paired[2].Low, r.Paired[2].High = -0.000038, 0.000038
	var buf bytes.Buffer
	if err := WriteComparisonTable(&buf, m, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"0.0 pts", "[±0.0]  within sampling error (no trial differs)", "[±0.0]: the interval lies within 0.05 points"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "0038") {
		t.Errorf("an interval is not to one decimal:\n%s", out)
	}
	// A third package, so that a pathway has two verdicts, after
	// intervals of different widths: they start in the same column.
	m.Packages = append(m.Packages, m.Packages[1])
	m.Packages[2].ID = "third"
	r.Pathways = append(r.Pathways, r.Pathways[1])
	r.Acceptance = append(r.Acceptance, r.Acceptance[1])
	r.Violated, r.Pivotal = append(r.Violated, r.Violated[1]), append(r.Pivotal, r.Pivotal[1])
	r.Margins, r.Blocking = append(r.Margins, r.Margins[1]), append(r.Blocking, r.Blocking[1])
	r.Pathways[2] = slices.Clone(r.Pathways[1])
	r.Pathways[2][0].P = 0.2
	r.Paired = append(r.Paired,
		sim.PairedDifference{A: 0, B: 2, Pathway: 0, AOnly: 212, Difference: 0.212, Low: 0.18, High: 0.24},
		sim.PairedDifference{A: 2, B: 1, Pathway: 0, AOnly: 200, Difference: 0.2, Low: -0.001, High: 0.05})
	buf.Reset()
	if err := WriteComparisonTable(&buf, m, r); err != nil {
		t.Fatal(err)
	}
	_, block, _ := strings.Cut(buf.String(), "framework_agreement")
	block, _, _ = strings.Cut(block, "\n\n")
	var at []int
	for _, line := range strings.Split(block, "\n") {
		if i := strings.Index(line, "sampling error"); i >= 0 {
			at = append(at, utf8.RuneCountInString(line[:i]))
		}
	}
	if len(at) != 2 || at[0] != at[1] {
		t.Errorf("the verdicts start in columns %v, want one column:\n%s", at, block)
	}
}

// TestRank: each pathway's packages highest first, each ahead of the next
// by their paired difference read in its order, whichever order the pair
// is stored in; the last has none.
func TestRank(t *testing.T) {
	m, r := pairedFixture()
	rankings, err := Rank(m, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(rankings) != len(m.Pathways) {
		t.Fatalf("%d rankings, want one for each of %d pathways", len(rankings), len(m.Pathways))
	}
	// framework_agreement: package 0 first, ahead of 1 as stored (A = 0).
	first := rankings[0].Packages
	if first[0].Package != 0 || !first[0].HasAhead || first[0].Ahead.Difference != 0.412 || first[1].HasAhead {
		t.Errorf("pathway 0: %+v", first)
	}
	// Pathway 1: package 1 first, so the pair (0, 1) is read reversed.
	second := rankings[1].Packages
	d := second[0].Ahead
	if second[0].Package != 1 || d.A != 1 || d.B != 0 || d.Difference != 0.412 || d.Low != 0.38 || d.High != 0.44 ||
		d.AOnly != 413 || d.BOnly != 1 {
		t.Errorf("pathway 1: %+v, want package 1 ahead of 0 by +0.412 [0.38, 0.44], 413 trials to 1", second[0])
	}
	// Ties keep the model's order.
	if third := rankings[2].Packages; third[0].Package != 0 || !third[0].Ahead.Identical {
		t.Errorf("pathway 2: %+v, want package 0 first, identical", third)
	}
}
