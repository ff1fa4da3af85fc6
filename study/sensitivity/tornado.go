package sensitivity

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/peacesim/peacesim/sim"
)

// Unit is what a sensitivity analysis moves as one: a single uncertain
// input, or a named group of inputs (all of Russia's reservations, say)
// moved together.
type Unit struct {
	// Name is the input's key path, or the group's name.
	Name string
	// Inputs are indices into the model's Inputs.
	Inputs []int
}

// Tornado asks for a one-at-a-time analysis: each unit fixed at a low and
// then a high percentile of its inputs' distributions while every other
// input keeps its own draws.
type Tornado struct {
	// Low and High are the percentiles as probabilities, e.g. 0.1 and 0.9.
	Low, High float64
	// Precision, when > 0, adds trials a chunk at a time, as
	// sim.RunToPrecision does, until every swing's 95% interval is within
	// Precision of the swing, or MaxTrials is reached; opt.Trials is then
	// ignored.
	Precision float64
	MaxTrials int64
}

// Swing is one unit's bar of a tornado for one package and pathway.
type Swing struct {
	Unit, Package, Pathway int
	// Low and High are the unit's value at the low and high percentiles:
	// its one Param's; NaN for a group of several.
	Low, High float64
	// Base is the pathway's probability with every input drawn as usual;
	// PLow and PHigh with the unit fixed low and high.
	Base, PLow, PHigh sim.Proportion
	// Diff is P(high) − P(low) on the same trials, with its paired 95%
	// interval: the swing.
	Diff sim.PairedDifference
}

// TornadoResult is a tornado analysis: a swing for every unit that has a
// Param to fix, package and pathway, ordered by package, pathway and then
// by the size of the swing, largest first.
type TornadoResult struct {
	Swings []Swing
	// Trials are the trials each variant of the model ran; Reached says
	// whether a precision asked for was reached.
	Trials  int64
	Reached bool
	// Skipped are the units left out: salience Dirichlets, which have no
	// percentiles.
	Skipped []int
}

// TornadoEvaluations is how many trials a tornado of units with params
// costs at opt.Trials: every variant of the model, low and high, and the
// base.
func TornadoEvaluations(units int, trials int64) int64 { return int64(2*units+1) * trials }

// RunTornado runs the one-at-a-time analysis of the units over the trials
// of opt. Every variant of the model runs on the same trials (common
// random numbers): fixing one input leaves every other input's draws
// bit-identical, so a unit that cannot move a pathway has a swing of
// exactly 0, and the swing's interval is that of a paired difference
// (sim.NewPairedDifference).
func RunTornado(ctx context.Context, m *sim.Model, opt sim.Options, units []Unit, spec Tornado) (*TornadoResult, error) {
	if !(spec.Low >= 0 && spec.Low < spec.High && spec.High <= 1) {
		return nil, fmt.Errorf("tornado: percentiles must be 0 ≤ low < high ≤ 1, got %g and %g", spec.Low, spec.High)
	}
	inputs := m.Inputs()
	res := &TornadoResult{}
	type variant struct {
		unit      int
		low, high *sim.Model
		lo, hi    float64
	}
	var vars []variant
	for u, unit := range units {
		low, lo := fixAt(m, inputs, unit, spec.Low)
		high, hi := fixAt(m, inputs, unit, spec.High)
		if low == nil {
			res.Skipped = append(res.Skipped, u)
			continue
		}
		vars = append(vars, variant{u, low, high, lo, hi})
	}
	K, W := len(m.Packages), len(m.Pathways)
	// counts[(v·K + k)·W + w] are the paired counts of variant v, and
	// base[k·W + w] the base's.
	type paired struct{ both, highOnly, lowOnly int64 }
	counts := make([]paired, len(vars)*K*W)
	base := make([]int64, K*W)
	var trials int64

	// add runs the trials of chunks [first, end) of every variant and
	// counts them in.
	add := func(o sim.Options) error {
		b, _, err := sim.Trials(ctx, m, o, nil)
		if err != nil {
			return err
		}
		n := b.Evaluations()
		for e := range n {
			for k := range K {
				if w := int(b.Pathway[e*K+k]); w < W {
					base[k*W+w]++
				}
			}
		}
		for v, x := range vars {
			lo, _, err := sim.Trials(ctx, x.low, o, nil)
			if err != nil {
				return err
			}
			hi, _, err := sim.Trials(ctx, x.high, o, nil)
			if err != nil {
				return err
			}
			for e := range n {
				for k := range K {
					a, b := int(hi.Pathway[e*K+k]), int(lo.Pathway[e*K+k])
					c := counts[(v*K+k)*W:]
					if a == b {
						if a < W {
							c[a].both++
						}
						continue
					}
					if a < W {
						c[a].highOnly++
					}
					if b < W {
						c[b].lowOnly++
					}
				}
			}
		}
		trials += int64(n)
		return nil
	}
	widest := func() float64 {
		var w float64
		for _, c := range counts {
			d := sim.NewPairedDifference(c.both, c.highOnly, c.lowOnly, trials-c.both-c.highOnly-c.lowOnly)
			w = max(w, d.Difference-d.Low, d.High-d.Difference)
		}
		return w
	}

	if spec.Precision <= 0 {
		if err := add(opt); err != nil {
			return nil, err
		}
		res.Reached = true
	} else {
		opt.Trials = spec.MaxTrials
		last := sim.ChunkCount(spec.MaxTrials)
		for done := int64(0); done < last; {
			next := done + 1
			if done > 0 {
				w := widest()
				if w <= spec.Precision {
					res.Reached = true
					break
				}
				need := float64(done) * (w / spec.Precision) * (w / spec.Precision) * 1.1
				next = max(done+1, min(last, int64(math.Ceil(need))))
			}
			o := opt
			o.Chunks = sim.ChunkRange{First: done, End: next}
			if err := add(o); err != nil {
				return nil, err
			}
			done = next
		}
		res.Reached = res.Reached || widest() <= spec.Precision
	}
	res.Trials = trials

	for v, x := range vars {
		for k := range K {
			for w := range W {
				c := counts[(v*K+k)*W+w]
				res.Swings = append(res.Swings, Swing{
					Unit: x.unit, Package: k, Pathway: w, Low: x.lo, High: x.hi,
					Base:  sim.NewProportion(base[k*W+w], trials),
					PLow:  sim.NewProportion(c.both+c.lowOnly, trials),
					PHigh: sim.NewProportion(c.both+c.highOnly, trials),
					Diff:  sim.NewPairedDifference(c.both, c.highOnly, c.lowOnly, trials-c.both-c.highOnly-c.lowOnly),
				})
			}
		}
	}
	slices.SortStableFunc(res.Swings, func(a, b Swing) int {
		return cmp.Or(cmp.Compare(a.Package, b.Package), cmp.Compare(a.Pathway, b.Pathway),
			cmp.Compare(math.Abs(b.Diff.Difference), math.Abs(a.Diff.Difference)))
	})
	return res, nil
}

// fixAt returns m with every Param of unit fixed at its distribution's
// q-quantile, and that value (NaN for several Params); nil when the unit
// has no Param, only salience Dirichlets, which have no quantiles.
func fixAt(m *sim.Model, inputs []sim.Input, unit Unit, q float64) (*sim.Model, float64) {
	c := *m
	c.Params = slices.Clone(m.Params)
	v, n := math.NaN(), 0
	for _, i := range unit.Inputs {
		p := inputs[i].Param
		if p < 0 {
			continue
		}
		v = m.Params[p].Dist.Quantile(q)
		c.Params[p].Dist = sim.FixedValue(v)
		n++
	}
	switch n {
	case 0:
		return nil, math.NaN()
	case 1:
		return &c, v
	}
	return &c, math.NaN()
}
