package results

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// TestFormat: each figure for people by its rule, the edge cases named.
func TestFormat(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"percent: never", Percent(0), "0.0%"},
		{"percent: rare", Percent(0.0002), "<0.1%"},
		{"percent: small", Percent(0.0005), "0.1%"},
		{"percent: half", Percent(0.5), "50.0%"},
		{"percent: almost sure", Percent(0.9998), ">99.9%"},
		{"percent: 1,999 of 2,000 is not sure", Percent(1999.0 / 2000), ">99.9%"},
		{"percent: 1 of 2,500 is not never", Percent(1.0 / 2500), "<0.1%"},
		{"percent: sure", Percent(1), "100.0%"},
		{"percent: undefined", Percent(nan), Undefined},
		{"percent interval", PercentInterval(0.382, 0.442), "[38.2%, 44.2%]"},
		{"points: none", Points(0), "0.0"},
		{"points: ahead", Points(0.412), "+41.2"},
		{"points: behind", Points(-0.004), "−0.4"},
		{"points: ahead, by less than a twentieth", Points(0.00004), "+0.0"},
		{"points: behind, by less than a twentieth", Points(-0.00004), "−0.0"},
		{"points: undefined", Points(nan), Undefined},
		{"points interval", PointsInterval(-0.012, 0.034), "[−1.2, +3.4]"},
		{"points interval: exactly none", PointsInterval(0, 0), "[0.0, 0.0]"},
		{"points interval: rounds to none", PointsInterval(-0.000038, 0.000038), "[±0.0]"},
		{"points interval: one bound rounds to none", PointsInterval(-0.000038, 0.0012), "[−0.0, +0.1]"},
		{"points interval: undefined", PointsInterval(nan, nan), "[" + Undefined + ", " + Undefined + "]"},
		{"sobol index", SobolIndex(0.4213), "0.42"},
		{"sobol index: negative", SobolIndex(-0.031), "−0.03"},
		{"sobol index: rounds to zero from below", SobolIndex(-0.001), "0.00"},
		{"sobol index: undefined", SobolIndex(nan), Undefined},
		{"input value", InputValue(0.381234), "0.3812"},
		{"input value: whole", InputValue(600), "600"},
		{"input value: large", InputValue(12500), "12500"},
		{"input value: tiny", InputValue(0.000025), "2.5e-05"},
		{"input value: negative", InputValue(-1.5), "−1.5"},
		{"input value: unbounded", InputValue(-inf), "−∞"},
		{"input value: a group's", InputValue(nan), Undefined},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func ExamplePercent() {
	fmt.Println(Percent(0.412), Percent(0.0002), Percent(0.9998), Percent(math.NaN()))
	// Output: 41.2% <0.1% >99.9% n/a
}

func ExamplePointsInterval() {
	fmt.Println(PointsInterval(-0.012, 0.034), PointsInterval(-0.000038, 0.000038))
	// Output: [−1.2, +3.4] [±0.0]
}

// TestDescending: largest first, undefined last, ties kept in order.
func TestDescending(t *testing.T) {
	nan := math.NaN()
	xs := []float64{0.2, nan, 0.9, -0.1, nan, 0.9}
	idx := []int{0, 1, 2, 3, 4, 5}
	slices.SortStableFunc(idx, func(a, b int) int { return Descending(xs[a], xs[b]) })
	if want := []int{2, 5, 0, 3, 1, 4}; !slices.Equal(idx, want) {
		t.Errorf("order %v, want %v", idx, want)
	}
}
