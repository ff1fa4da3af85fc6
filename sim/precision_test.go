package sim

import (
	"context"
	"reflect"
	"testing"
)

// TestRunToPrecision: a run to a precision stops at a whole number of
// chunks once every interval is within the half-width; it is the plain run
// of that many trials, bit for bit, whatever the workers; and a cap on the
// trials stops it short, saying so.
func TestRunToPrecision(t *testing.T) {
	m := twoParty()
	const e = 0.01
	run := func(workers int) Precise {
		p, err := RunToPrecision(context.Background(), m, Options{Seed: 3, Workers: workers, Paired: true}, Target{HalfWidth: e, MaxTrials: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := run(1)
	if !p.Reached || WidestInterval(p.Result) > e {
		t.Fatalf("reached %v with a widest interval of %g, want ≤ %g", p.Reached, WidestInterval(p.Result), e)
	}
	if p.Trials%ChunkSize != 0 || p.Trials <= ChunkSize {
		t.Errorf("%d trials: want a whole number of chunks, more than one", p.Trials)
	}
	plain, err := Run(context.Background(), m, Options{Trials: p.Trials, Seed: 3, Paired: true, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain, p.Result) {
		t.Error("a plain run of as many trials differs")
	}
	if again := run(3); !reflect.DeepEqual(again, p) {
		t.Error("the run to a precision depends on the workers")
	}
	capped, err := RunToPrecision(context.Background(), m, Options{Seed: 3}, Target{HalfWidth: 0.0001, MaxTrials: 3*ChunkSize + 10})
	if err != nil {
		t.Fatal(err)
	}
	if capped.Reached || capped.Trials != 3*ChunkSize+10 {
		t.Errorf("capped: reached %v after %d trials, want false after %d", capped.Reached, capped.Trials, 3*ChunkSize+10)
	}
	if _, err := RunToPrecision(context.Background(), m, Options{}, Target{HalfWidth: 0, MaxTrials: 10}); err == nil {
		t.Error("a half-width of 0 accepted")
	}
}

// TestWidestIntervalCountsRounds: with a timeline, every round's interval
// is one a run reports, so --precision must reach it too.
func TestWidestIntervalCountsRounds(t *testing.T) {
	r := &Result{Pathways: [][]Proportion{{NewProportion(500, 1000)}}, Acceptance: [][][]Proportion{{}},
		Violated: [][][]Proportion{{}}, Pivotal: [][][]Proportion{{}}}
	plain := WidestInterval(r)
	r.Timeline = [][][]RoundEstimate{{{{Reached: NewProportion(5, 10), Outcome: NewProportion(5, 10)}}}}
	if got := WidestInterval(r); !(got > plain) {
		t.Errorf("with a round of 10 trials the widest interval is %g, without %g", got, plain)
	}
}
