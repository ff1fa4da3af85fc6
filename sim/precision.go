package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Target asks a run for a precision rather than a number of trials: trials
// are added, whole chunks at a time, until every interval Widest measures
// is within HalfWidth of its estimate, or MaxTrials is reached.
type Target struct {
	// HalfWidth is the largest distance allowed between an estimate and
	// either end of its 95% interval (> 0).
	HalfWidth float64
	// MaxTrials bounds the run (> 0); Run stops there, the precision not
	// reached, and says so in Reached.
	MaxTrials int64
	// Widest returns the largest such distance among the intervals a
	// command reports; nil means WidestInterval.
	Widest func(*Result) float64
}

// WidestPathway is the largest distance between an estimate and an end of
// its 95% interval among a result's pathway probabilities alone: the
// intervals of a study that reports only those, as a sweep does.
func WidestPathway(r *Result) float64 {
	var w float64
	for _, byPathway := range r.Pathways {
		for _, p := range byPathway {
			w = max(w, p.P-p.Low, p.High-p.P)
		}
	}
	return w
}

// WidestInterval is the largest distance between an estimate and an end of
// its 95% interval among a result's pathway probabilities, acceptance
// rates, red-line violation and pivotal rates, and paired differences:
// every interval the tables of a run or a compare report. The pivotal
// rates of a lean run, which it does not count, are left out. With a
// timeline, the probabilities of every round (timeline.csv) count too.
func WidestInterval(r *Result) float64 {
	var w float64
	prop := func(p Proportion) { w = max(w, p.P-p.Low, p.High-p.P) }
	for k := range r.Pathways {
		for _, p := range r.Pathways[k] {
			prop(p)
		}
		for _, byTrack := range r.Acceptance[k] {
			for _, p := range byTrack {
				prop(p)
			}
		}
		for p := range r.Violated[k] {
			for _, v := range r.Violated[k][p] {
				prop(v)
			}
			if !r.Lean {
				for _, v := range r.Pivotal[k][p] {
					prop(v)
				}
			}
		}
	}
	for _, d := range r.Paired {
		w = max(w, d.Difference-d.Low, d.High-d.Difference)
	}
	for _, byRound := range r.Timeline {
		for _, byPathway := range byRound {
			for _, e := range byPathway {
				prop(e.Reached)
				prop(e.Outcome)
			}
		}
	}
	return w
}

// Precise is the outcome of RunToPrecision: the result and whether the
// precision asked for was reached (else MaxTrials was).
type Precise struct {
	*Result
	Reached bool
}

// RunToPrecision runs m, as Run does with opt, until every interval the
// target measures is within its HalfWidth, adding chunks of trials: first
// one, then as many as the current estimates say the precision needs (an
// interval narrows as 1/√n), and so on. The result is deterministic given
// the seed, the model and the target, whatever the workers; its trials are
// a whole number of chunks (or MaxTrials), so that a plain Run of that many
// trials gives the same result. opt.Trials and opt.Chunks are ignored.
func RunToPrecision(ctx context.Context, m *Model, opt Options, target Target) (Precise, error) {
	if !(target.HalfWidth > 0) || target.MaxTrials <= 0 || target.MaxTrials > MaxTrials {
		return Precise{}, fmt.Errorf("precision: need a half-width > 0 and at most %d trials, got %g and %d", int64(MaxTrials), target.HalfWidth, target.MaxTrials)
	}
	widest := target.Widest
	if widest == nil {
		widest = WidestInterval
	}
	opt.Trials = target.MaxTrials
	last := ChunkCount(target.MaxTrials)
	var total *Aggregate
	for done := int64(0); done < last; {
		// How many chunks to add: one at first; then the estimate's
		// (w/E)² times the trials so far, a tenth more for safety.
		next := done + 1
		if total != nil {
			r, err := total.Result(m)
			switch {
			case errors.Is(err, ErrEvidence):
				// The evidence kept no trial yet: twice the trials.
				next = min(last, 2*done)
			case err != nil:
				return Precise{}, err
			default:
				// Intervals of weighed trials are as wide as those of their
				// effective number: the growth counts effective trials.
				w := widest(r)
				if w <= target.HalfWidth {
					return Precise{Result: r, Reached: true}, nil
				}
				need := float64(done) * (w / target.HalfWidth) * (w / target.HalfWidth) * 1.1
				next = max(done+1, min(last, int64(math.Ceil(need))))
			}
		}
		o := opt
		o.Chunks = ChunkRange{First: done, End: next}
		a, err := Simulate(ctx, m, o)
		if err != nil {
			return Precise{}, err
		}
		if total == nil {
			total = a
		} else if err := total.Merge(a); err != nil {
			return Precise{}, err
		}
		done = next
	}
	r, err := total.Result(m)
	if err != nil {
		return Precise{}, err
	}
	return Precise{Result: r, Reached: widest(r) <= target.HalfWidth}, nil
}
