package sweep

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study"
)

// defaultLoader loads the default scenario with the overrides.
func defaultLoader(ctx context.Context, over ...scenarios.Option) (*sim.Model, error) {
	src, _ := scenarios.Lookup(scenarios.Default)
	return scenarios.Load("miami-2025.toml", src, over...)
}

// varies reads the arguments or fails the test.
func varies(t *testing.T, args ...string) []Vary {
	t.Helper()
	vs, err := ParseVaries(args)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// checkPoints fails unless every point's model is the scenario compiled
// with its values as written, which is what run --set with them runs.
func checkPoints(t *testing.T, d Design) {
	t.Helper()
	for _, p := range d.Points {
		var sets [][2]string
		for i, v := range p.Values {
			sets = append(sets, [2]string{d.Keys[i], v.Text})
		}
		patch, err := p.Model(d.Base).Diff(load(t, sets...))
		if err != nil || !patch.Empty() {
			t.Fatalf("point %d %v: its model is not the scenario at those values (%v, %+v)", p.Index, sets, err, patch)
		}
	}
}

// TestNewDesign: a grid has every combination, each point the scenario
// compiled at its values — a range put in place, a list compiled value
// by value —; a Latin hypercube's values are snapped to the step, or to
// the range's resolution, and are what its points run.
func TestNewDesign(t *testing.T) {
	ctx := context.Background()
	d, err := NewDesign(ctx, defaultLoader, DesignOptions{Vary: varies(t,
		"packages.miami_20_point.troop_cap=400:1000:200", "packages.us_28_point.nato=renounced,deferred")})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Points) != 8 || d.Keys[0] != "packages.miami_20_point.troop_cap" || d.Keys[1] != "packages.us_28_point.nato" {
		t.Fatalf("%d points, keys %v; want 8 and the keys in order", len(d.Points), d.Keys)
	}
	checkPoints(t, d)

	seed := uint64(3)
	d, err = NewDesign(ctx, defaultLoader, DesignOptions{LHS: 12, Seed: &seed, Vary: varies(t,
		"packages.miami_20_point.troop_cap=400:1000:10", "parties.russia.reservation.framework=0.3:0.6")})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Points) != 12 {
		t.Fatalf("%d points, want 12", len(d.Points))
	}
	for _, p := range d.Points {
		cap, _ := strconv.ParseFloat(p.Values[0].Text, 64)
		if math.Mod(cap-400, 10) != 0 || cap < 400 || cap > 1000 {
			t.Errorf("troop cap %s: not on the step of 10 from 400", p.Values[0].Text)
		}
		if s := p.Values[1].Text; len(s) > len("0.3000") || !strings.HasPrefix(s, "0.") {
			t.Errorf("reservation %s: want at most 4 decimals in [0.3, 0.6]", s)
		}
	}
	checkPoints(t, d)
	again, _ := NewDesign(ctx, defaultLoader, DesignOptions{LHS: 12, Vary: varies(t,
		"packages.miami_20_point.troop_cap=400:1000:10", "parties.russia.reservation.framework=0.3:0.6")})
	if again.Points[0].Values[0].Text == d.Points[0].Values[0].Text && again.Points[1].Values[0].Text == d.Points[1].Values[0].Text &&
		again.Points[2].Values[0].Text == d.Points[2].Values[0].Text {
		t.Error("the model's seed (1) and seed 3 drew the same hypercube")
	}
}

// TestNewDesignRefuses: what no scenario could honour is an InputError
// naming its option; a value the scenario refuses is a problem naming its
// Vary and the value; a failure of the loader is returned as it is.
func TestNewDesignRefuses(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		opt    DesignOptions
		option string
		want   string
	}{
		{DesignOptions{}, "", "at least one --vary"},
		{DesignOptions{LHS: -1, Vary: varies(t, "packages.us_28_point.troop_cap=400:800:100")}, "LHS", "must be ≥ 0"},
		{DesignOptions{Vary: varies(t, "packages.us_28_point.troop_cap=400:800:100", "packages.us_28_point.troop_cap=1,2")}, "Vary", "varied twice"},
		{DesignOptions{Vary: varies(t, "packages.us_28_point.troop_cap=400:800")}, "Vary", "a grid needs lo:hi:step"},
		{DesignOptions{Vary: varies(t, "packages.us_28_point.troop_cap=0:99:1", "packages.miami_20_point.troop_cap=0:99:1",
			"parties.russia.salience_concentration=1:100:1", "parties.ukraine.salience_concentration=1:100:1")}, "", "more than 10000000 points"},
		// Sizes are refused before anything is built: a grid of two keys of
		// a million values each, a hypercube past the cap (whose unit cube
		// alone would take 80 GB), and one that does not fit the memory
		// given.
		{DesignOptions{Vary: varies(t, "packages.us_28_point.troop_cap=0:999999:1", "packages.miami_20_point.troop_cap=0:999999:1")}, "", "more than 10000000 points"},
		{DesignOptions{LHS: 10_000_000_000, Vary: varies(t, "packages.us_28_point.troop_cap=400:800")}, "LHS", "more than a design takes"},
		{DesignOptions{LHS: 1_000_000, MemoryLimit: 64 << 20, Vary: varies(t, "packages.us_28_point.troop_cap=400:800")}, "LHS", "more than the 64 MiB this machine allows"},
	} {
		_, err := NewDesign(ctx, defaultLoader, c.opt)
		var ie *study.InputError
		if !errors.As(err, &ie) || ie.Option != c.option || !strings.Contains(ie.Msg, c.want) {
			t.Errorf("%+v: err %v, want an InputError of %q: …%s…", c.opt, err, c.option, c.want)
		}
	}

	_, err := NewDesign(ctx, defaultLoader, DesignOptions{Flag: "--vary", Vary: varies(t, "packages.miami_20_point.troop_cap=1000:1400:200")})
	var ps scenarios.Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Flag != "--vary" || ps[0].Set != "packages.miami_20_point.troop_cap=1000:1400:200 (at 1400)" {
		t.Errorf("an out-of-range value: %v (%+v), want one problem of --vary … (at 1400)", err, ps)
	}
	_, err = NewDesign(ctx, defaultLoader, DesignOptions{Vary: varies(t, "parties.europe.veto=false,true")})
	if !errors.As(err, &ps) || !strings.Contains(err.Error(), "changes more than values") {
		t.Errorf("a structural key: %v, want a problem: changes more than values", err)
	}
	stop := errors.New("disk gone")
	failing := func(context.Context, ...scenarios.Option) (*sim.Model, error) { return nil, stop }
	if _, err := NewDesign(ctx, failing, DesignOptions{Vary: varies(t, "a.b=1,2")}); err != stop {
		t.Errorf("a failing loader: err %v, want its error", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := NewDesign(cancelled, defaultLoader, DesignOptions{Vary: varies(t, "packages.us_28_point.troop_cap=400:800:100")}); err != context.Canceled {
		t.Errorf("cancelled: err %v", err)
	}
}
