package sensitivity

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study"
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
	res := &TornadoResult{}
	c := &tornadoCounts{m: m, K: len(m.Packages), W: len(m.Pathways)}
	var err error
	if c.vars, res.Skipped, err = variants(m, units, spec); err != nil {
		return nil, err
	}
	c.counts = make([]paired, len(c.vars)*c.K*c.W)
	c.base = make([]int64, c.K*c.W)
	if spec.Precision <= 0 {
		err = c.add(ctx, opt)
		res.Reached = true
	} else {
		res.Reached, err = c.toPrecision(ctx, opt, spec)
	}
	if err != nil {
		return nil, err
	}
	res.Trials = c.trials
	res.Swings = c.swings()
	return res, nil
}

// variant is a unit's pair of models, fixed low and high, with the
// unit's values there.
type variant struct {
	unit      int
	low, high *sim.Model
	lo, hi    float64
}

// variants are the low and high models of each unit that has a Param,
// and the units skipped, which have none. A percentile that is not a
// number — the 0th or 100th of an unbounded input — is refused, as an
// *study.InputError of Range naming the input: the tornado does not
// clamp it to a value the distribution never takes.
func variants(m *sim.Model, units []Unit, spec Tornado) (vars []variant, skipped []int, err error) {
	if err := finiteRange(m, units, spec.Low, spec.High); err != nil {
		return nil, nil, err
	}
	inputs := m.Inputs()
	for u, unit := range units {
		low, lo := fixAt(m, inputs, unit, spec.Low)
		high, hi := fixAt(m, inputs, unit, spec.High)
		if low == nil {
			skipped = append(skipped, u)
			continue
		}
		vars = append(vars, variant{u, low, high, lo, hi})
	}
	return vars, skipped, nil
}

// finiteRange refuses a low or high quantile of a Param of the units that
// is infinite.
func finiteRange(m *sim.Model, units []Unit, low, high float64) error {
	inputs := m.Inputs()
	for _, unit := range units {
		for _, q := range []float64{low, high} {
			if err := finiteAt(m, inputs, unit, q); err != nil {
				return err
			}
		}
	}
	return nil
}

// finiteAt refuses a q-quantile of one of unit's Params that is infinite.
func finiteAt(m *sim.Model, inputs []sim.Input, unit Unit, q float64) error {
	for _, i := range unit.Inputs {
		if p := inputs[i].Param; p >= 0 {
			if v := m.Params[p].Dist.Quantile(q); math.IsInf(v, 0) || math.IsNaN(v) {
				return study.Inputf("Range", "the %gth percentile of %s, %s, is %g: an unbounded input has no 0th or 100th percentile; give 0 < LOW and HIGH < 100",
					100*q, inputs[i].Name, m.Params[p].Dist, v)
			}
		}
	}
	return nil
}

// paired are the paired counts of a pathway under a variant: the trials
// that reach it both low and high, high only, and low only.
type paired struct{ both, highOnly, lowOnly int64 }

// tornadoCounts are a tornado's integer tallies so far: any split of the
// trials into chunks adds up to the same counts.
type tornadoCounts struct {
	m    *sim.Model
	vars []variant
	K, W int
	// counts[(v·K + k)·W + w] are the paired counts of variant v, and
	// base[k·W + w] the base's, over trials trials.
	counts []paired
	base   []int64
	trials int64
}

// add runs the trials of o's chunks on the base model and every variant
// and counts them in.
func (c *tornadoCounts) add(ctx context.Context, o sim.Options) error {
	b, _, err := sim.Trials(ctx, c.m, o, nil)
	if err != nil {
		return err
	}
	n := b.Evaluations()
	for e := range n {
		for k := range c.K {
			if w := int(b.Pathway[e*c.K+k]); w < c.W {
				c.base[k*c.W+w]++
			}
		}
	}
	for v, x := range c.vars {
		lo, _, err := sim.Trials(ctx, x.low, o, nil)
		if err != nil {
			return err
		}
		hi, _, err := sim.Trials(ctx, x.high, o, nil)
		if err != nil {
			return err
		}
		c.pair(v, n, lo, hi)
	}
	c.trials += int64(n)
	return nil
}

// pair counts the n evaluations of variant v, low and high, in.
func (c *tornadoCounts) pair(v, n int, lo, hi *sim.Outcomes) {
	for e := range n {
		for k := range c.K {
			a, b := int(hi.Pathway[e*c.K+k]), int(lo.Pathway[e*c.K+k])
			p := c.counts[(v*c.K+k)*c.W:]
			if a == b {
				if a < c.W {
					p[a].both++
				}
				continue
			}
			if a < c.W {
				p[a].highOnly++
			}
			if b < c.W {
				p[b].lowOnly++
			}
		}
	}
}

// diff is the swing of paired counts p over the trials so far.
func (c *tornadoCounts) diff(p paired) sim.PairedDifference {
	return sim.NewPairedDifference(p.both, p.highOnly, p.lowOnly, c.trials-p.both-p.highOnly-p.lowOnly)
}

// widest is the largest half-width of a swing's interval so far.
func (c *tornadoCounts) widest() float64 {
	var w float64
	for _, p := range c.counts {
		d := c.diff(p)
		w = max(w, d.Difference-d.Low, d.High-d.Difference)
	}
	return w
}

// toPrecision adds chunks of trials, as many as the widest interval says
// are needed (and a tenth more), until every swing's interval is within
// spec.Precision or spec.MaxTrials are run, and reports whether the
// precision was reached.
func (c *tornadoCounts) toPrecision(ctx context.Context, opt sim.Options, spec Tornado) (bool, error) {
	opt.Trials = spec.MaxTrials
	last := sim.ChunkCount(spec.MaxTrials)
	for done := int64(0); done < last; {
		next := done + 1
		if done > 0 {
			w := c.widest()
			if w <= spec.Precision {
				return true, nil
			}
			need := float64(done) * (w / spec.Precision) * (w / spec.Precision) * 1.1
			next = max(done+1, min(last, int64(math.Ceil(need))))
		}
		o := opt
		o.Chunks = sim.ChunkRange{First: done, End: next}
		if err := c.add(ctx, o); err != nil {
			return false, err
		}
		done = next
	}
	return c.widest() <= spec.Precision, nil
}

// swings are the tornado's bars, ordered by package, pathway and then the
// size of the swing, largest first.
func (c *tornadoCounts) swings() []Swing {
	var out []Swing
	for v, x := range c.vars {
		for k := range c.K {
			for w := range c.W {
				p := c.counts[(v*c.K+k)*c.W+w]
				out = append(out, Swing{
					Unit: x.unit, Package: k, Pathway: w, Low: x.lo, High: x.hi,
					Base:  sim.NewProportion(c.base[k*c.W+w], c.trials),
					PLow:  sim.NewProportion(p.both+p.lowOnly, c.trials),
					PHigh: sim.NewProportion(p.both+p.highOnly, c.trials),
					Diff:  c.diff(p),
				})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Swing) int {
		return cmp.Or(cmp.Compare(a.Package, b.Package), cmp.Compare(a.Pathway, b.Pathway),
			cmp.Compare(math.Abs(b.Diff.Difference), math.Abs(a.Diff.Difference)))
	})
	return out
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
