package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Family names a distribution family as scenario files write it.
type Family uint8

// The distribution families. Fixed is a plain number.
const (
	Fixed       Family = iota // a number: Fixed(v)
	Normal                    // normal(mu, sigma)
	TruncNormal               // truncnormal(mu, sigma, lo, hi)
	Uniform                   // uniform(lo, hi)
	Triangular                // triangular(lo, mode, hi)
	PERT                      // pert(lo, mode, hi)
	Beta                      // beta(a, b)
	LogNormal                 // lognormal(mu, sigma): log of the value is normal(mu, sigma)
	Bernoulli                 // bernoulli(p): 1 with probability p, else 0
)

// MaxMagnitude bounds every value an input can take. Inputs are utilities,
// reservations, weights, thresholds on an issue's scale and factor effects,
// multiplied together at most pairwise (a coefficient by a factor's value)
// and summed a few at a time, so with every draw within ±10¹⁰⁰ no sum or
// product can overflow to ±Inf or become NaN. A parameter such as
// uniform(-1e308, 1e308), whose width overflows, or lognormal(700, 10),
// whose draws do, is refused when the scenario is read rather than
// silently giving wrong answers.
const MaxMagnitude = 1e100

// zMax bounds the standard normal draws of a run: the ziggurat sampler's
// largest finite output is zigR − ln(2⁻⁵³)/zigR ≈ 14.1. It turns the
// unbounded normal and lognormal into the range their draws can reach, for
// the MaxMagnitude check.
const zMax = 15

// family holds everything peacesim knows about one distribution family, so
// that a new family is one entry here (and, for speed, one case of
// variate.fill).
type family struct {
	name string
	// params names the parameters in the order the notation takes them.
	params []string
	// check reports parameters that define no distribution; they are
	// already known to be finite.
	check func(p [4]float64) error
	// dist returns the family's distribution drawing from src (nil: none).
	dist func(p [4]float64, src rand.Source) distribution
	// reach is the smallest interval holding every value a run can draw:
	// the support, or for the normal and lognormal the values within zMax
	// standard deviations (of the log), where their draws end.
	reach func(p [4]float64) (lo, hi float64)
	// support is the distribution's support, which may be unbounded.
	support func(p [4]float64) (lo, hi float64)
}

// distribution is what a family's gonum (or gonum-like) distribution
// offers: draws, the mean that is an input's nominal value, and the
// quantile at which sensitivity analyses fix an input.
type distribution interface {
	Rand() float64
	Mean() float64
	Quantile(p float64) float64
}

// families is indexed by Family.
var families = [...]family{
	Fixed: {
		name: "fixed", params: []string{"value"},
		check: func([4]float64) error { return nil },
		dist:  func(p [4]float64, _ rand.Source) distribution { return constant(p[0]) },
		reach: point, support: point,
	},
	Normal: {
		name: "normal", params: []string{"mu", "sigma"},
		check: checkSigma,
		dist: func(p [4]float64, src rand.Source) distribution {
			return distuv.Normal{Mu: p[0], Sigma: p[1], Src: src}
		},
		reach:   func(p [4]float64) (float64, float64) { return p[0] - zMax*p[1], p[0] + zMax*p[1] },
		support: unbounded,
	},
	TruncNormal: {
		name: "truncnormal", params: []string{"mu", "sigma", "lo", "hi"},
		check: func(p [4]float64) error {
			if err := checkSigma(p); err != nil {
				return err
			}
			if p[2] >= p[3] {
				return fmt.Errorf("lo must be < hi, got [%g, %g]", p[2], p[3])
			}
			if tn := (TruncatedNormal{Mu: p[0], Sigma: p[1], Lo: p[2], Hi: p[3]}); tn.mass() < minTruncMass {
				return fmt.Errorf("[%g, %g] lies too far in the tails of normal(%g, %g)", p[2], p[3], p[0], p[1])
			}
			return nil
		},
		dist: func(p [4]float64, src rand.Source) distribution {
			return TruncatedNormal{Mu: p[0], Sigma: p[1], Lo: p[2], Hi: p[3], Src: src}
		},
		reach:   func(p [4]float64) (float64, float64) { return p[2], p[3] },
		support: func(p [4]float64) (float64, float64) { return p[2], p[3] },
	},
	Uniform: {
		name: "uniform", params: []string{"lo", "hi"},
		check: func(p [4]float64) error {
			if p[0] >= p[1] {
				return fmt.Errorf("lo must be < hi, got (%g, %g)", p[0], p[1])
			}
			return nil
		},
		dist: func(p [4]float64, src rand.Source) distribution {
			return distuv.Uniform{Min: p[0], Max: p[1], Src: src}
		},
		reach: firstTwo, support: firstTwo,
	},
	Triangular: {
		name: "triangular", params: []string{"lo", "mode", "hi"},
		check: checkLoModeHi,
		dist: func(p [4]float64, src rand.Source) distribution {
			return distuv.NewTriangle(p[0], p[2], p[1], src)
		},
		reach: loHi, support: loHi,
	},
	PERT: {
		name: "pert", params: []string{"lo", "mode", "hi"},
		check: checkLoModeHi,
		dist: func(p [4]float64, src rand.Source) distribution {
			a, b := pertShape(p[0], p[1], p[2])
			return scaledBeta{Beta: distuv.Beta{Alpha: a, Beta: b, Src: src}, lo: p[0], hi: p[2]}
		},
		reach: loHi, support: loHi,
	},
	Beta: {
		name: "beta", params: []string{"a", "b"},
		check: func(p [4]float64) error {
			if p[0] <= 0 || p[1] <= 0 {
				return fmt.Errorf("a and b must be > 0, got (%g, %g)", p[0], p[1])
			}
			return nil
		},
		dist: func(p [4]float64, src rand.Source) distribution {
			return scaledBeta{Beta: distuv.Beta{Alpha: p[0], Beta: p[1], Src: src}, lo: 0, hi: 1}
		},
		reach: unit, support: unit,
	},
	LogNormal: {
		name: "lognormal", params: []string{"mu", "sigma"},
		check: checkSigma,
		dist: func(p [4]float64, src rand.Source) distribution {
			return distuv.LogNormal{Mu: p[0], Sigma: p[1], Src: src}
		},
		reach: func(p [4]float64) (float64, float64) {
			return math.Exp(p[0] - zMax*p[1]), math.Exp(p[0] + zMax*p[1])
		},
		support: func([4]float64) (float64, float64) { return 0, math.Inf(1) },
	},
	Bernoulli: {
		name: "bernoulli", params: []string{"p"},
		check: func(p [4]float64) error {
			if p[0] < 0 || p[0] > 1 {
				return fmt.Errorf("p must be in [0, 1], got %g", p[0])
			}
			return nil
		},
		dist: func(p [4]float64, src rand.Source) distribution {
			return distuv.Bernoulli{P: p[0], Src: src}
		},
		reach: unit, support: unit,
	},
}

func point(p [4]float64) (float64, float64)    { return p[0], p[0] }
func firstTwo(p [4]float64) (float64, float64) { return p[0], p[1] }
func loHi(p [4]float64) (float64, float64)     { return p[0], p[2] }
func unit([4]float64) (float64, float64)       { return 0, 1 }
func unbounded([4]float64) (float64, float64)  { return math.Inf(-1), math.Inf(1) }

func checkSigma(p [4]float64) error {
	if p[1] <= 0 {
		return fmt.Errorf("sigma must be > 0, got %g", p[1])
	}
	return nil
}

func checkLoModeHi(p [4]float64) error {
	if !(p[0] < p[2] && p[0] <= p[1] && p[1] <= p[2]) {
		return fmt.Errorf("need lo ≤ mode ≤ hi and lo < hi, got (%g, %g, %g)", p[0], p[1], p[2])
	}
	return nil
}

// FamilyNames lists the distribution names a scenario may use, for messages
// and did-you-mean suggestions.
func FamilyNames() []string {
	names := make([]string, 0, len(families)-1)
	for f := Normal; int(f) < len(families); f++ {
		names = append(names, families[f].name)
	}
	return names
}

// FamilyParams returns the parameters of the family a scenario names
// name, in the order the notation takes them ("normal": mu, sigma), or nil
// when no family has that name: the one place that says how many a
// distribution string holds, for the scenario format's JSON Schema too.
func FamilyParams(name string) []string {
	for f := Normal; int(f) < len(families); f++ {
		if families[f].name == name {
			return append([]string(nil), families[f].params...)
		}
	}
	return nil
}

// String returns the family's name.
func (f Family) String() string {
	if int(f) < len(families) {
		return families[f].name
	}
	return "unknown"
}

// Dist describes an uncertain input: a family and its parameters, in the
// order the scenario notation gives them. It is a value, shared by every
// worker; Sampler binds it to one worker's random source.
type Dist struct {
	Family Family
	P      [4]float64
}

// FixedValue returns the Dist that is always v.
func FixedValue(v float64) Dist { return Dist{Family: Fixed, P: [4]float64{v}} }

// IsFixed reports whether the Dist is a plain number.
func (d Dist) IsFixed() bool { return d.Family == Fixed }

// known reports whether d's Family is one of the families.
func (d Dist) known() bool { return int(d.Family) < len(families) }

// ParseDist reads the scenario notation for a distribution, such as
// "normal(0.5, 0.08)" or "triangular(500, 600, 700)", and checks that its
// parameters are valid. A bare number is a Fixed value.
func ParseDist(s string) (Dist, error) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		d := FixedValue(v)
		return d, d.Validate()
	}
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return Dist{}, fmt.Errorf("%q is not a number or a distribution such as \"normal(0.5, 0.1)\"", s)
	}
	name := strings.ToLower(strings.TrimSpace(s[:open]))
	var d Dist
	found := false
	for f := Normal; int(f) < len(families); f++ {
		if families[f].name == name {
			d.Family, found = f, true
			break
		}
	}
	if !found {
		return Dist{}, fmt.Errorf("unknown distribution %q (known: %s)", name, strings.Join(FamilyNames(), ", "))
	}
	args := strings.Split(s[open+1:len(s)-1], ",")
	fam := &families[d.Family]
	if len(args) != len(fam.params) || (len(fam.params) == 1 && strings.TrimSpace(args[0]) == "") {
		return Dist{}, fmt.Errorf("%s takes %d parameters (%s), got %q", name, len(fam.params), strings.Join(fam.params, ", "), s)
	}
	for i, a := range args {
		v, err := strconv.ParseFloat(strings.TrimSpace(a), 64)
		if err != nil {
			return Dist{}, fmt.Errorf("%s: parameter %d, %q, is not a number", name, i+1, strings.TrimSpace(a))
		}
		d.P[i] = v
	}
	return d, d.Validate()
}

// Validate reports whether the parameters define a proper distribution
// whose draws all lie within ±MaxMagnitude.
func (d Dist) Validate() error {
	if !d.known() {
		return fmt.Errorf("unknown distribution family %d", d.Family)
	}
	fam := &families[d.Family]
	for i := range fam.params {
		if math.IsNaN(d.P[i]) || math.IsInf(d.P[i], 0) {
			return fmt.Errorf("%s: parameters must be finite", fam.name)
		}
		if math.Abs(d.P[i]) > MaxMagnitude {
			return fmt.Errorf("%s: parameters must lie within ±%g, got %g", fam.name, MaxMagnitude, d.P[i])
		}
	}
	if err := fam.check(d.P); err != nil {
		return fmt.Errorf("%s: %v", fam.name, err)
	}
	if lo, hi := fam.reach(d.P); !(lo >= -MaxMagnitude && hi <= MaxMagnitude) {
		return fmt.Errorf("%s can draw values beyond ±%g, which would overflow the model's arithmetic", d, MaxMagnitude)
	}
	return nil
}

// String writes the Dist back in scenario notation.
func (d Dist) String() string {
	if d.Family == Fixed || !d.known() {
		return strconv.FormatFloat(d.P[0], 'g', -1, 64)
	}
	var b strings.Builder
	b.WriteString(d.Family.String())
	b.WriteByte('(')
	for i := range families[d.Family].params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatFloat(d.P[i], 'g', -1, 64))
	}
	b.WriteByte(')')
	return b.String()
}

// Sampler draws values of one distribution from one random source.
// gonum's distuv types satisfy it.
type Sampler interface {
	Rand() float64
	Mean() float64
}

// Sampler returns a Sampler of d that draws from src: gonum's distuv
// distributions, and this package's TruncatedNormal. A valid Dist is
// required; an invalid one (which scenarios never compiles) yields its mean.
//
// A run draws through variate instead, which reads an input's stream
// without an interface call per number; for every family but beta and PERT
// it draws the very values Sampler does from the same generator state.
func (d Dist) Sampler(src rand.Source) Sampler {
	if d.Validate() != nil {
		return constant(d.Mean())
	}
	return families[d.Family].dist(d.P, src)
}

// Mean returns the distribution's expected value: the nominal value of an
// uncertain input. An invalid Dist's mean is its first parameter.
func (d Dist) Mean() float64 {
	if d.Validate() != nil {
		return d.P[0]
	}
	return families[d.Family].dist(d.P, nil).Mean()
}

// Quantile returns the value below which the input falls with probability
// p ∈ [0, 1]: sensitivity analyses fix an input at, say, its 10th and 90th
// percentiles. A Fixed value is its own quantile at every p; an invalid
// Dist or a p outside [0, 1] gives NaN.
func (d Dist) Quantile(p float64) float64 {
	if d.Validate() != nil || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	return families[d.Family].dist(d.P, nil).Quantile(p)
}

// Support returns the smallest interval [lo, hi] holding every value of
// the distribution; lo or hi is infinite for the normal and lognormal
// families.
func (d Dist) Support() (lo, hi float64) {
	if !d.known() {
		return math.NaN(), math.NaN()
	}
	return families[d.Family].support(d.P)
}

// pertShape returns the beta shape parameters of the PERT distribution of
// project risk analysis (as in @RISK): a PERT(lo, mode, hi) value is
// lo + (hi−lo)·Beta(1 + 4·(mode−lo)/(hi−lo), 1 + 4·(hi−mode)/(hi−lo)),
// whose mean is (lo + 4·mode + hi)/6.
func pertShape(lo, mode, hi float64) (a, b float64) {
	r := hi - lo
	return 1 + 4*(mode-lo)/r, 1 + 4*(hi-mode)/r
}

// scaledBeta is lo + (hi−lo)·X with X ~ Beta: the distribution of the beta
// and PERT inputs.
type scaledBeta struct {
	distuv.Beta
	lo, hi float64
}

func (b scaledBeta) Rand() float64              { return b.lo + (b.hi-b.lo)*b.Beta.Rand() }
func (b scaledBeta) Mean() float64              { return b.lo + (b.hi-b.lo)*b.Beta.Mean() }
func (b scaledBeta) Quantile(p float64) float64 { return b.lo + (b.hi-b.lo)*b.Beta.Quantile(p) }

// constant is the distribution of a fixed value.
type constant float64

func (c constant) Rand() float64            { return float64(c) }
func (c constant) Mean() float64            { return float64(c) }
func (c constant) Quantile(float64) float64 { return float64(c) }
