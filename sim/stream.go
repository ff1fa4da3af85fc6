package sim

import "math/rand/v2"

// splitmix64 is the finaliser of Steele, Lea and Flood's SplitMix64: a
// bijective avalanche mix, so nearby inputs (trial t and t+1) give unrelated
// outputs.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedTrial points src at the random stream of trial t of a run with the
// given seed. The stream depends on (seed, t) alone, never on which worker
// runs the trial or in what order, which is what makes every output
// identical for any number of workers or shards (DESIGN.md §2).
func seedTrial(src *rand.PCG, seed, t uint64) {
	a := splitmix64(seed ^ splitmix64(t))
	b := splitmix64(a ^ 0x6a09e667f3bcc909) // √2's fraction: any odd constant
	src.Seed(a, b)
}
