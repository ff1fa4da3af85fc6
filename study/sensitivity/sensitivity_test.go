package sensitivity

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// closedForm is a scenario whose sensitivities are known. One veto party
// scores the package 0.5 on both tracks; it accepts the framework when its
// reservation R_f ~ U(0, 1) is at most 0.5, and the humanitarian track when
// R_h ~ U(0.2, 0.6) is. So P(framework) = 1/2 and P(humanitarian) =
// P(R_f > 0.5)·P(R_h ≤ 0.5) = 1/2 · 3/4. The factor's coefficient is 0: it
// cannot move anything.
const closedForm = `
[scenario]
id = "closed"
[run]
trials = 20000
seed = 4
[issues.x]
track = "framework"
kind = "number"
range = [0, 1]
[issues.y]
track = "humanitarian"
kind = "bool"
[parties.a]
veto = true
reservation = { framework = "uniform(0, 1)", humanitarian = "uniform(0.2, 0.6)" }
[parties.a.stakes.x]
weight = 1
best = 1
worst = 0
[parties.a.stakes.y]
weight = 1
values = { true = 0.5, false = 0 }
[factors.noise]
value = "uniform(0, 1)"
effects = [ { party = "a", on = "reservation", coef = 0, tracks = ["humanitarian"] } ]
[packages.p]
x = 0.5
y = true
[[pathways]]
id = "framework_agreement"
tracks = ["framework"]
accepted_by = "veto"
[[pathways]]
id = "humanitarian_ceasefire"
tracks = ["humanitarian"]
accepted_by = "veto"
[[pathways]]
id = "talks_collapse"
`

func closedModel(t *testing.T) (*sim.Model, []Unit) {
	t.Helper()
	m, err := scenarios.Load("closed.toml", []byte(closedForm))
	if err != nil {
		t.Fatal(err)
	}
	var units []Unit
	for i, in := range m.Inputs() {
		units = append(units, Unit{Name: in.Name, Inputs: []int{i}})
	}
	return m, units
}

func swingOf(t *testing.T, r *TornadoResult, units []Unit, name string, pathway int) Swing {
	t.Helper()
	for _, s := range r.Swings {
		if units[s.Unit].Name == name && s.Pathway == pathway {
			return s
		}
	}
	t.Fatalf("no swing of %s on pathway %d", name, pathway)
	return Swing{}
}

// TestTornadoClosedForm: the swings of the closed-form scenario. Fixing R_f
// at its 10th percentile (0.1) makes the framework certain, at its 90th
// (0.9) impossible: a swing of exactly −1. On the humanitarian pathway R_f
// swings it from 0 to P(R_h ≤ 0.5) = 3/4 (within 4 standard errors). R_h
// cannot move the framework, nor the factor anything: swings of exactly 0,
// the trials being the same.
func TestTornadoClosedForm(t *testing.T) {
	m, units := closedModel(t)
	opt := sim.Options{Trials: 20000, Seed: 4, Workers: 2}
	r, err := RunTornado(context.Background(), m, opt, units, Tornado{Low: 0.1, High: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	const fw, hum = 0, 1
	rf := swingOf(t, r, units, "parties.a.reservation.framework", fw)
	if rf.Low != 0.1 || math.Abs(rf.High-0.9) > 1e-12 || rf.PLow.P != 1 || rf.PHigh.P != 0 || rf.Diff.Difference != -1 {
		t.Errorf("R_f on the framework: %+v, want P 1 at 0.1 and 0 at 0.9", rf)
	}
	if p := rf.Base.P; math.Abs(p-0.5) > 4*math.Sqrt(0.25/20000) {
		t.Errorf("base P(framework) %.4f, want 0.5 within 4 standard errors", p)
	}
	rfh := swingOf(t, r, units, "parties.a.reservation.framework", hum)
	if se := math.Sqrt(0.75 * 0.25 / 20000); math.Abs(rfh.Diff.Difference-0.75) > 4*se || rfh.PLow.P != 0 {
		t.Errorf("R_f on the humanitarian pathway: swing %.4f from %.4f, want 0.75 from 0", rfh.Diff.Difference, rfh.PLow.P)
	}
	if !(rfh.Diff.Low < rfh.Diff.Difference && rfh.Diff.Difference < rfh.Diff.High) {
		t.Errorf("swing %.4f outside its interval [%.4f, %.4f]", rfh.Diff.Difference, rfh.Diff.Low, rfh.Diff.High)
	}
	if s := swingOf(t, r, units, "parties.a.reservation.humanitarian", fw); s.Diff.Difference != 0 || s.Diff.AOnly+s.Diff.BOnly != 0 {
		t.Errorf("R_h moves the framework: %+v", s.Diff)
	}
	if s := swingOf(t, r, units, "parties.a.reservation.humanitarian", hum); s.Diff.Difference >= -0.4 {
		t.Errorf("R_h at 0.24 and 0.56 should swing the humanitarian pathway by about −0.5, got %.4f", s.Diff.Difference)
	}
	for _, w := range []int{fw, hum, 2} {
		if s := swingOf(t, r, units, "factors.noise.value", w); s.Diff.Difference != 0 || s.Diff.AOnly+s.Diff.BOnly != 0 {
			t.Errorf("a factor of coefficient 0 moves pathway %d: %+v", w, s.Diff)
		}
	}
	// Largest swing first within each pathway.
	for i := 1; i < len(r.Swings); i++ {
		a, b := r.Swings[i-1], r.Swings[i]
		if a.Pathway == b.Pathway && math.Abs(a.Diff.Difference) < math.Abs(b.Diff.Difference) {
			t.Errorf("swings out of order: %v before %v", a.Diff.Difference, b.Diff.Difference)
		}
	}

	opt.Workers = 1
	r1, err := RunTornado(context.Background(), m, opt, units, Tornado{Low: 0.1, High: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Swings, r1.Swings) {
		t.Error("the tornado depends on the number of workers")
	}
}

// TestTornadoPrecision: with a precision, trials are added until every
// swing's interval is within it, and a plain tornado of that many trials
// gives the same swings.
func TestTornadoPrecision(t *testing.T) {
	m, units := closedModel(t)
	opt := sim.Options{Seed: 4, Workers: 2}
	r, err := RunTornado(context.Background(), m, opt, units, Tornado{Low: 0.1, High: 0.9, Precision: 0.01, MaxTrials: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Reached || r.Trials%sim.ChunkSize != 0 || r.Trials <= sim.ChunkSize {
		t.Fatalf("reached %v in %d trials: want it reached in whole chunks, more than one", r.Reached, r.Trials)
	}
	for _, s := range r.Swings {
		if h := max(s.Diff.Difference-s.Diff.Low, s.Diff.High-s.Diff.Difference); h > 0.01 {
			t.Errorf("%s: half-width %.4f > 0.01", units[s.Unit].Name, h)
		}
	}
	opt.Trials = r.Trials
	plain, err := RunTornado(context.Background(), m, opt, units, Tornado{Low: 0.1, High: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Swings, plain.Swings) {
		t.Error("a plain tornado of the trials --precision took differs")
	}
}

// TestSobolClosedForm: the framework depends on R_f alone, so its first
// order index is exactly 1 (the rows that take R_f from B are B's) and
// every other input's total index exactly 0; the factor of coefficient 0
// has total index 0 on every pathway.
func TestSobolClosedForm(t *testing.T) {
	m, units := closedModel(t)
	r, err := RunSobol(context.Background(), m, sim.Options{Seed: 4, Workers: 2}, units, Sobol{Samples: 4096, Bootstrap: 50})
	if err != nil {
		t.Fatal(err)
	}
	if r.Evaluations != int64(len(units)+2)*4096 {
		t.Errorf("%d evaluations, want %d", r.Evaluations, (len(units)+2)*4096)
	}
	for _, x := range r.Indices {
		name := units[x.Unit].Name
		switch {
		case x.Package != 0:
			t.Errorf("package %d: the scenario has one", x.Package)
		case x.Pathway == 0 && name == "parties.a.reservation.framework":
			if math.Abs(x.First-1) > 1e-12 || math.Abs(x.Total-1) > 0.05 {
				t.Errorf("R_f on the framework: S1 %.4f ST %.4f, want 1 and ≈1", x.First, x.Total)
			}
		case x.Pathway == 0:
			if x.Total != 0 {
				t.Errorf("%s on the framework: ST %.4f, want exactly 0", name, x.Total)
			}
		case name == "factors.noise.value":
			if x.Total != 0 {
				t.Errorf("the factor on pathway %d: ST %.4f, want exactly 0", x.Pathway, x.Total)
			}
		}
		if !math.IsNaN(x.FirstLow) && !(x.FirstLow <= x.First+1e-12 && x.First <= x.FirstHigh+1e-12) {
			t.Errorf("%s pathway %d: S1 %.4f outside [%.4f, %.4f]", name, x.Pathway, x.First, x.FirstLow, x.FirstHigh)
		}
	}
}
