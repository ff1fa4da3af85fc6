package main

import (
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// split is the textbook division of a unit (testdata/split.toml): party a
// gets the share x with utility x, party b the rest with utility √(1 − x)
// (a curve of 101 points); both reservations are uniform(0, 1), mean 1/2…
// so the nominal problem is the split with reservations 1/2.
const splitFile = "testdata/split.toml"

// TestBargainTextbook: at reservations 0 the Nash solution of the split
// gives a 2/3 and Kalai–Smorodinsky (√5 − 1)/2; here, with reservations
// 1/2, Nash maximises (x − 1/2)(√(1−x) − 1/2), whose maximum is at the x
// solving √(1−x)·(… ) — computed in the test by a fine scan, and KS solves
// (x − 1/2)/(I_a − 1/2) = (√(1−x) − 1/2)/(I_b − 1/2) with I_a = 3/4 (where
// b's surplus runs out), I_b = √(1/2).
func TestBargainTextbook(t *testing.T) {
	for _, c := range []struct {
		name    string
		sets    []string
		nash, k float64
	}{
		{"reservations 0", []string{"--set", "parties.a.reservation=0", "--set", "parties.b.reservation=0"}, 2.0 / 3, (math.Sqrt(5) - 1) / 2},
		{"reservations 1/2", nil, scanMax(func(x float64) float64 { return (x - 0.5) * (math.Sqrt(1-x) - 0.5) }), ksHalf()},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "b")
			r := cli(t, append([]string{"bargain", "--evidence", "none", splitFile, "-q", "-o", out}, c.sets...)...)
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			d, err := results.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for _, s := range d.Solutions {
				x, _ := strconv.ParseFloat(s.Value, 64)
				got[s.Solution] = x
			}
			// b's utility is a curve through 101 points of √(1 − x): the
			// solutions move by up to about 2·10⁻³.
			if math.Abs(got["nash"]-c.nash) > 3e-3 || math.Abs(got["kalai_smorodinsky"]-c.k) > 3e-3 {
				t.Errorf("Nash %.4f (want %.4f), Kalai–Smorodinsky %.4f (want %.4f)", got["nash"], c.nash, got["kalai_smorodinsky"], c.k)
			}
			if len(d.ZOPA) != 1 || !d.ZOPA[0].Exists || len(d.Frontier) < 10 {
				t.Errorf("zopa %+v, %d frontier points", d.ZOPA, len(d.Frontier))
			}
			for _, p := range d.BargainPackages {
				if p.Package == "low" && !(p.DistanceNash > 0.1) {
					t.Errorf("package low at %.3f from the Nash point", p.DistanceNash)
				}
			}
		})
	}
}

// scanMax is the x in [0, 1] that maximises f, to 10⁻⁶.
func scanMax(f func(float64) float64) float64 {
	best, bx := math.Inf(-1), 0.0
	for i := 0; i <= 1_000_000; i++ {
		x := float64(i) / 1_000_000
		if v := f(x); v > best {
			best, bx = v, x
		}
	}
	return bx
}

// ksHalf is the Kalai–Smorodinsky share of the split with reservations
// 1/2: the x at which the surpluses are in the ratio of the ideal ones.
func ksHalf() float64 {
	ia, ib := 0.75, math.Sqrt(0.5)
	return scanMax(func(x float64) float64 {
		return -math.Abs((x-0.5)/(ia-0.5) - (math.Sqrt(1-x)-0.5)/(ib-0.5))
	})
}

// TestOptimizeTextbook: each party accepts when its utility reaches a
// reservation uniform on [0, 1], so P(deal) = x·√(1−x), largest at x = 2/3
// (4/(3√27)·… = 0.385); optimize finds it on the same trials, and the
// smallest repair of the package at x = 0.1 reaching 0.3 moves the share
// alone, to about the least x with x√(1−x) ≥ 0.3.
func TestOptimizeTextbook(t *testing.T) {
	out := filepath.Join(t.TempDir(), "o")
	r := cli(t, "optimize", "--evidence", "none", splitFile, "--target", "deal", "--trials", "20000", "-q", "-o", out)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	d, err := results.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	best := d.Optimize[0]
	x, _ := strconv.ParseFloat(best.Values[0], 64)
	want := 2.0 / 3 * math.Sqrt(1.0/3)
	if math.Abs(x-2.0/3) > 0.05 || !(best.CILow <= want && want <= best.CIHigh+0.01) || best.Rank != 1 || len(d.Optimize) > 10 {
		t.Errorf("best x = %.3f with P %.4f [%.4f, %.4f]: want x ≈ 2/3, P ≈ %.4f", x, best.Probability, best.CILow, best.CIHigh, want)
	}

	out = filepath.Join(t.TempDir(), "r")
	r = cli(t, "optimize", "--evidence", "none", splitFile, "--target", "deal", "--trials", "20000", "--repair", "low", "--min-prob", "0.3", "-o", out)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	d, err = results.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	least := scanMax(func(x float64) float64 {
		if x*math.Sqrt(1-x) >= 0.3 {
			return -x
		}
		return math.Inf(-1)
	})
	if len(d.Repair) != 1 {
		t.Fatalf("repair %+v: want one change", d.Repair)
	}
	to, _ := strconv.ParseFloat(d.Repair[0].To, 64)
	if d.Repair[0].Issue != "share" || d.Repair[0].From != "0.1" || math.Abs(to-least) > 0.03 || d.Repair[0].Probability < 0.3 {
		t.Errorf("repair %+v: want share from 0.1 to about %.3f, reaching 0.3", d.Repair[0], least)
	}
	if !strings.Contains(r.stdout, "share") {
		t.Errorf("summary:\n%s", r.stdout)
	}

	// Unreachable: no share gives 0.5.
	r = cli(t, "optimize", "--evidence", "none", splitFile, "--target", "deal", "--trials", "4000", "--repair", "low", "--min-prob", "0.5", "-q")
	if r.code != exitOK || !strings.Contains(r.stderr, "no change to low") {
		t.Errorf("exit %d, stderr %q: want a warning that nothing reaches 0.5", r.code, r.stderr)
	}
}

// TestBargainOptimizeProblems: mistakes are exit 2 and name the flag or key.
func TestBargainOptimizeProblems(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"bargain", "--evidence", "none", splitFile, "--package", "lw"}, "--package"},
		{[]string{"bargain", "--evidence", "none", splitFile, "--set", "issues.share.negotiable=[0, 2]"}, "issues.share.negotiable"},
		{[]string{"optimize", "--evidence", "none", splitFile, "--target", "dael"}, "did you mean deal"},
		{[]string{"optimize", "--evidence", "none", splitFile, "--target", "no_deal"}, "fallback"},
		{[]string{"optimize", "--evidence", "none", splitFile, "--repair", "low", "--min-prob", "1.5"}, "--min-prob"},
		{[]string{"optimize", "--evidence", "none", splitFile, "--repair", "low"}, "--min-prob"},
		{[]string{"optimize", "--evidence", "none", splitFile, "--repair", "lo", "--min-prob", "0.3"}, "--repair"},
		{[]string{"optimize", "--evidence", "none", splitFile, "--objective", "welfare"}, "--objective"},
		{[]string{"bargain", "--evidence", "none", "--set", "issues.troop_cap.negotiable=[100, 1300]"}, "issues.troop_cap.negotiable"},
	} {
		r := cli(t, c.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q: want exit %d naming %q", c.args, r.code, r.stderr, exitUsage, c.want)
		}
	}
}

// TestOptimizeNash: with reservations uniform on [0, 1] and independent,
// a's expected surplus at share x is E[(x − R)⁺] = x²/2 and b's
// E[(√(1−x) − R)⁺] = (1 − x)/2, so the expected Nash product x²(1−x)/4 is
// largest at x = 2/3.
func TestOptimizeNash(t *testing.T) {
	out := filepath.Join(t.TempDir(), "n")
	r := cli(t, "optimize", "--evidence", "none", splitFile, "--target", "deal", "--objective", "nash", "--trials", "20000", "-q", "-o", out)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	d, err := results.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := strconv.ParseFloat(d.Optimize[0].Values[0], 64)
	if math.Abs(x-2.0/3) > 0.03 || d.Optimize[0].Objective != "nash" {
		t.Errorf("best share %.4f by %s, want 2/3 by the Nash product", x, d.Optimize[0].Objective)
	}
}

// TestOptimizeProgress: optimize draws one bar over --max-evals
// candidates, and it counts every candidate the search scored.
func TestOptimizeProgress(t *testing.T) {
	var bar *progress
	var totals []int64
	out := filepath.Join(t.TempDir(), "o")
	opts := &OptimizeOptions{Objective: "probability", Starts: 2, MaxEvals: 60}
	opts.Scenario, opts.Workers, opts.Format, opts.formats, opts.Out = splitFile, 1, "table", []string{"table"}, out
	opts.SetTrials, opts.Trials, opts.Stdout, opts.Stderr = true, 2000, io.Discard, io.Discard
	opts.bars = func(total int64) *progress {
		totals = append(totals, total)
		bar = newProgressTo(io.Discard, total)
		return bar
	}
	if err := runOptimize(t.Context(), opts); err != nil {
		t.Fatal(err)
	}
	d, err := results.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(totals) != 1 || totals[0] != 60 {
		t.Fatalf("bars of %v candidates, want one of 60", totals)
	}
	if got, want := bar.bar.State().CurrentNum, d.Manifest.Optimize.Evaluations; got != want {
		t.Errorf("the bar counted %d candidates, the search scored %d", got, want)
	}
}
