package sensitivity

import (
	"context"
	"fmt"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sensitivity/sobol"
)

// Sobol asks for a global, variance-based analysis: Sobol's first-order
// and total-effect indices of each unit by Saltelli's design with Jansen's
// estimators (package sobol), from Samples base samples.
type Sobol struct {
	Samples int64
	// Bootstrap is the number of bootstrap replicates of the intervals (0:
	// none), at Level (0.95 when 0).
	Bootstrap int
	Level     float64
}

// SobolIndices are one unit's indices for one package and pathway.
type SobolIndices struct {
	Unit, Package, Pathway int
	sobol.Estimate
}

// SobolResult is a Sobol analysis: the indices of every unit for every
// package and pathway, in that order (package, pathway, unit).
type SobolResult struct {
	Indices []SobolIndices
	// Evaluations is the number of model evaluations, N·(units + 2).
	Evaluations int64
}

// SobolEvaluations is the number of model evaluations of a Sobol analysis
// of units with samples base samples: Saltelli's A, B and one A_B per unit.
func SobolEvaluations(units int, samples int64) int64 { return int64(units+2) * samples }

// RunSobol evaluates m on Saltelli's design for the units (sim.Saltelli)
// and estimates each unit's indices for each package's probability of
// each pathway: the output is the indicator that the package leads to the
// pathway, whose variance is p(1 − p). Where p is 0 or 1 in the design the
// indices are undefined: NaN. The bootstrap replicates are drawn from the
// seed and shared by every output, so the intervals are deterministic.
func RunSobol(ctx context.Context, m *sim.Model, opt sim.Options, units []Unit, spec Sobol) (*SobolResult, error) {
	if spec.Samples < 2 {
		return nil, fmt.Errorf("sobol: need at least 2 base samples, got %d", spec.Samples)
	}
	groups := make([][]int, len(units))
	for u, unit := range units {
		groups[u] = unit.Inputs
	}
	out, err := sim.Saltelli(ctx, m, opt, spec.Samples, groups)
	if err != nil {
		return nil, err
	}
	level := spec.Level
	if level == 0 {
		level = 0.95
	}
	boot, err := sobol.NewBootstrap(int(spec.Samples), spec.Bootstrap, level, opt.Seed)
	if err != nil {
		return nil, err
	}
	N, K, W, U := int(spec.Samples), len(m.Packages), len(m.Pathways), len(units)
	res := &SobolResult{Evaluations: SobolEvaluations(U, spec.Samples)}
	yA, yB := make([]float64, N), make([]float64, N)
	yAB := make([][]float64, U)
	for u := range yAB {
		yAB[u] = make([]float64, N)
	}
	indicator := func(y []float64, matrix, k, w int) {
		for j := range y {
			y[j] = 0
			if out.Reached(matrix*N+j, k, w) {
				y[j] = 1
			}
		}
	}
	for k := range K {
		for w := range W {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			indicator(yA, 0, k, w)
			indicator(yB, 1, k, w)
			for u := range U {
				indicator(yAB[u], u+2, k, w)
			}
			est, err := boot.Indices(yA, yB, yAB)
			if err != nil {
				return nil, err
			}
			for u, e := range est {
				res.Indices = append(res.Indices, SobolIndices{Unit: u, Package: k, Pathway: w, Estimate: e})
			}
		}
	}
	return res, nil
}
