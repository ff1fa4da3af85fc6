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

var families = [...]struct {
	name  string
	arity int
}{
	Fixed:       {"fixed", 1},
	Normal:      {"normal", 2},
	TruncNormal: {"truncnormal", 4},
	Uniform:     {"uniform", 2},
	Triangular:  {"triangular", 3},
	PERT:        {"pert", 3},
	Beta:        {"beta", 2},
	LogNormal:   {"lognormal", 2},
	Bernoulli:   {"bernoulli", 1},
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
	want := families[d.Family].arity
	if len(args) != want || (want == 1 && strings.TrimSpace(args[0]) == "") {
		return Dist{}, fmt.Errorf("%s takes %d parameters (%s), got %q", name, want, d.Family.signature(), s)
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

func (f Family) signature() string {
	switch f {
	case Normal, LogNormal:
		return "mu, sigma"
	case TruncNormal:
		return "mu, sigma, lo, hi"
	case Uniform:
		return "lo, hi"
	case Triangular, PERT:
		return "lo, mode, hi"
	case Beta:
		return "a, b"
	case Bernoulli:
		return "p"
	}
	return "value"
}

// Validate reports whether the parameters define a proper distribution.
func (d Dist) Validate() error {
	p := d.P
	for i := 0; i < families[d.Family].arity; i++ {
		if math.IsNaN(p[i]) || math.IsInf(p[i], 0) {
			return fmt.Errorf("%s: parameters must be finite", d.Family)
		}
	}
	switch d.Family {
	case Normal, LogNormal:
		if p[1] <= 0 {
			return fmt.Errorf("%s: sigma must be > 0, got %g", d.Family, p[1])
		}
	case TruncNormal:
		if p[1] <= 0 {
			return fmt.Errorf("truncnormal: sigma must be > 0, got %g", p[1])
		}
		if p[2] >= p[3] {
			return fmt.Errorf("truncnormal: lo must be < hi, got [%g, %g]", p[2], p[3])
		}
		if tn := (TruncatedNormal{Mu: p[0], Sigma: p[1], Lo: p[2], Hi: p[3]}); tn.mass() < minTruncMass {
			return fmt.Errorf("truncnormal: [%g, %g] lies too far in the tails of normal(%g, %g)", p[2], p[3], p[0], p[1])
		}
	case Uniform:
		if p[0] >= p[1] {
			return fmt.Errorf("uniform: lo must be < hi, got (%g, %g)", p[0], p[1])
		}
	case Triangular, PERT:
		if !(p[0] < p[2] && p[0] <= p[1] && p[1] <= p[2]) {
			return fmt.Errorf("%s: need lo ≤ mode ≤ hi and lo < hi, got (%g, %g, %g)", d.Family, p[0], p[1], p[2])
		}
	case Beta:
		if p[0] <= 0 || p[1] <= 0 {
			return fmt.Errorf("beta: a and b must be > 0, got (%g, %g)", p[0], p[1])
		}
	case Bernoulli:
		if p[0] < 0 || p[0] > 1 {
			return fmt.Errorf("bernoulli: p must be in [0, 1], got %g", p[0])
		}
	}
	return nil
}

// String writes the Dist back in scenario notation.
func (d Dist) String() string {
	if d.Family == Fixed {
		return strconv.FormatFloat(d.P[0], 'g', -1, 64)
	}
	var b strings.Builder
	b.WriteString(d.Family.String())
	b.WriteByte('(')
	for i := 0; i < families[d.Family].arity; i++ {
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
// A run draws through variate instead, which reads a trial's stream without
// an interface call per number; for every family but beta and PERT it draws
// the very values Sampler does from the same generator state.
func (d Dist) Sampler(src rand.Source) Sampler {
	p := d.P
	if d.Validate() != nil {
		return constant(d.Mean())
	}
	switch d.Family {
	case Normal:
		return distuv.Normal{Mu: p[0], Sigma: p[1], Src: src}
	case TruncNormal:
		return TruncatedNormal{Mu: p[0], Sigma: p[1], Lo: p[2], Hi: p[3], Src: src}
	case Uniform:
		return distuv.Uniform{Min: p[0], Max: p[1], Src: src}
	case Triangular:
		return distuv.NewTriangle(p[0], p[2], p[1], src)
	case PERT:
		a, b := pertShape(p[0], p[1], p[2])
		return scaledBeta{Beta: distuv.Beta{Alpha: a, Beta: b, Src: src}, lo: p[0], hi: p[2]}
	case Beta:
		return scaledBeta{Beta: distuv.Beta{Alpha: p[0], Beta: p[1], Src: src}, lo: 0, hi: 1}
	case LogNormal:
		return distuv.LogNormal{Mu: p[0], Sigma: p[1], Src: src}
	case Bernoulli:
		return distuv.Bernoulli{P: p[0], Src: src}
	}
	return constant(p[0])
}

// Mean returns the distribution's expected value: the nominal value of an
// uncertain input.
func (d Dist) Mean() float64 {
	p := d.P
	switch d.Family {
	case Normal:
		return p[0]
	case TruncNormal:
		return TruncatedNormal{Mu: p[0], Sigma: p[1], Lo: p[2], Hi: p[3]}.Mean()
	case Uniform:
		return (p[0] + p[1]) / 2
	case Triangular:
		return (p[0] + p[1] + p[2]) / 3
	case PERT:
		return (p[0] + 4*p[1] + p[2]) / 6
	case Beta:
		return p[0] / (p[0] + p[1])
	case LogNormal:
		return math.Exp(p[0] + p[1]*p[1]/2)
	case Bernoulli:
		return p[0]
	}
	return p[0]
}

// pertShape returns the beta shape parameters of the PERT distribution of
// project risk analysis (as in @RISK): a PERT(lo, mode, hi) value is
// lo + (hi−lo)·Beta(1 + 4·(mode−lo)/(hi−lo), 1 + 4·(hi−mode)/(hi−lo)),
// whose mean is (lo + 4·mode + hi)/6.
func pertShape(lo, mode, hi float64) (a, b float64) {
	r := hi - lo
	return 1 + 4*(mode-lo)/r, 1 + 4*(hi-mode)/r
}

// scaledBeta is lo + (hi−lo)·X with X ~ Beta: the Sampler of the beta and
// PERT inputs.
type scaledBeta struct {
	distuv.Beta
	lo, hi float64
}

func (b scaledBeta) Rand() float64 { return b.lo + (b.hi-b.lo)*b.Beta.Rand() }
func (b scaledBeta) Mean() float64 { return b.lo + (b.hi-b.lo)*b.Beta.Mean() }

// constant is the Sampler of a fixed value.
type constant float64

func (c constant) Rand() float64 { return float64(c) }
func (c constant) Mean() float64 { return float64(c) }
