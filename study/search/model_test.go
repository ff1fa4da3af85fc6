package search_test

import (
	"context"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study"
	"github.com/peacesim/peacesim/study/search"
)

// loadSplit is the model of ../testdata/split.toml, with the overrides
// given.
func loadSplit(t *testing.T, sets ...[2]string) *sim.Model {
	t.Helper()
	var opts []scenarios.Option
	for _, s := range sets {
		opts = append(opts, scenarios.Set(s[0], s[1]))
	}
	src, err := os.ReadFile("../testdata/split.toml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := scenarios.Load("split.toml", src, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestModelOptionsCheck: options a search of a model cannot honour are an
// *study.InputError naming the field, or none for the model as a whole.
func TestModelOptionsCheck(t *testing.T) {
	m := loadSplit(t)
	outside := loadSplit(t, [2]string{"issues.share.negotiable", "[0.5, 1]"})
	fixed := loadSplit(t)
	fixed.Issues[0].Negotiable = nil
	ok := search.ModelOptions{Starts: 1, MaxEvals: 1, MinProb: 0.3}
	with := func(f func(o *search.ModelOptions)) search.ModelOptions {
		o := ok
		f(&o)
		return o
	}
	for _, tc := range []struct {
		name   string
		m      *sim.Model
		o      search.ModelOptions
		repair bool
		option string // the field at fault, "" for the model
		msg    string // a fragment of the message; "" for no error
	}{
		{"valid", m, ok, false, "", ""},
		{"valid repair", m, ok, true, "", ""},
		{"nash", m, with(func(o *search.ModelOptions) { o.Objective = search.Nash }), false, "", ""},
		{"unknown objective", m, with(func(o *search.ModelOptions) { o.Objective = "welfare" }), false, "Objective", `must be probability or nash, got "welfare"`},
		{"no start", m, with(func(o *search.ModelOptions) { o.Starts = 0 }), false, "Starts", "must be ≥ 1, got 0"},
		{"no evaluation", m, with(func(o *search.ModelOptions) { o.MaxEvals = 0 }), false, "MaxEvals", "must be ≥ 1, got 0"},
		{"negative top", m, with(func(o *search.ModelOptions) { o.Top = -1 }), false, "Top", "got -1"},
		{"no such pathway", m, with(func(o *search.ModelOptions) { o.Target = 2 }), false, "Target", "no pathway 2"},
		{"the fallback", m, with(func(o *search.ModelOptions) { o.Target = 1 }), false, "Target", "no_deal is the fallback pathway"},
		{"no such package", m, with(func(o *search.ModelOptions) { o.Package = 1 }), false, "Package", "no package 1"},
		{"nothing negotiable", fixed, ok, false, "", "has no negotiable issue"},
		{"repair to nothing", m, with(func(o *search.ModelOptions) { o.MinProb = 0 }), true, "MinProb", "must be in (0, 1] for a repair, got 0"},
		{"repair beyond certainty", m, with(func(o *search.ModelOptions) { o.MinProb = 1.5 }), true, "MinProb", "got 1.5"},
		{"repair by Nash", m, with(func(o *search.ModelOptions) { o.Objective = search.Nash }), true, "Objective", "a repair reaches a probability"},
		{"repair outside the space", outside, ok, true, "Package", "low's share, 0.1, lies outside the issue's negotiable space"},
		{"search outside the space", outside, ok, false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check, run := tc.o.Check, search.Optimize
			if tc.repair {
				check, run = tc.o.CheckRepair, search.RepairModel
			}
			err := check(tc.m)
			if tc.msg == "" {
				if err != nil {
					t.Errorf("check = %v, want nil", err)
				}
				return
			}
			var ie *study.InputError
			if !errors.As(err, &ie) || ie.Option != tc.option || !strings.Contains(ie.Msg, tc.msg) {
				t.Errorf("check = %#v, want an InputError of %q with %q", err, tc.option, tc.msg)
			}
			if _, err := run(context.Background(), tc.m, sim.Options{Trials: 10}, tc.o); !errors.As(err, &ie) {
				t.Errorf("the search = %v, want the check's InputError", err)
			}
		})
	}
}

// The tolerances of the split's searches, on 20,000 trials: a
// probability near its maximum, 0.625² ≈ 0.39, has a standard error of
// 0.0035, so a maximum estimated on the same trials lies within 4 of
// them, 0.014, of it; the probability x(1 − x)/0.64 falls by 0.014 at
// 0.1 from the even split.
const (
	maxProb  = 0.390625
	probTol  = 0.014
	shareTol = 0.1
)

// TestOptimizeSplit: the likeliest split is even, and the progress
// reported adds up to the candidates scored.
func TestOptimizeSplit(t *testing.T) {
	m := loadSplit(t)
	var scored int64
	o := search.ModelOptions{Starts: 3, MaxEvals: 300, Progress: func(n int64) { scored += n }}
	r, err := search.Optimize(context.Background(), m, sim.Options{Trials: 20000, Seed: 1}, o)
	if err != nil {
		t.Fatal(err)
	}
	best := r.Best[0]
	if math.Abs(best.X[0]-0.5) > shareTol || math.Abs(best.Probability.P-maxProb) > probTol || best.Value != best.Probability.P {
		t.Errorf("best share %.3f with P %.4f (objective %.4f): want 0.5 ± %g and %g ± %g", best.X[0], best.Probability.P, best.Value, shareTol, maxProb, probTol)
	}
	if len(r.Best) > search.DefaultTop || r.Objective != search.Probability || r.Repair != nil || r.Evaluations > o.MaxEvals {
		t.Errorf("%d packages by %s, repair %v, %d evaluations", len(r.Best), r.Objective, r.Repair, r.Evaluations)
	}
	if scored != int64(r.Evaluations) {
		t.Errorf("progress reported %d candidates, the search scored %d", scored, r.Evaluations)
	}
}

// TestOptimizeNash: with reservations uniform on [0, 0.8] and
// independent, a's expected surplus at a share x ≤ 0.8 is
// E[(x − R)⁺] = x²/1.6 and b's (1 − x)²/1.6, so the expected Nash
// product is largest at an even split.
func TestOptimizeNash(t *testing.T) {
	r, err := search.Optimize(context.Background(), loadSplit(t), sim.Options{Trials: 20000, Seed: 1},
		search.ModelOptions{Objective: search.Nash, Starts: 3, MaxEvals: 300})
	if err != nil {
		t.Fatal(err)
	}
	// The product is smooth: its maximum is sharper than the probability's.
	const nashShareTol = 0.05
	if x := r.Best[0].X[0]; math.Abs(x-0.5) > nashShareTol || r.Objective != search.Nash {
		t.Errorf("best share %.4f by %s, want 0.5 ± %g by the Nash product", x, r.Objective, nashShareTol)
	}
}

// TestRepairModel: the smallest repair of the package giving a a tenth
// (P = 0.125: b accepts 0.9 always) that reaches P = 0.2 moves the share
// alone, to about 0.16, where a accepts in a fifth of the trials; nothing
// reaches 0.5.
func TestRepairModel(t *testing.T) {
	m := loadSplit(t)
	opt := sim.Options{Trials: 20000, Seed: 1}
	r, err := search.RepairModel(context.Background(), m, opt, search.ModelOptions{MinProb: 0.2, Starts: 2, MaxEvals: 300})
	if err != nil {
		t.Fatal(err)
	}
	rep := r.Repair
	// Below 0.2 the probability rises by 1.25 per unit of share: the
	// estimate's 4 standard errors, 0.011, move the crossing by 0.009.
	const least, crossTol = 0.16, 0.01
	switch {
	case !rep.Found || len(rep.Changed) != 1 || rep.Base[0] != 0.1:
		t.Errorf("repair %+v: want the share changed from 0.1", rep)
	case math.Abs(rep.X[0]-least) > crossTol || rep.Value < 0.2 || r.Best[0].X[0] != rep.X[0]:
		t.Errorf("repair to %.4f reaching %.4f (package reached %v): want about %g reaching 0.2", rep.X[0], rep.Value, r.Best[0].X, least)
	case math.Abs(rep.BaseProbability-0.125) > probTol:
		t.Errorf("base probability %.4f, want 0.125", rep.BaseProbability)
	}

	r, err = search.RepairModel(context.Background(), m, opt, search.ModelOptions{MinProb: 0.5, Starts: 2, MaxEvals: 100})
	if err != nil {
		t.Fatal(err)
	}
	if r.Repair.Found || len(r.Best) != 1 || math.Abs(r.Best[0].Value-maxProb) > probTol {
		t.Errorf("unreachable repair: found %v, best %+v; want none, the best near %g", r.Repair.Found, r.Best, maxProb)
	}
}

// TestOptimizeCancelled: a cancelled context stops the search with its
// error.
func TestOptimizeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, obj := range []string{search.Probability, search.Nash} {
		_, err := search.Optimize(ctx, loadSplit(t), sim.Options{Trials: 1000}, search.ModelOptions{Objective: obj, Starts: 1, MaxEvals: 10})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: Optimize = %v, want context.Canceled", obj, err)
		}
	}
}

// TestOptimizeEvidence: a search conditions each candidate on the model's
// evidence. That a accepted low (share 0.1) means R_a ≤ 0.1, so a accepts
// every share from 0.1 up and b every share up to 0.2: P(deal | evidence)
// is 1 on [0.1, 0.2], where the prior's best is 0.625² ≈ 0.39 at 0.5. The
// Nash objective's expectation is over the kept trials: with R_a uniform
// on [0, 0.1], E[(x − R_a)⁺]·E[(1 − x − R_b)⁺] = (x − 0.05)(1 − x)²/1.6
// from x = 0.2 up, largest at x = 11/30 ≈ 0.367 (the prior's at 0.5).
// Evidence that weighs trials it refuses.
func TestOptimizeEvidence(t *testing.T) {
	m := loadSplit(t)
	m.Evidence = []sim.Evidence{{Label: "a accepted low", Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: true, Round: 1, Reliability: 1}}
	opt := sim.Options{Trials: 20000, Seed: 1}
	r, err := search.Optimize(context.Background(), m, opt, search.ModelOptions{Target: 0, Starts: 2, MaxEvals: 120, Top: 1})
	if err != nil {
		t.Fatal(err)
	}
	best := r.Best[0]
	if x := best.X[0]; best.Probability.P < 0.99 || x < 0.095 || x > 0.205 {
		t.Errorf("best share %.3f with P(deal | a accepted 0.1) = %.3f, want one in [0.1, 0.2] with 1", x, best.Probability.P)
	}
	if best.Probability.Trials >= opt.Trials || best.Probability.Trials == 0 {
		t.Errorf("the candidates are scored on %d trials, want those of the 20000 the evidence keeps", best.Probability.Trials)
	}
	nash, err := search.Optimize(context.Background(), m, opt, search.ModelOptions{Target: 0, Starts: 2, MaxEvals: 60, Top: 1, Objective: search.Nash})
	if err != nil {
		t.Fatal(err)
	}
	if x := nash.Best[0].X[0]; math.Abs(x-11.0/30) > 0.05 {
		t.Errorf("the Nash product's best share over the kept trials is %.3f, want about %.3f", x, 11.0/30)
	}
	m.Evidence[0].Reliability = 0.8
	if _, err := search.Optimize(context.Background(), m, opt, search.ModelOptions{Target: 0, Starts: 1, MaxEvals: 10, Objective: search.Nash}); !errors.Is(err, sim.ErrWeighted) {
		t.Errorf("Nash over weighed trials: err = %v, want sim.ErrWeighted", err)
	}
}
