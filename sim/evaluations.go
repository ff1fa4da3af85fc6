package sim

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
)

// Input is one uncertain input of a model as a sensitivity analysis sees
// it: an uncertain Param, drawn once per trial, or the Dirichlet of one
// party's salience weights on one track, drawn once per trial as a whole.
// Each draws from a random stream of its own, named by its key path, so it
// can be fixed, or taken from another trial, without moving the others.
type Input struct {
	// Name is the input's key path (docs/model.md#key-paths):
	// "parties.ukraine.reservation.framework", or
	// "parties.ukraine.salience.framework" for a salience Dirichlet.
	Name string
	// Param is the index of the input's Param, or -1 for a salience
	// Dirichlet.
	Param int
	// Party and Track are the salience Dirichlet's (party, track), or -1
	// for a Param.
	Party, Track int
}

// Inputs lists the model's uncertain inputs: every Param that is not
// Fixed, in Model order, then every (party, track) whose weights the
// party's salience concentration resamples, party by party.
func (m *Model) Inputs() []Input {
	var in []Input
	for i, p := range m.Params {
		if !p.Dist.IsFixed() {
			in = append(in, Input{Name: p.Name, Param: i, Party: -1, Track: -1})
		}
	}
	l := newLayout(m)
	for c, salient := range l.salient {
		if salient {
			p, t := c/l.tracks, c%l.tracks
			in = append(in, Input{Name: m.SalienceName(p, t), Param: -1, Party: p, Track: t})
		}
	}
	return in
}

// NoPathway is the pathway an Outcomes holds when a package leads to no
// pathway in an evaluation: a scenario whose pathways have no fallback.
const NoPathway = 255

// Outcomes holds, for each evaluation of a design (a trial, or a row of a
// Saltelli matrix), the pathway each package leads to: what a study needs
// when it looks at trials one by one rather than at their counts.
type Outcomes struct {
	// Packages is the number of packages scored in each evaluation.
	Packages int
	// Pathway[e·Packages + k] is the index of the pathway package k leads
	// to in evaluation e, or NoPathway.
	Pathway []uint8
	// Weight[e] is, for a model with evidence, evaluation e's weight: 0
	// where it contradicts an observation of reliability 1, else its
	// likelihood relative to the likeliest (docs/model.md#evidence); nil
	// without evidence.
	Weight []float64
}

// ErrWeighted reports evidence whose reliabilities weigh trials (other
// than 1 or ½), which a study of unweighted trials one by one — PRIM, an
// expectation over the draws — cannot honour.
var ErrWeighted = errors.New("the study takes the trials evidence keeps, not trials it weighs")

// Kept are the evaluations the model's evidence keeps, in order: those of
// weight 1, or every one without evidence. Evidence that weighs trials is
// an error wrapping ErrWeighted, and evidence none reproduces one wrapping
// ErrEvidence.
func (o *Outcomes) Kept(m *Model) ([]int, error) {
	var keep []int
	for e := range o.Evaluations() {
		switch {
		case o.Weight == nil || o.Weight[e] == 1:
			keep = append(keep, e)
		case o.Weight[e] != 0:
			return nil, fmt.Errorf("scenario %q: %w: give its evidence reliabilities of 1 (or 0.5), or run with --evidence none", m.ID, ErrWeighted)
		}
	}
	if len(keep) == 0 && o.Evaluations() > 0 {
		return nil, fmt.Errorf("scenario %q: %w: none of the %d trials reproduces it", m.ID, ErrEvidence, o.Evaluations())
	}
	return keep, nil
}

// Evaluations is the number of evaluations held.
func (o *Outcomes) Evaluations() int {
	if o.Packages == 0 {
		return 0
	}
	return len(o.Pathway) / o.Packages
}

// Reached reports whether package k leads to pathway w in evaluation e.
func (o *Outcomes) Reached(e, k, w int) bool { return int(o.Pathway[e*o.Packages+k]) == w }

// OutcomeBudget is the most memory, in bytes, that Trials and Saltelli
// may give their outcomes and draws: one byte per evaluation and package,
// eight per evaluation and recorded draw.
const OutcomeBudget = 4 << 30

// Trials scores every package of m in trials [0, opt.Trials) of opt.Seed
// — the very trials of a Run with those options — and returns the pathway
// of each package in each trial, and the draws of the Params named in
// params (draws[j][t] is Param params[j] in trial t): the cases of a
// scenario discovery, or the paired trials of two variants of a model.
// With Options.Chunks, only those chunks' trials are evaluated, the first
// of them as evaluation 0: a study that adds trials a chunk at a time.
// Options.Paired and Lean do not apply.
func Trials(ctx context.Context, m *Model, opt Options, params []int) (*Outcomes, [][]float64, error) {
	if opt.Trials <= 0 || opt.Trials > MaxTrials {
		return nil, nil, fmt.Errorf("trials must be in [1, %d], got %d", int64(MaxTrials), opt.Trials)
	}
	seg := segment{n: opt.Trials}
	if c := opt.Chunks; c != (ChunkRange{}) {
		if c.First < 0 || c.First >= c.End || c.End > ChunkCount(opt.Trials) {
			return nil, nil, fmt.Errorf("chunk range [%d, %d) is not within the %d chunks of %d trials", c.First, c.End, ChunkCount(opt.Trials), opt.Trials)
		}
		seg.base = uint64(c.First * ChunkSize)
		seg.n = min(c.End*ChunkSize, opt.Trials) - c.First*ChunkSize
	}
	for _, i := range params {
		if i < 0 || i >= len(m.Params) {
			return nil, nil, fmt.Errorf("no Param %d: the model has %d", i, len(m.Params))
		}
		if m.IsStep(i) {
			return nil, nil, fmt.Errorf("%s is drawn afresh in each round: it has no one value in a trial", m.Params[i].Name)
		}
	}
	return evaluate(ctx, m, opt, []segment{seg}, params)
}

// SaltelliAlt is the first trial of Saltelli's matrix B: row j of B is
// trial SaltelliAlt + j, far beyond the trials of any run (MaxTrials), so
// B is independent of A, whose row j is trial j.
const SaltelliAlt = 1 << 62

// Saltelli evaluates m on Saltelli's design for N = samples base samples
// and the groups of inputs given (indices into Inputs; a group of one is
// a single input): matrix A, whose row j is trial j; matrix B, whose row j
// is trial SaltelliAlt + j; and for each group g the matrix A_B^g, row j
// of A with the inputs of g drawn as in row j of B (Saltelli et al. 2010,
// "Variance based sensitivity analysis of model output", Comput. Phys.
// Commun. 181:259–270). Every input is a column: a Param is drawn from its
// stream of the row's trial, a salience Dirichlet likewise as a whole, so
// a row of A_B^g is exactly row j of A but for g.
//
// The result holds N·(G+2) evaluations: A's rows, then B's, then each
// A_B^g's, N at a time. The inputs in no group are drawn as in A in every
// matrix but B.
func Saltelli(ctx context.Context, m *Model, opt Options, samples int64, groups [][]int) (*Outcomes, error) {
	if samples <= 0 || samples > MaxTrials {
		return nil, fmt.Errorf("samples must be in [1, %d], got %d", int64(MaxTrials), samples)
	}
	inputs := m.Inputs()
	segs := []segment{{n: samples, base: 0}, {n: samples, base: SaltelliAlt, out: samples}}
	for g, group := range groups {
		if len(group) == 0 {
			return nil, fmt.Errorf("group %d has no inputs", g)
		}
		s := segment{n: samples, base: 0, alt: SaltelliAlt, out: int64(g+2) * samples,
			swapParam: make([]bool, len(m.Params)), swapCell: make([]bool, len(m.Parties)*len(m.Tracks))}
		for _, i := range group {
			if i < 0 || i >= len(inputs) {
				return nil, fmt.Errorf("group %d: no input %d: the model has %d", g, i, len(inputs))
			}
			if in := inputs[i]; in.Param >= 0 {
				s.swapParam[in.Param] = true
			} else {
				s.swapCell[in.Party*len(m.Tracks)+in.Track] = true
			}
		}
		segs = append(segs, s)
	}
	out, _, err := evaluate(ctx, m, opt, segs, nil)
	return out, err
}

// evaluate runs the segments' evaluations on opt.Workers workers and
// records every package's pathway in each, and the draws of params. Each
// evaluation goes to its own place, so the result is the same for any
// number of workers.
func evaluate(ctx context.Context, m *Model, opt Options, segs []segment, params []int) (*Outcomes, [][]float64, error) {
	if err := m.Check(); err != nil {
		return nil, nil, err
	}
	if err := checkRound(m, opt); err != nil {
		return nil, nil, err
	}
	if len(m.Pathways) >= NoPathway {
		return nil, nil, fmt.Errorf("scenario %q has %d pathways: a study of trials one by one takes at most %d", m.ID, len(m.Pathways), NoPathway-1)
	}
	var total, chunks int64
	for _, s := range segs {
		total += s.n
		chunks += ChunkCount(s.n)
	}
	K := len(m.Packages)
	perWeight := 0
	if len(m.Evidence) > 0 {
		perWeight = 8
	}
	if need := total * int64(K+8*len(params)+perWeight); need > OutcomeBudget || need < 0 {
		return nil, nil, fmt.Errorf("scenario %q: %d evaluations of %d packages need %.1f GiB of outcomes: %w, %.1f GiB",
			m.ID, total, K, float64(need)/(1<<30), ErrTooLarge, float64(OutcomeBudget)/(1<<30))
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	l := newLayout(m)
	rec := &recorder{out: &Outcomes{Packages: K, Pathway: make([]uint8, total*int64(K))},
		params: params, draws: make([][]float64, len(params))}
	for j := range rec.draws {
		rec.draws[j] = make([]float64, total)
	}
	if len(m.Evidence) > 0 {
		rec.out.Weight = make([]float64, total)
	}
	// The workers share the recorder: each evaluation has its own place.
	sinks := make([]blockSink, workerCount(opt.Workers, chunks, 0))
	for w := range sinks {
		sinks[w] = rec
	}
	if err := runSegments(ctx, m, l, opt, segs, sinks, newBlockScorer); err != nil {
		return nil, nil, err
	}
	return rec.out, rec.draws, nil
}

// recorder writes down the pathway of every package in every evaluation,
// and the draws of some Params: the blockSink of Trials and Saltelli.
type recorder struct {
	out    *Outcomes
	params []int
	draws  [][]float64
}

func (r *recorder) outcome(e *blockScorer, k, n int, at int64) {
	e.record(k, n, r.out.Pathway[at*int64(r.out.Packages):])
}

func (r *recorder) blockDone(e *blockScorer, n int, at int64) {
	for j, i := range r.params {
		copy(r.draws[j][at:at+int64(n)], e.param(i, n))
	}
	if r.out.Weight != nil {
		w := r.out.Weight[at : at+int64(n)]
		clear(w)
		for c, kept := range e.kept {
			for ; kept != 0; kept &= kept - 1 {
				w[bits.TrailingZeros64(kept)] = e.l.evidence.weight[c]
			}
		}
	}
}

func (r *recorder) chunkDone() {}

// record writes the pathway package k led to in each of the block's n
// trials, from the bits decide left in reach, into out[b·K + k].
func (e *blockScorer) record(k, n int, out []uint8) {
	W, K := len(e.m.Pathways), len(e.m.Packages)
	for b := range n {
		out[b*K+k] = NoPathway
	}
	for w, bitsSet := range e.reach[k*W : k*W+W] {
		for bitsSet != 0 {
			b := bits.TrailingZeros64(bitsSet)
			out[b*K+k] = uint8(w)
			bitsSet &= bitsSet - 1
		}
	}
}
