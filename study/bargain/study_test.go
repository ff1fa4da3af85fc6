package bargain_test

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
	"github.com/peacesim/peacesim/study/bargain"
)

// sumTol allows for the rounding of a mean of 2000 equal terms.
const sumTol = 1e-9

// loadSplit is the model of ../testdata/split.toml.
func loadSplit(t *testing.T) *sim.Model {
	t.Helper()
	src, err := os.ReadFile("../testdata/split.toml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := scenarios.Load("split.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestModelOptionsCheck: options AnalyseModel cannot honour are an
// *study.InputError naming the field, or none for the model as a whole.
func TestModelOptionsCheck(t *testing.T) {
	m := loadSplit(t)
	noVeto := loadSplit(t)
	for p := range noVeto.Parties {
		noVeto.Parties[p].Veto = false
	}
	fixed := loadSplit(t)
	fixed.Issues[0].Negotiable = nil
	for _, tc := range []struct {
		name   string
		m      *sim.Model
		o      bargain.ModelOptions
		option string // the field at fault, "" for the model
		msg    string // a fragment of the message; "" for no error
	}{
		{"valid", m, bargain.ModelOptions{Grid: bargain.DefaultGrid}, "", ""},
		{"coarsest grid", m, bargain.ModelOptions{Grid: 2}, "", ""},
		{"finest grid", m, bargain.ModelOptions{Grid: bargain.MaxGrid}, "", ""},
		{"grid of one", m, bargain.ModelOptions{Grid: 1}, "Grid", "must be in [2, 1001], got 1"},
		{"no grid", m, bargain.ModelOptions{}, "Grid", "got 0"},
		{"grid too fine", m, bargain.ModelOptions{Grid: bargain.MaxGrid + 1}, "Grid", "got 1002"},
		{"no such package", m, bargain.ModelOptions{Package: 1, Grid: 5}, "Package", "no package 1"},
		{"negative package", m, bargain.ModelOptions{Package: -1, Grid: 5}, "Package", "no package -1"},
		{"nothing negotiable", fixed, bargain.ModelOptions{Grid: 5}, "", "has no negotiable issue"},
		{"nothing negotiable, the way out", fixed, bargain.ModelOptions{Grid: 5}, "", "or with --set 'issues." + fixed.Issues[0].ID + ".negotiable="},
		{"no veto party", noVeto, bargain.ModelOptions{Grid: 5}, "", "no track has both negotiable issues and a veto party"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.o.Check(tc.m)
			if tc.msg == "" {
				if err != nil {
					t.Errorf("Check = %v, want nil", err)
				}
				return
			}
			var ie *study.InputError
			if !errors.As(err, &ie) || ie.Option != tc.option || !strings.Contains(ie.Msg, tc.msg) {
				t.Errorf("Check = %#v, want an InputError of %q with %q", err, tc.option, tc.msg)
			}
			if _, err := bargain.AnalyseModel(context.Background(), tc.m, sim.Options{Trials: 10}, tc.o); !errors.As(err, &ie) {
				t.Errorf("AnalyseModel = %v, want Check's InputError", err)
			}
		})
	}
}

// TestAnalyseModelExpected: in expectation over the trials, the utilities
// are the nominal ones (they do not depend on an uncertain input here)
// and the reservations are the means of the trials' draws, near 0.4; the
// zone of agreement's probability does not depend on the mode.
func TestAnalyseModelExpected(t *testing.T) {
	m := loadSplit(t)
	opt := sim.Options{Trials: 2000, Seed: 7}
	nominal, err := bargain.AnalyseModel(context.Background(), m, opt, bargain.ModelOptions{Grid: 11})
	if err != nil {
		t.Fatal(err)
	}
	expected, err := bargain.AnalyseModel(context.Background(), m, opt, bargain.ModelOptions{Grid: 11, Expected: true})
	if err != nil {
		t.Fatal(err)
	}
	if nominal.Mode != bargain.Nominal || expected.Mode != bargain.Expected || expected.Trials != 2000 || expected.Seed != 7 {
		t.Errorf("modes %q and %q, %d trials on seed %d", nominal.Mode, expected.Mode, expected.Trials, expected.Seed)
	}
	n, e := nominal.Tracks[0], expected.Tracks[0]
	// A uniform on [0, 0.8] has standard deviation 0.8/√12 ≈ 0.231: the
	// mean of 2000 draws is allowed 4 standard errors, 4·0.231/√2000.
	const meanTol = 0.021
	for j, r := range e.Reservations {
		if n.Reservations[j] != 0.4 || math.Abs(r-0.4) > meanTol {
			t.Errorf("party %d: reservation %g nominal, %g expected; want 0.4 and within %.3f of it", j, n.Reservations[j], r, meanTol)
		}
	}
	if n.ZOPA != e.ZOPA {
		t.Errorf("ZOPA %+v nominal and %+v expected: want the same", n.ZOPA, e.ZOPA)
	}
	for j, u := range e.Packages[0].Utilities {
		if math.Abs(u-n.Packages[0].Utilities[j]) > sumTol {
			t.Errorf("party %d's utility of low: %g expected, %g nominal", j, u, n.Packages[0].Utilities[j])
		}
	}
}

// TestAnalyseModelCancelled: a cancelled context stops the analysis with
// its error.
func TestAnalyseModelCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := bargain.AnalyseModel(ctx, loadSplit(t), sim.Options{Trials: 1000}, bargain.ModelOptions{Grid: 5})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("AnalyseModel = %v, want context.Canceled", err)
	}
}

// TestAnalyseModelEvidence: with evidence, a bargaining analysis is that
// of the posterior. That a accepted low (share 0.1) means R_a ≤ 0.1: its
// nominal reservation is the kept trials' mean, about 0.05, where the
// prior's is 0.4; b's stays 0.4. The Nash solution, the share maximising
// (x − R_a)(1 − x − R_b), moves from 0.5 to about (1 − 0.4 + 0.05)/2 =
// 0.325; a zone of agreement is likelier; and the analysis counts the
// kept trials.
func TestAnalyseModelEvidence(t *testing.T) {
	m := loadSplit(t)
	opt := sim.Options{Trials: 20000, Seed: 7}
	prior, err := bargain.AnalyseModel(context.Background(), m, opt, bargain.ModelOptions{Grid: 41})
	if err != nil {
		t.Fatal(err)
	}
	m.Evidence = []sim.Evidence{{Label: "a accepted low", Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: true, Round: 1, Reliability: 1}}
	post, err := bargain.AnalyseModel(context.Background(), m, opt, bargain.ModelOptions{Grid: 41})
	if err != nil {
		t.Fatal(err)
	}
	p, q := prior.Tracks[0], post.Tracks[0]
	// 4 standard errors of the mean of the kept trials' draws: uniform on
	// [0, 0.1] and [0, 0.8].
	n := math.Sqrt(float64(post.Trials))
	if ra, rb := q.Reservations[0], q.Reservations[1]; math.Abs(ra-0.05) > 4*0.1/math.Sqrt(12)/n || math.Abs(rb-0.4) > 4*0.8/math.Sqrt(12)/n {
		t.Errorf("reservations %v given a accepted 0.1, want about [0.05, 0.4]", q.Reservations)
	}
	if x := q.Nash.X[0]; math.Abs(x-0.325) > 0.03 || math.Abs(p.Nash.X[0]-0.5) > 0.03 {
		t.Errorf("Nash share %.3f given the evidence (want about 0.325), %.3f before (0.5)", x, p.Nash.X[0])
	}
	if !(q.ZOPA.P > p.ZOPA.P) || post.Trials >= prior.Trials || post.Trials == 0 {
		t.Errorf("ZOPA %.3f given the evidence, %.3f before, on %d and %d trials", q.ZOPA.P, p.ZOPA.P, post.Trials, prior.Trials)
	}
}
