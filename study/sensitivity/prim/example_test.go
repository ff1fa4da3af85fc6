package prim_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/peacesim/peacesim/study/sensitivity/prim"
)

// Find the inputs under which a pathway is reached: 10,000 trials of three
// uncertain inputs, the pathway reached when input 0 is above 0.6 and
// input 2 below 0.5, and 3% of the outcomes noise. Choose the box that
// covers the most of the pathway's trials at a density of at least 0.9,
// and print its restrictions.
func Example() {
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 10000
	x := make([][]float64, 3) // x[j][i]: input j in trial i
	for j := range x {
		x[j] = make([]float64, n)
	}
	reached := make([]bool, n)
	for i := range n {
		for j := range x {
			x[j][i] = rng.Float64()
		}
		reached[i] = (x[0][i] > 0.6 && x[2][i] < 0.5) != (rng.Float64() < 0.03)
	}

	r, err := prim.Find(x, reached, prim.Options{})
	if err != nil {
		panic(err)
	}
	step, ok := r.Choose(0.9)
	if !ok {
		fmt.Println("no box reaches a density of 0.9; the densest is shown")
	}
	b := r.Trajectory[step]
	fmt.Printf("coverage %.2f, density %.2f, mass %.2f\n", b.Coverage, b.Density, b.Mass)
	for _, j := range b.Restricted {
		fmt.Printf("input %d in [%.2f, %.2f] of [%.2f, %.2f]\n",
			j, b.Limits[j].Lo, b.Limits[j].Hi, r.DataRange[j].Lo, r.DataRange[j].Hi)
	}
	// Output:
	// coverage 0.90, density 0.92, mass 0.21
	// input 0 in [0.58, 1.00] of [0.00, 1.00]
	// input 2 in [0.00, 0.51] of [0.00, 1.00]
}
