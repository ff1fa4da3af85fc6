package explorer

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// The kinds of control: what the page draws for a key path, and how it
// writes the value it sends as KEY=VALUE.
const (
	// kindNumber is a slider of a plain number: VALUE is the number.
	kindNumber = "number"
	// kindMean is a slider of an uncertain input's mean, its spread kept
	// (sim.MeanLine): VALUE is the distribution whose parameter i is
	// Offset[i] + Slope[i]·mean, in Family's notation.
	kindMean = "mean"
	// kindLevel is a select of an ordinal issue's levels: VALUE is the
	// level.
	kindLevel = "level"
	// kindBool is a toggle of a bool issue: VALUE is true or false.
	kindBool = "bool"
	// kindRound is a slider of a package's first round of a track on the
	// table (a schedule): VALUE is the round.
	kindRound = "round"
	// kindEvidence is a toggle of an [[evidence]] entry, on when a run
	// conditions on it: VALUE (of KEY evidence[i].ignore) is true when it
	// is turned off, false when an entry the file ignores is turned on.
	kindEvidence = "evidence"
)

// The groups of controls on the page.
const (
	groupAssumptions = "assumptions"
	groupPackage     = "package"
	groupEvidence    = "evidence"
)

// Control is one value of the scenario that the page lets a user move,
// named by its key path (docs/model.md#key-paths), as GET /api/scenario
// describes it.
type Control struct {
	// Key is the key path: KEY of the --set KEY=VALUE a move makes.
	Key string `json:"key"`
	// Kind says how the page draws it and writes its VALUE (kindNumber …).
	Kind string `json:"kind"`
	// Group is assumptions, package (of Package) or evidence.
	Group   string `json:"group"`
	Package string `json:"package,omitempty"`
	// Label says what the value is, in the scenario's words.
	Label string `json:"label"`
	// Value is the scenario's value: a number (a mean, for kindMean), a
	// level, or a bool (kindEvidence: true when the run conditions on it).
	Value any `json:"value"`
	// Text is the value as the scenario file gives it (a distribution in
	// its notation, a level, a number).
	Text string `json:"text"`
	// Range and Step are a slider's, Unit its unit.
	Range *[2]float64 `json:"range,omitempty"`
	Step  float64     `json:"step,omitempty"`
	Unit  string      `json:"unit,omitempty"`
	// Levels are a select's options.
	Levels []string `json:"levels,omitempty"`
	// Family, Offset and Slope are a kindMean's line of distributions.
	Family string    `json:"family,omitempty"`
	Offset []float64 `json:"offset,omitempty"`
	Slope  []float64 `json:"slope,omitempty"`
}

// controls lists the controls of m: the assumptions (each reservation's
// mean, each factor's mean and, with a timeline, its step's, each red
// line's weight) and every package's issue values and schedule.
func controls(m *sim.Model) []Control {
	var cs []Control
	cs = append(cs, reservations(m)...)
	cs = append(cs, factors(m)...)
	cs = append(cs, redLineWeights(m)...)
	for k := range m.Packages {
		cs = append(cs, packageTerms(m, k)...)
	}
	return cs
}

// evidenceControls are a toggle for each [[evidence]] entry of the
// scenario, named by its index in the file: on for those m, the scenario
// loaded with sets, conditions on, off for those the file or sets
// ignore. The Model does not say which entry of the file each of its
// Evidence is, so the file's entries are found by loading the scenario
// with each ignored in turn: one whose ignoring leaves the evidence as it
// was is ignored already, and is loaded with ignore = false for its
// label. The entries keep their file order in the Model.
func evidenceControls(ctx context.Context, load func(context.Context, []string) (*sim.Model, error), sets []string, m *sim.Model) ([]Control, error) {
	with := func(set string) (*sim.Model, error) {
		all, err := mergeSets(sets, []string{set})
		if err != nil {
			return nil, err
		}
		return load(ctx, all)
	}
	toggle := func(i int, label string, on bool) Control {
		text := "conditioned on"
		if !on {
			text = "ignored"
		}
		return Control{Key: fmt.Sprintf("evidence[%d].ignore", i), Kind: kindEvidence, Group: groupEvidence, Label: label, Value: on, Text: text}
	}
	var cs []Control
	if _, err := with(fmt.Sprintf("evidence[%d].ignore=false", len(m.Evidence))); err != nil {
		// No entry beyond those m holds: the file ignores none.
		for i, e := range m.Evidence {
			cs = append(cs, toggle(i, e.Label, true))
		}
		return cs, ctx.Err()
	}
	on := 0
	for i := 0; i <= sim.MaxEvidence; i++ {
		off, err := with(fmt.Sprintf("evidence[%d].ignore=true", i))
		if err != nil {
			break // past the last entry
		}
		if len(off.Evidence) < len(m.Evidence) {
			cs = append(cs, toggle(i, m.Evidence[on].Label, true))
			on++
			continue
		}
		back, err := with(fmt.Sprintf("evidence[%d].ignore=false", i))
		if err != nil || len(back.Evidence) <= on {
			return nil, fmt.Errorf("evidence[%d]: neither conditioned on nor ignored: %v", i, err)
		}
		cs = append(cs, toggle(i, back.Evidence[on].Label, false))
	}
	return cs, ctx.Err()
}

// reservations are the mean of each party's reservations, one control a
// drawn input (tracks that share one share the control).
func reservations(m *sim.Model) []Control {
	var cs []Control
	for _, p := range m.Parties {
		seen := map[int]bool{}
		for t, i := range p.Reservation {
			if i < 0 || seen[i] {
				continue
			}
			seen[i] = true
			label := p.Label + "'s reservation on " + m.Tracks[t]
			if !strings.HasSuffix(m.Params[i].Name, "."+m.Tracks[t]) {
				label = p.Label + "'s reservation (every track)"
			}
			if c, ok := meanControl(m.Params[i], label, domain{lo: 0, hi: 1, open: true}); ok {
				cs = append(cs, c)
			}
		}
	}
	return cs
}

// factors are each factor's mean and, over rounds, its step's.
func factors(m *sim.Model) []Control {
	var cs []Control
	for _, f := range m.Factors {
		if c, ok := meanControl(m.Params[f.Value], f.Label+" (mean)", domain{open: true}); ok {
			cs = append(cs, c)
		}
		if f.Step >= 0 && m.Rounds() > 1 {
			if c, ok := meanControl(m.Params[f.Step], f.Label+": step each round (mean)", domain{open: true}); ok {
				cs = append(cs, c)
			}
		}
	}
	return cs
}

// redLineWeights are the weight (utility penalty) of each soft red line.
func redLineWeights(m *sim.Model) []Control {
	var cs []Control
	for _, p := range m.Parties {
		for _, rl := range p.RedLines {
			if rl.Penalty < 0 {
				continue
			}
			if c, ok := meanControl(m.Params[rl.Penalty], p.Label+": "+rl.Label+" (weight)", domain{lo: 0, hi: 1}); ok {
				cs = append(cs, c)
			}
		}
	}
	return cs
}

// packageTerms are package k's issue values and, over rounds, the first
// round of each of its tracks.
func packageTerms(m *sim.Model, k int) []Control {
	pkg := &m.Packages[k]
	var cs []Control
	for i := range m.Issues {
		is := &m.Issues[i]
		c := Control{Key: "packages." + pkg.ID + "." + is.ID, Group: groupPackage, Package: pkg.ID, Label: is.Label,
			Text: is.FormatValue(pkg.Values[i])}
		x := pkg.Values[i]
		switch is.Kind {
		case sim.Number:
			lo, hi := is.Lo, is.Hi
			if n := is.Negotiable; n != nil {
				lo, hi = n.Lo, n.Hi
			}
			lo, hi = math.Min(lo, x), math.Max(hi, x)
			c.Kind, c.Value, c.Range, c.Step, c.Unit = kindNumber, x, &[2]float64{lo, hi}, niceStep(hi-lo), is.Unit
		case sim.Ordinal:
			c.Kind, c.Value, c.Levels = kindLevel, is.Levels[int(x)], is.Levels
		case sim.Bool:
			c.Kind, c.Value = kindBool, x == 1
		}
		cs = append(cs, c)
	}
	if R := m.Rounds(); R > 1 {
		for t, track := range m.Tracks {
			r := pkg.OnTable(t)
			cs = append(cs, Control{Key: "packages." + pkg.ID + ".schedule." + track, Kind: kindRound, Group: groupPackage, Package: pkg.ID,
				Label: "On the table from round (" + track + ")", Value: r, Text: strconv.Itoa(r), Range: &[2]float64{1, float64(R)}, Step: 1})
		}
	}
	return cs
}

// domain is where a quantity's values lie: [lo, hi], or anywhere when
// open (a reservation may stray from the utility scale, so its slider
// spans [0, 1] but a typed value need not).
type domain struct {
	lo, hi float64
	open   bool
}

// meanControl is the control of an input's mean: a slider of a plain
// number, or of a distribution's mean along its sim.MeanLine; none for a
// family without a line.
func meanControl(p sim.Param, label string, d domain) (Control, bool) {
	line, ok := p.Dist.MeanLine()
	if !ok {
		return Control{}, false
	}
	mean := p.Dist.Mean()
	c := Control{Key: p.Name, Group: groupAssumptions, Label: label, Value: mean, Text: p.Dist.String()}
	lo, hi := meanRange(p.Dist, line, mean, d)
	c.Range, c.Step = &[2]float64{lo, hi}, niceStep(hi-lo)
	if p.Dist.IsFixed() {
		c.Kind = kindNumber
		return c, true
	}
	c.Kind, c.Family = kindMean, p.Dist.Family.String()
	n := line.Params()
	c.Offset, c.Slope = line.Offset[:n:n], line.Slope[:n:n]
	return c, true
}

// meanRange is the span of a mean's slider: the family's own means
// (inside, for beta's open ends), else the quantity's domain, narrowed
// so that a shifted distribution stays in it; an open domain without
// bounds spans the current mean plus or minus its spread, or its size.
func meanRange(dist sim.Dist, line sim.MeanLine, mean float64, d domain) (lo, hi float64) {
	if !math.IsInf(line.Lo, 0) {
		lo, hi = line.Lo, line.Hi
		if dist.Family == sim.Beta {
			lo, hi = lo+0.01, hi-0.01
		}
		return lo, hi
	}
	if d.lo == 0 && d.hi == 0 {
		w := dist.Quantile(0.95) - dist.Quantile(0.05)
		w = math.Max(w, 2*math.Abs(mean))
		if w == 0 {
			w = 1
		}
		return roundDown(mean-w, niceStep(2*w)), roundUp(mean+w, niceStep(2*w))
	}
	lo, hi = d.lo, d.hi
	if s, t := dist.Support(); !d.open && !math.IsInf(s, 0) && !math.IsInf(t, 0) {
		lo, hi = d.lo+(mean-s), d.hi-(t-mean)
	}
	return math.Min(lo, mean), math.Max(hi, mean)
}

// niceStep is a slider's step for a span: about a two-hundredth of it,
// rounded to 1, 2 or 5 times a power of ten.
func niceStep(span float64) float64 {
	if !(span > 0) {
		return 1
	}
	raw := span / 200
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, f := range []float64{1, 2, 5} {
		if f*p >= raw {
			return f * p
		}
	}
	return 10 * p
}

func roundDown(x, step float64) float64 { return math.Floor(x/step) * step }
func roundUp(x, step float64) float64   { return math.Ceil(x/step) * step }
