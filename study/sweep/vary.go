package sweep

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/study"
)

// maxValuesPerKey bounds the values of one stepped range: past a million
// a step is a typo, and a Latin hypercube is the study to run.
const maxValuesPerKey = 1_000_000

// Vary is one varied key as a researcher writes it: KEY=lo:hi:step (hi
// inclusive), KEY=lo:hi (a range for a Latin hypercube alone), or
// KEY=v1,v2,… (numbers, levels, bools or distributions). KEY is any key
// path scenarios.Set takes.
type Vary struct {
	// Arg is the whole KEY=… as written, which problems name.
	Arg string
	// Key is the key path.
	Key string
	// Values are the list's values, or a stepped range's grid, lo first;
	// a range without a step has its two ends.
	Values []string
	// Ranged says Values are a numeric range from Lo to Hi: a Latin
	// hypercube draws any number in it, at Step's resolution.
	Ranged bool
	Lo, Hi float64
	// Step is the range's step; 0 when it has none (lo:hi).
	Step float64
	// decimals is how many decimals a value of the range is written
	// with: the most of lo, hi and step as written.
	decimals int
}

// ParseVary reads one varied key. A list is split on the commas outside
// parentheses, brackets and quotes, so that a distribution stays whole.
// Its refusals are *study.InputErrors of the option "Vary", item arg.
func ParseVary(arg string) (Vary, error) {
	key, value, err := scenarios.ParseSet(arg)
	if err != nil {
		return Vary{}, Vary{Arg: arg}.refuse("write KEY=lo:hi:step or KEY=v1,v2,..., e.g. --vary packages.miami_20_point.troop_cap=400:1000:100")
	}
	v := Vary{Arg: arg, Key: key}
	if parts := strings.Split(value, ":"); len(parts) == 2 || len(parts) == 3 {
		if nums, ok := parseNumbers(parts); ok {
			return v.ranged(nums, parts)
		}
	}
	v.Values = splitList(value)
	if len(v.Values) == 0 {
		return Vary{}, v.refuse("no value")
	}
	return v, nil
}

// ParseVaries reads every varied key, as ParseVary does.
func ParseVaries(args []string) ([]Vary, error) {
	out := make([]Vary, len(args))
	for i, arg := range args {
		v, err := ParseVary(arg)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// refuse is the InputError of v's argument.
func (v Vary) refuse(format string, a ...any) error {
	return &study.InputError{Option: "Vary", Item: v.Arg, Msg: fmt.Sprintf(format, a...)}
}

// parseNumbers reads every part as a finite number.
func parseNumbers(parts []string) ([]float64, bool) {
	nums := make([]float64, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, false
		}
		nums[i] = x
	}
	return nums, true
}

// ranged completes v as the range lo:hi or lo:hi:step, parts as written.
func (v Vary) ranged(nums []float64, parts []string) (Vary, error) {
	lo, hi := nums[0], nums[1]
	if hi < lo {
		return Vary{}, v.refuse("lo must not exceed hi, got %g:%g", lo, hi)
	}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if i := strings.IndexByte(p, '.'); i >= 0 {
			v.decimals = max(v.decimals, len(p)-i-1)
		}
	}
	v.Ranged, v.Lo, v.Hi = true, lo, hi
	if len(nums) == 2 {
		v.Values = []string{v.format(lo), v.format(hi)}
		return v, nil
	}
	step := nums[2]
	switch {
	case step <= 0:
		return Vary{}, v.refuse("the step must be > 0, got %g", step)
	case (hi-lo)/step > maxValuesPerKey:
		return Vary{}, v.refuse("%g values; a sweep takes at most a million per key", math.Floor((hi-lo)/step)+1)
	}
	v.Step = step
	for i := 0; ; i++ {
		x := v.round(lo + float64(i)*step)
		if x > hi+step*1e-9 {
			break
		}
		v.Values = append(v.Values, v.format(x))
	}
	return v, nil
}

// round rounds x to the decimals the range is written with.
func (v Vary) round(x float64) float64 {
	scale := math.Pow(10, float64(v.decimals))
	return math.Round(x*scale) / scale
}

// format writes a value of the range as short as it reads back.
func (v Vary) format(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// resolution is the step a Latin hypercube's values of the range are
// snapped to, and the decimals they are written with: the range's own
// step, or, without one, a thousandth of the order of magnitude of its
// width (600:900 is drawn to 0.1: 720.5), so that a point's values, as
// printed, are the values it ran and run --set with them gives its rows.
func (v Vary) resolution() (step float64, decimals int) {
	if v.Step > 0 {
		return v.Step, v.decimals
	}
	width := v.Hi - v.Lo
	if width <= 0 {
		return 0, v.decimals
	}
	e := int(math.Floor(math.Log10(width))) - 3
	return math.Pow(10, float64(e)), max(v.decimals, -e)
}

// splitList splits a list on the commas outside parentheses, brackets and
// quotes.
func splitList(s string) []string {
	var out []string
	depth, quote, start := 0, byte(0), 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if last := strings.TrimSpace(s[start:]); last != "" || len(out) > 0 {
		out = append(out, last)
	}
	return out
}
