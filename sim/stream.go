package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"math/rand/v2"
)

// splitmix64 is the finaliser of Steele, Lea and Flood's SplitMix64: a
// bijective avalanche mix, so nearby inputs (trial t and t+1) give unrelated
// outputs.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// stream is the random stream of one input in one trial: math/rand/v2's
// PCG generator, read through Float64 and NormFloat64 methods that return
// exactly what math/rand/v2's Rand returns from the same PCG state
// (stream_test.go checks it bit for bit).
//
// It exists for speed. A trial draws about ninety numbers, most of them
// inside the gamma variates of the Dirichlet salience weights; through
// rand.Rand each one is an interface call to the Source, whereas a concrete
// *stream lets the compiler inline the generator into the samplers. That
// made a gamma variate about 10% faster in a benchmark of the two. *stream is
// itself a rand.Source, so gonum's distributions can draw from it too.
type stream struct {
	pcg rand.PCG
}

// trialKey is what every stream of one trial shares: 128 bits that depend
// on the run's seed and the trial alone. For a given seed, distinct trials
// have distinct keys (u is a bijection of t).
type trialKey struct{ u, v uint64 }

func newTrialKey(seed, t uint64) trialKey {
	u := splitmix64(seed ^ splitmix64(t))
	return trialKey{u, splitmix64(u ^ 0x6a09e667f3bcc909)} // √2's fraction: any odd constant
}

// inputKey identifies one uncertain input's random streams: 128 bits of
// the SHA-256 of its key path (docs/model.md#key-paths), such as
// "parties.ukraine.reservation.framework" or
// "parties.ukraine.salience.framework".
type inputKey struct{ hi, lo uint64 }

func newInputKey(name string) inputKey {
	h := sha256.Sum256([]byte(name))
	return inputKey{binary.LittleEndian.Uint64(h[:8]), binary.LittleEndian.Uint64(h[8:16])}
}

// roundKey is the key of input in's stream in round r of a timeline: a
// step's draws in round r of trial t depend on (seed, its key path, t, r)
// alone, so adding rounds leaves those of earlier rounds as they were.
func roundKey(in inputKey, r int) inputKey {
	x := splitmix64(uint64(r) ^ 0xbb67ae8584caa73b) // √3's fraction: any constant
	return inputKey{splitmix64(in.hi ^ x), splitmix64(in.lo + x)}
}

// seed points s at the random stream of one input in one trial. The stream
// depends on (the run's seed, the input's key path, the trial) alone: not
// on the input's place in the file or the model, not on what other inputs
// there are, and not on which worker runs the trial or in what order. So
// every output is identical for any number of workers or shards, and two
// variants of a scenario that differ in one input draw every other input
// identically: they are paired (docs/model.md#random-streams).
//
// The generator's 128-bit state mixes the trial's key with the input's
// key, 64 bits each way, so two (input, trial) pairs share a stream only if
// 128 bits of independent-looking hashes collide.
func (s *stream) seed(t trialKey, in inputKey) {
	s.pcg.Seed(splitmix64(t.u^in.hi), splitmix64(t.v^in.lo))
}

// Uint64 returns the generator's next 64 bits (rand.Source).
func (s *stream) Uint64() uint64 { return s.pcg.Uint64() }

// Float64 returns a uniform float64 in [0, 1): the low 53 bits of Uint64
// over 2⁵³, as rand.Rand.Float64 computes it. (Multiplying by 2⁻⁵³ is the
// same division; the signed conversion is one instruction, which keeps
// Float64 small enough to inline.)
func (s *stream) Float64() float64 {
	return float64(int64(s.pcg.Uint64()&(1<<53-1))) * 0x1p-53
}

// NormFloat64 returns a standard normal variate by the ziggurat method of
// Marsaglia and Tsang (2000), "The Ziggurat Method for Generating Random
// Variables", J. Stat. Softw. 5(8), with 128 strips: the algorithm and
// tables of rand.Rand.NormFloat64, so it draws the same values. The draws
// that fall inside a strip's rectangle, more than 99% of them, return here;
// the others go on in normSlow.
func (s *stream) NormFloat64() float64 {
	u := s.pcg.Uint64()
	j := int32(u) // possibly negative
	i := u >> 32 & 0x7F
	if absInt32(j) < zigK[i] {
		return float64(j) * float64(zigW[i])
	}
	return s.normSlow(j, i)
}

// normSlow finishes a ziggurat draw that fell outside the rectangle of
// strip i, as rand.Rand.NormFloat64 does: a wedge or tail test, and new draws
// until one is accepted.
func (s *stream) normSlow(j int32, i uint64) float64 {
	for {
		x := float64(j) * float64(zigW[i])
		if absInt32(j) < zigK[i] {
			return x
		}
		if i == 0 {
			// The base strip: a draw from the tail beyond zigR.
			for {
				x = -math.Log(s.Float64()) * (1.0 / zigR)
				y := -math.Log(s.Float64())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return zigR + x
			}
			return -zigR - x
		}
		if zigF[i]+float32(s.Float64())*(zigF[i-1]-zigF[i]) < float32(math.Exp(-.5*x*x)) {
			return x
		}
		u := s.pcg.Uint64()
		j = int32(u)
		i = u >> 32 & 0x7F
	}
}

func absInt32(i int32) uint32 {
	if i < 0 {
		return uint32(-i)
	}
	return uint32(i)
}

// The ziggurat's constants: zigR is where the tail starts and zigV the area
// of each strip, for 128 strips (Marsaglia and Tsang 2000, §4).
const (
	zigR = 3.442619855899
	zigV = 9.91256303526217e-3
)

// zigK, zigW and zigF are the ziggurat's tables, computed as the paper's
// set-up code (zigset) computes them and stored in uint32 and float32 as
// math/rand/v2 stores them; TestNormFloat64MatchesMathRand checks that they
// are its tables.
var zigK, zigW, zigF = zigTables()

func zigTables() (k [128]uint32, w, f [128]float32) {
	const m1 = 1 << 31
	dn, tn := zigR, zigR
	q := zigV / math.Exp(-.5*dn*dn)
	k[0] = uint32((dn / q) * m1)
	k[1] = 0
	w[0] = float32(q / m1)
	w[127] = float32(dn / m1)
	f[0] = 1
	f[127] = float32(math.Exp(-.5 * dn * dn))
	for i := 126; i >= 1; i-- {
		dn = math.Sqrt(-2 * math.Log(zigV/dn+math.Exp(-.5*dn*dn)))
		k[i+1] = uint32((dn / tn) * m1)
		tn = dn
		f[i] = float32(math.Exp(-.5 * dn * dn))
		w[i] = float32(dn / m1)
	}
	return k, w, f
}
