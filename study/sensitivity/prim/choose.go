package prim

// Choose returns the step of the trajectory an analyst asking for a density
// of at least minDensity would choose: the one with the highest coverage
// among the steps whose density is at least minDensity (ties: the higher
// density, then the earlier step), and ok = true. If no step reaches minDensity it returns ok = false and, as a
// fallback to report with that caveat, the densest step (ties: the higher
// coverage, then the earlier step).
//
// Densities and coverages are compared as the exact fractions of counts
// they are, so that the choice does not depend on rounding. An empty
// trajectory, which Find never returns, gives step −1.
func (r *Result) Choose(minDensity float64) (step int, ok bool) {
	best, bestOK := -1, false
	for k, b := range r.Trajectory {
		reaches := b.Density >= minDensity
		if reaches != bestOK {
			if reaches {
				best, bestOK = k, true
			}
			continue
		}
		if best < 0 {
			best = k
			continue
		}
		c := r.Trajectory[best]
		// Coverages share a denominator (all cases of interest), so
		// compare the counts of cases of interest inside.
		covMore, covSame := b.Interest > c.Interest, b.Interest == c.Interest
		denMore := denser(b.Interest, b.Cases, c.Interest, c.Cases)
		denSame := !denMore && !denser(c.Interest, c.Cases, b.Interest, b.Cases)
		if reaches && (covMore || covSame && denMore) ||
			!reaches && (denMore || denSame && covMore) {
			best = k
		}
	}
	return best, bestOK
}
