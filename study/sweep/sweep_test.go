package sweep

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// load returns the default scenario with overrides.
func load(t testing.TB, sets ...[2]string) *sim.Model {
	t.Helper()
	src, _ := scenarios.Lookup(scenarios.Default)
	var opts []scenarios.Option
	for _, s := range sets {
		opts = append(opts, scenarios.Set(s[0], s[1]))
	}
	m, err := scenarios.Load("miami-2025.toml", src, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// dimension varies key over values of the default scenario, by Diff.
func dimension(t testing.TB, base *sim.Model, key string, values ...string) Dimension {
	t.Helper()
	d := Dimension{Key: key}
	for _, v := range values {
		p, err := base.Diff(load(t, [2]string{key, v}))
		if err != nil {
			t.Fatal(err)
		}
		d.Values = append(d.Values, Value{Text: v, Patch: p})
	}
	return d
}

func TestGrid(t *testing.T) {
	a := Dimension{Key: "a", Values: []Value{{Text: "1"}, {Text: "2"}}}
	b := Dimension{Key: "b", Values: []Value{{Text: "x"}, {Text: "y"}, {Text: "z"}}}
	var got []string
	for i, p := range Grid([]Dimension{a, b}) {
		if p.Index != i {
			t.Errorf("point %d has index %d", i, p.Index)
		}
		got = append(got, p.Values[0].Text+p.Values[1].Text)
	}
	if want := []string{"1x", "1y", "1z", "2x", "2y", "2z"}; !slices.Equal(got, want) {
		t.Errorf("grid %v, want %v (the first dimension slowest)", got, want)
	}
}

// TestLatinHypercube: the same seed gives the same points, another seed
// others; each range's n values fall one in each of its n strata.
func TestLatinHypercube(t *testing.T) {
	ranges := []Range{{Key: "a", Lo: 400, Hi: 1000}, {Key: "b", Lo: 0, Hi: 1},
		{Key: "c", Levels: []Value{{Text: "x"}, {Text: "y"}}}}
	const n = 20
	p1, err := LatinHypercube(ranges, n, 7)
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := LatinHypercube(ranges, n, 7)
	p3, _ := LatinHypercube(ranges, n, 8)
	if !reflect.DeepEqual(p1, p2) || reflect.DeepEqual(p1, p3) {
		t.Error("the design does not follow its seed")
	}
	for j, r := range ranges[:2] {
		var strata []int
		for _, p := range p1 {
			var x float64
			fmt.Sscan(p.Values[j].Text, &x)
			if x < r.Lo || x > r.Hi {
				t.Fatalf("%s = %g outside [%g, %g]", r.Key, x, r.Lo, r.Hi)
			}
			strata = append(strata, min(int((x-r.Lo)/(r.Hi-r.Lo)*n), n-1))
		}
		sort.Ints(strata)
		for i, s := range strata {
			if s != i {
				t.Fatalf("%s: strata %v, want one point in each of %d", r.Key, strata, n)
			}
		}
	}
	count := map[string]int{}
	for _, p := range p1 {
		count[p.Values[2].Text]++
	}
	if count["x"] != n/2 || count["y"] != n/2 {
		t.Errorf("levels drawn %v, want half each", count)
	}
}

// TestRun: the points come out in order, each the very result of running
// its model alone, whatever the number of workers; and a value that
// cannot affect a pathway leaves it exactly unchanged between points.
func TestRun(t *testing.T) {
	base := load(t)
	dims := []Dimension{
		dimension(t, base, "packages.us_28_point.troop_cap", "400", "700", "1000"),
		// The ceasefire monitoring gates no pathway (the ceasefire track is
		// in no rule): it moves no pathway of us_28_point.
		dimension(t, base, "packages.us_28_point.ceasefire_monitoring", "none", "european_troops"),
	}
	points := Grid(dims)
	if packable(base, points) {
		t.Error("a sweep of a package the evidence observes is packed: each point keeps other trials")
	}
	opt := sim.Options{Trials: 2*sim.ChunkSize + 7, Seed: 5, Lean: true}
	collect := func(workers int) []*sim.Result {
		var got []*sim.Result
		err := Run(context.Background(), base, points, opt, workers, nil, func(p Point, m *sim.Model, r *sim.Result) error {
			if p.Index != len(got) {
				t.Fatalf("point %d emitted after %d points", p.Index, len(got))
			}
			got = append(got, r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	one := collect(1)
	if two := collect(3); !reflect.DeepEqual(one, two) {
		t.Error("the results depend on the number of workers")
	}
	for i, p := range points {
		alone, err := sim.Run(context.Background(), p.Model(base), opt)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(alone, one[i]) {
			t.Errorf("point %d differs from its model run alone", i)
		}
	}
	const us = 0
	for i := 0; i < len(points); i += 2 { // pairs that differ in monitoring only
		if !reflect.DeepEqual(one[i].Pathways[us], one[i+1].Pathways[us]) {
			t.Errorf("points %d and %d differ in monitoring only, yet their pathways differ", i, i+1)
		}
	}
	if reflect.DeepEqual(one[0].Pathways[us], one[4].Pathways[us]) {
		t.Error("a troop cap of 400 and of 1,000 give the same pathways")
	}
}

// TestRunInputs: a sweep of an input (which cannot share its draws across
// points) gives each point the result it gets alone too.
func TestRunInputs(t *testing.T) {
	base := load(t)
	points := Grid([]Dimension{dimension(t, base, "parties.russia.reservation.framework", "normal(0.38, 0.12)", "0.5")})
	if packable(base, points) {
		t.Fatal("a sweep of an input is packed")
	}
	opt := sim.Options{Trials: sim.ChunkSize + 3, Seed: 2, Lean: true}
	var got []*sim.Result
	if err := Run(context.Background(), base, points, opt, 2, nil, func(_ Point, _ *sim.Model, r *sim.Result) error {
		got = append(got, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, p := range points {
		alone, _ := sim.Run(context.Background(), p.Model(base), opt)
		if !reflect.DeepEqual(alone, got[i]) {
			t.Errorf("point %d differs from its model run alone", i)
		}
	}
}

// TestRunStops: an error of emit stops the sweep and is returned; so is a
// cancelled context.
func TestRunStops(t *testing.T) {
	base := load(t)
	points := Grid([]Dimension{dimension(t, base, "packages.us_28_point.troop_cap", "400", "500", "600", "700")})
	opt := sim.Options{Trials: 100, Seed: 1, Lean: true}
	stop := fmt.Errorf("disk full")
	err := Run(context.Background(), base, points, opt, 2, nil, func(p Point, _ *sim.Model, _ *sim.Result) error {
		if p.Index == 1 {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Errorf("err = %v, want emit's", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Run(ctx, base, points, opt, 2, nil, func(Point, *sim.Model, *sim.Result) error { return nil }); err != context.Canceled {
		t.Errorf("cancelled: err = %v", err)
	}
}

// TestRunEvidencePacked: a sweep of a package the evidence does not
// observe is packed, and with the evidence's packages observed apart
// (WithPackages) each point is still the result of its model alone.
func TestRunEvidencePacked(t *testing.T) {
	full := load(t)
	k := slices.IndexFunc(full.Packages, func(p sim.Package) bool { return p.ID == "miami_20_point_european_guarantees" })
	base := full.WithPackages([]int{k})
	if len(base.Observed) == 0 {
		t.Fatal("the default scenario's evidence observes no other package")
	}
	d := Dimension{Key: "packages.miami_20_point_european_guarantees.troop_cap"}
	for _, v := range []string{"400", "700", "1000"} {
		p, err := base.Diff(load(t, [2]string{d.Key, v}).WithPackages([]int{k}))
		if err != nil {
			t.Fatal(err)
		}
		d.Values = append(d.Values, Value{Text: v, Patch: p})
	}
	points := Grid([]Dimension{d})
	if !packable(base, points) {
		t.Fatal("a sweep of a package no evidence observes is not packed")
	}
	opt := sim.Options{Trials: sim.ChunkSize + 11, Seed: 3, Lean: true}
	i := 0
	err := Run(context.Background(), base, points, opt, 2, nil, func(p Point, _ *sim.Model, r *sim.Result) error {
		alone, err := sim.Run(context.Background(), p.Model(base), opt)
		if err != nil {
			return err
		}
		if !r.Evidence || !reflect.DeepEqual(alone.Pathways, r.Pathways) || alone.Trials != r.Trials {
			t.Errorf("point %d differs from its model run alone", i)
		}
		i++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
