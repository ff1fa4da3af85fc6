// Package whatif compares one package of a scenario as edited with the
// same package as the scenario had it, pathway by pathway, on the same
// trials: what an edit changes, and only that. Common random numbers
// (every input draws from its own stream of the seed, its key path and
// the trial) pair the two: a trial differs only where the edit moved it,
// so an edit that cannot change a pathway shows a difference of exactly 0.
//
// Without evidence, or when the edit leaves every trial's evidence weight
// as it was, the pairs are counted as a run's own pairs of packages are
// (Newcombe's interval, sim.NewPairedDifference and
// sim.WeightedPairedDifference). When the edit moves the weights (a
// reservation that changes whether a trial reproduces an observation),
// the two estimates condition on different trials, and the difference
// of the two weighted shares gets a delta-method interval: with w and v
// the trial weights of the edited and of the base model, W and V their
// sums, A and B whether each reaches the pathway, and D = P_A − P_B,
//
//	Var(D) ≈ Σ_t ( w_t·(A_t − P_A)/W − v_t·(B_t − P_B)/V )²,
//
// the linearisation of a difference of two ratio estimators (Cochran,
// "Sampling Techniques", 3rd ed., 1977, §6.4), and D ± 1.96·√Var(D),
// clipped to [−1, 1].
package whatif

import (
	"context"
	"fmt"
	"math"

	"github.com/peacesim/peacesim/sim"
)

// z95 is the standard normal quantile of a two-sided 95% interval.
const z95 = 1.959963984540054

// Trials are the outcomes of one package in every trial of a run: its
// pathway, and the trial's evidence weight (nil without evidence).
type Trials struct {
	Pathway []uint8
	Weight  []float64
}

// Run evaluates package pkg of m in the trials of opt (sim.Trials, with
// the other packages left out: common random numbers make its outcomes
// the same as in a run of every package).
func Run(ctx context.Context, m *sim.Model, opt sim.Options, pkg int) (*Trials, error) {
	if pkg < 0 || pkg >= len(m.Packages) {
		return nil, fmt.Errorf("no package %d: scenario %q has %d", pkg, m.ID, len(m.Packages))
	}
	out, _, err := sim.Trials(ctx, m.WithPackages([]int{pkg}), opt, nil)
	if err != nil {
		return nil, err
	}
	return &Trials{Pathway: out.Pathway, Weight: out.Weight}, nil
}

// Differences compares edited with base on each of the pathways: one
// sim.PairedDifference a pathway, A the edited package and B the base,
// P(edited) − P(base), its counts those of the trials either keeps (so
// AOnly + BOnly are the trials the edit moved). The two must hold the
// same trials.
func Differences(edited, base *Trials, pathways int) ([]sim.PairedDifference, error) {
	if len(edited.Pathway) != len(base.Pathway) || (edited.Weight == nil) != (base.Weight == nil) {
		return nil, fmt.Errorf("whatif: the edited and base trials differ in number or in evidence")
	}
	out := make([]sim.PairedDifference, pathways)
	sameWeights := edited.Weight == nil || equal(edited.Weight, base.Weight)
	for w := range pathways {
		switch {
		case edited.Weight == nil:
			out[w] = counted(edited, base, w)
		case sameWeights:
			out[w] = weighed(edited, base, w)
		default:
			out[w] = delta(edited, base, w)
		}
		out[w].Pathway = w
	}
	return out, nil
}

// counted pairs unweighted trials.
func counted(a, b *Trials, w int) sim.PairedDifference {
	return sim.NewPairedDifference(pairCounts(a, b, w))
}

// weighed pairs trials that the evidence weighs alike in both models.
func weighed(a, b *Trials, w int) sim.PairedDifference {
	var cells [4]float64
	var sum, squares float64
	for t, wt := range a.Weight {
		if wt == 0 {
			continue
		}
		x, y := int(a.Pathway[t]) == w, int(b.Pathway[t]) == w
		c := 3
		switch {
		case x && y:
			c = 0
		case x:
			c = 1
		case y:
			c = 2
		}
		cells[c] += wt
		sum += wt
		squares += wt * wt
	}
	ess := 0.0
	if squares > 0 {
		ess = sum * sum / squares
	}
	d := sim.WeightedPairedDifference(cells[0], cells[1], cells[2], cells[3], ess)
	d.Both, d.AOnly, d.BOnly, d.Neither = pairCounts(a, b, w)
	return d
}

// pairCounts counts the trials either model keeps (a weight above 0, or
// every trial without evidence) in which both packages reach pathway w,
// the edited only, the base only, and neither: how many trials the edit
// moved.
func pairCounts(a, b *Trials, w int) (both, aOnly, bOnly, neither int64) {
	for t := range a.Pathway {
		if a.Weight != nil && a.Weight[t] == 0 && b.Weight[t] == 0 {
			continue
		}
		x, y := int(a.Pathway[t]) == w, int(b.Pathway[t]) == w
		switch {
		case x && y:
			both++
		case x:
			aOnly++
		case y:
			bOnly++
		default:
			neither++
		}
	}
	return
}

// delta compares trials that the evidence weighs otherwise in the two
// models: the difference of the weighted shares, with the delta-method
// interval of the package doc.
func delta(a, b *Trials, w int) sim.PairedDifference {
	var wa, wb, xa, xb float64
	for t := range a.Pathway {
		wa += a.Weight[t]
		wb += b.Weight[t]
		if int(a.Pathway[t]) == w {
			xa += a.Weight[t]
		}
		if int(b.Pathway[t]) == w {
			xb += b.Weight[t]
		}
	}
	var d sim.PairedDifference
	if !(wa > 0) || !(wb > 0) {
		d.Difference, d.Low, d.High = math.NaN(), math.NaN(), math.NaN()
		return d
	}
	pa, pb := xa/wa, xb/wb
	var v float64
	for t := range a.Pathway {
		r := a.Weight[t]*(indicator(a.Pathway[t], w)-pa)/wa - b.Weight[t]*(indicator(b.Pathway[t], w)-pb)/wb
		v += r * r
	}
	d.Both, d.AOnly, d.BOnly, d.Neither = pairCounts(a, b, w)
	d.Difference = pa - pb
	half := z95 * math.Sqrt(v)
	d.Low, d.High = math.Max(-1, d.Difference-half), math.Min(1, d.Difference+half)
	return d
}

// indicator is 1 when pathway p is w, else 0.
func indicator(p uint8, w int) float64 {
	if int(p) == w {
		return 1
	}
	return 0
}

// equal reports whether two weight vectors are the same trial by trial.
func equal(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
