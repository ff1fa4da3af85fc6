package sim_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

func miami(t *testing.T) *sim.Model {
	t.Helper()
	src, ok := scenarios.Lookup("miami-2025")
	if !ok {
		t.Fatal("no embedded miami-2025")
	}
	m, err := scenarios.Load("miami-2025.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// oneShot is m without its timeline: the talks as one vote, every input
// drawn once (a step is then an input of no effect).
func oneShot(m *sim.Model) *sim.Model {
	c := *m
	c.Timeline = nil
	return &c
}

// TestInputs: every uncertain Param and every resampled salience Dirichlet
// is an input, once, under its key path, and nothing fixed is.
func TestInputs(t *testing.T) {
	m := loadSections(t, pairedSections)
	in := m.Inputs()
	var names []string
	params, salience := 0, 0
	for _, x := range in {
		names = append(names, x.Name)
		if x.Param >= 0 {
			params++
			if m.Params[x.Param].Dist.IsFixed() || m.Params[x.Param].Name != x.Name {
				t.Errorf("%+v: not an uncertain Param of that name", x)
			}
		} else {
			salience++
			if x.Name != m.SalienceName(x.Party, x.Track) {
				t.Errorf("%+v: want the salience key path %s", x, m.SalienceName(x.Party, x.Track))
			}
		}
	}
	uncertain := 0
	for _, p := range m.Params {
		if !p.Dist.IsFixed() {
			uncertain++
		}
	}
	if params != uncertain || salience != 4 { // two parties, two tracks each
		t.Errorf("%d Params and %d salience Dirichlets, want %d and 4: %q", params, salience, uncertain, names)
	}
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != len(names) {
		t.Errorf("input names repeat: %q", names)
	}
}

// TestTrialsCountAsRun: the outcomes of Trials, trial by trial, add up to
// the counts of a Run of the same trials, for every package and pathway —
// over the trials the default scenario's evidence keeps, those of weight
// 1 — and do not depend on the number of workers; the draws recorded are
// those the trials used.
func TestTrialsCountAsRun(t *testing.T) {
	m := miami(t)
	opt := sim.Options{Trials: 20_000, Seed: 3, Workers: 1}
	r, err := sim.Run(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := m.Param("parties.russia.reservation.framework")
	out, draws, err := sim.Trials(context.Background(), m, opt, []int{res})
	if err != nil {
		t.Fatal(err)
	}
	if out.Evaluations() != 20_000 || len(out.Weight) != 20_000 {
		t.Fatalf("%d evaluations, %d weights, want 20000", out.Evaluations(), len(out.Weight))
	}
	var kept int64
	for _, w := range out.Weight {
		if w == 1 {
			kept++
		} else if w != 0 {
			t.Fatalf("a weight of %v: the default scenario's evidence is exact", w)
		}
	}
	if kept != r.Trials || kept == 20_000 {
		t.Errorf("%d trials of weight 1, the run kept %d of 20000", kept, r.Trials)
	}
	for k := range m.Packages {
		for w := range m.Pathways {
			var n int64
			for e := range out.Evaluations() {
				if out.Weight[e] == 1 && out.Reached(e, k, w) {
					n++
				}
			}
			if n != r.Pathways[k][w].Count {
				t.Errorf("%s → %s: %d trials one by one, %d in the run", m.Packages[k].ID, m.Pathways[w].ID, n, r.Pathways[k][w].Count)
			}
		}
	}
	// The draws are of the reservation's distribution: their mean is
	// within 4 standard errors of the distribution's.
	d := m.Params[res].Dist
	var sum float64
	for _, x := range draws[0] {
		sum += x
	}
	mean := sum / float64(len(draws[0]))
	sd := (d.Quantile(0.8413) - d.Quantile(0.1587)) / 2
	if se := sd / 141.4; mean < d.Mean()-4*se || mean > d.Mean()+4*se {
		t.Errorf("mean draw %.4f, want %.4f ± %.4f", mean, d.Mean(), 4*se)
	}

	// Chunks 1 and 2 alone are those trials of the whole.
	part := opt
	part.Chunks = sim.ChunkRange{First: 1, End: 3}
	mid, _, err := sim.Trials(context.Background(), m, part, nil)
	if err != nil {
		t.Fatal(err)
	}
	K := len(m.Packages)
	if !slices.Equal(mid.Pathway, out.Pathway[sim.ChunkSize*K:3*sim.ChunkSize*K]) {
		t.Error("chunks 1 and 2 evaluated alone differ from the same trials of the whole")
	}

	opt.Workers = 3
	out3, draws3, err := sim.Trials(context.Background(), m, opt, []int{res})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.Pathway, out3.Pathway) || !slices.Equal(draws[0], draws3[0]) {
		t.Error("1 and 3 workers evaluate the trials differently")
	}
}

// TestSaltelliDesign: matrix A is the run's trials; A_B of a group of
// every input is B; A_B of a group is A wherever the group's inputs do not
// move any package, and the design does not depend on the workers.
func TestSaltelliDesign(t *testing.T) {
	m := miami(t)
	in := m.Inputs()
	const n = 5000
	all := make([]int, len(in))
	for i := range all {
		all[i] = i
	}
	groups := [][]int{all}
	for i := range in {
		groups = append(groups, []int{i})
	}
	opt := sim.Options{Seed: 11, Workers: 1}
	sal, err := sim.Saltelli(context.Background(), m, opt, n, groups)
	if err != nil {
		t.Fatal(err)
	}
	K := len(m.Packages)
	if sal.Evaluations() != n*(len(groups)+2) {
		t.Fatalf("%d evaluations, want %d", sal.Evaluations(), n*(len(groups)+2))
	}
	matrix := func(i int) []uint8 { return sal.Pathway[i*n*K : (i+1)*n*K] }
	opt.Trials = n
	trials, _, err := sim.Trials(context.Background(), m, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(matrix(0), trials.Pathway) {
		t.Error("A is not the run's first trials")
	}
	if slices.Equal(matrix(0), matrix(1)) {
		t.Error("B is A")
	}
	if !slices.Equal(matrix(2), matrix(1)) {
		t.Error("A with every input from B is not B")
	}
	// Each single input moves some outcomes, or none; taken from B, all of
	// them together must move at least as many rows as the one that moves
	// most.
	most, moved := 0, diffRows(matrix(0), matrix(1), K)
	for i := range in {
		most = max(most, diffRows(matrix(0), matrix(3+i), K))
	}
	if most == 0 || most > moved {
		t.Errorf("one input moves at most %d rows, all of them %d", most, moved)
	}

	opt.Workers = 2
	sal2, err := sim.Saltelli(context.Background(), m, opt, n, groups)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sal.Pathway, sal2.Pathway) {
		t.Error("1 and 2 workers evaluate the design differently")
	}
}

// diffRows counts the rows in which some package's pathway differs.
func diffRows(a, b []uint8, k int) int {
	n := 0
	for j := 0; j < len(a); j += k {
		if !slices.Equal(a[j:j+k], b[j:j+k]) {
			n++
		}
	}
	return n
}

// TestUtilityIsTheEngines: with every input fixed at its mean and salience
// not resampled, every trial of a run has the same margin U − R, and it is
// Model.Utility − Model.Reservation at the means, for every package, party
// and track; acceptance agrees with the sign and the veto.
func TestUtilityIsTheEngines(t *testing.T) {
	m := oneShot(miami(t))
	fixed := *m
	fixed.Params = slices.Clone(m.Params)
	for i := range fixed.Params {
		fixed.Params[i].Dist = sim.FixedValue(m.Mean(i))
	}
	fixed.Parties = slices.Clone(m.Parties)
	for p := range fixed.Parties {
		fixed.Parties[p].Concentration = 0
	}
	r, err := sim.Run(context.Background(), &fixed, sim.Options{Trials: 4096, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for k, pkg := range fixed.Packages {
		for p := range fixed.Parties {
			for tr := range fixed.Tracks {
				mg := r.Margins[k][p][tr]
				if mg.N == 0 {
					continue
				}
				u, vetoed := fixed.Utility(p, tr, pkg.Values, fixed.Mean)
				margin := u - fixed.Reservation(p, tr, fixed.Mean)
				if math.Abs(mg.Mean-margin) > 1e-6 || mg.SD > 4e-5 { // an sd near 0 is off by up to 4·10⁻⁵ (README)
					t.Errorf("%s, %s, %s: engine margin %.6f ± %.6f, Utility − Reservation %.6f", pkg.ID, fixed.Parties[p].ID, fixed.Tracks[tr], mg.Mean, mg.SD, margin)
				}
				accepts := margin >= 0 && !vetoed && pkg.OnTable(tr) == 1 // a track scheduled later is not on the table
				if got := r.Acceptance[k][p][tr].P; got != map[bool]float64{true: 1, false: 0}[accepts] {
					t.Errorf("%s, %s, %s: engine accepts in %.2f of trials, Utility says %v", pkg.ID, fixed.Parties[p].ID, fixed.Tracks[tr], got, accepts)
				}
				checked++
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d cells checked", checked)
	}
}

// TestUtilityIsTheEnginesInEveryTrial: the engine's vectorised scoring and
// the scalar Model.Utility and Model.Reservation that the bargaining and
// search studies use are two implementations of one model. With salience
// not resampled (the scalar one takes the nominal weights), they agree in
// every trial on U, R, the veto and acceptance, for every package, party
// and track of the default scenario, with every other input drawn.
func TestUtilityIsTheEnginesInEveryTrial(t *testing.T) {
	m := miami(t)
	nominal := *m
	nominal.Parties = slices.Clone(m.Parties)
	for p := range nominal.Parties {
		nominal.Parties[p].Concentration = 0
	}
	if checked := checkUtilityIsTheEngines(t, &nominal, 1); checked < 5000 {
		t.Errorf("only %d (package, party, track, trial) checked", checked)
	}
}

// TestUtilityIsTheEnginesInEveryRound: over a timeline whose factors step,
// the engine's reservation in every round is Model.Reservation with the
// factors at their values in that round.
func TestUtilityIsTheEnginesInEveryRound(t *testing.T) {
	m := timelineModel(t, 5,
		timelineFactor{id: "momentum", value: "beta(6, 3)", step: "normal(0.01, 0.05)", coef: "0.2", bounds: []float64{0, 1}},
		timelineFactor{id: "strikes", value: "0", step: "bernoulli(0.3)", coef: "-0.02"})
	for round := 1; round <= 5; round++ {
		if checked := checkUtilityIsTheEngines(t, m, round); checked < 100 {
			t.Errorf("round %d: only %d checked", round, checked)
		}
	}
}

// checkUtilityIsTheEngines compares the engine with Model.Utility and
// Model.Reservation in round round of two blocks of trials of m, and
// returns the number of (package, party, track, trial) compared.
func checkUtilityIsTheEngines(t *testing.T, nominal *sim.Model, round int) int {
	t.Helper()
	checked := 0
	for _, t0 := range []uint64{0, 4096 * 7} {
		cell, param := sim.ScoreCells(nominal, 11, t0, sim.Block, round)
		for b := range sim.Block {
			draw := func(i int) float64 { return param(i, b) }
			for k, pkg := range nominal.Packages {
				for p := range nominal.Parties {
					for tr := range nominal.Tracks {
						got, ok := cell(k, p, tr, b)
						if !ok {
							continue
						}
						u, vetoed := nominal.Utility(p, tr, pkg.Values, draw)
						r := nominal.Reservation(p, tr, draw)
						onTable := pkg.OnTable(tr) <= max(1, round)
						if math.Abs(got.U-u) > 1e-12 || math.Abs(got.R-r) > 1e-12 || got.Vetoed != vetoed || got.Accepts != (u-r >= 0 && !vetoed && onTable) {
							t.Fatalf("round %d, trial %d, %s, %s, %s: engine %+v; Utility %v (vetoed %v), Reservation %v",
								round, t0+uint64(b), pkg.ID, nominal.Parties[p].ID, nominal.Tracks[tr], got, u, vetoed, r)
						}
						checked++
					}
				}
			}
		}
	}
	return checked
}
