package bargain_test

import (
	"fmt"
	"math"

	"github.com/peacesim/peacesim/study/bargain"
	"github.com/peacesim/peacesim/study/space"
)

// The textbook split of a unit: x is A's share, A is risk-neutral
// (utility x) and B risk-averse (utility √(1 − x)), and walking away is
// worth 0 to both.
func Example() {
	p := bargain.Problem{
		Space: space.Space{{Name: "share", Lo: 0, Hi: 1}},
		Parties: []bargain.Party{
			{Name: "A", Utility: func(x []float64) float64 { return x[0] }},
			{Name: "B", Utility: func(x []float64) float64 { return math.Sqrt(1 - x[0]) }},
		},
	}
	if _, ok := bargain.ZOPA(p, bargain.Options{}); ok {
		fmt.Println("a deal exists")
	}
	nash, _ := bargain.Nash(p, bargain.Options{})
	fmt.Printf("Nash: A gets %.4f, utilities %.4f\n", nash.X[0], nash.U)
	ks, _ := bargain.KalaiSmorodinsky(p, bargain.Options{})
	fmt.Printf("Kalai–Smorodinsky: A gets %.4f, utilities %.4f\n", ks.X[0], ks.U)

	// A proposal that gives each a quarter leaves value on the table.
	front := bargain.Frontier(p, bargain.Options{})
	fmt.Printf("(0.25, 0.25) lies %.2f inside the frontier\n", bargain.DistanceToFrontier(front, []float64{0.25, 0.25}))
	// Output:
	// a deal exists
	// Nash: A gets 0.6667, utilities [0.6667 0.5774]
	// Kalai–Smorodinsky: A gets 0.6180, utilities [0.6180 0.6180]
	// (0.25, 0.25) lies 0.52 inside the frontier
}
