package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/results/plot"
)

// evidence adds, to the section of a run conditioned on evidence
// (docs/model.md#evidence), what the evidence was — each observation with
// its source — how much of the prior it kept, and a chart and a table of
// what it taught about the inputs it moved most.
func (s *section) evidence(d *results.Dir) error {
	for _, sr := range d.Manifest.Scenarios {
		if ev := sr.Evidence; ev != nil {
			s.Tables = append(s.Tables, evidenceTable(sr.Scenario, ev))
			if ev.PriorTrials > 0 {
				s.Notes = append(s.Notes, keptNote(sr.Scenario, ev))
			}
		}
	}
	if !d.Has(results.PosteriorFile) || len(d.Posterior) == 0 {
		return nil
	}
	if err := s.chart(d, "posterior", plot.Options{Chart: "posterior"}, chartFlag(d, "posterior"), posteriorAlt(d),
		"What the evidence taught: for the inputs it moved most, the prior's and the posterior's 10th–90th percentile ranges and means, each input on its prior's range (0 at its 10th percentile, 1 at its 90th)."); err != nil {
		return err
	}
	s.Tables = append(s.Tables, posteriorTable(d))
	return nil
}

// evidenceTable lists a scenario's observations as its manifest records
// them, with the source each cites and how likely the prior found it.
func evidenceTable(scenario string, ev *results.Evidence) *table {
	t := &table{Caption: "The evidence " + scenario + " is conditioned on (hash " + shortHash(ev.Hash) + ")",
		Head:    []string{"Observation", "Source", "Package", "What was seen", "Round", "Reliability", "Prior probability"},
		RowHead: 1, Numeric: []bool{false, false, false, false, true, true, true}}
	for _, e := range ev.Entries {
		prior := "NA"
		if e.PriorProbability != nil {
			prior = pct(*e.PriorProbability)
		}
		t.Rows = append(t.Rows, []string{e.Label, e.Source, e.Package, seen(e), strconv.Itoa(e.Round),
			strconv.FormatFloat(e.Reliability, 'g', -1, 64), prior})
	}
	return t
}

// seen says what an observation saw: an acceptance or a pathway.
func seen(e results.EvidenceEntry) string {
	switch {
	case e.Accepted != nil && *e.Accepted:
		return e.Party + " accepted " + e.Track
	case e.Accepted != nil:
		return e.Party + " did not accept " + e.Track
	case e.Reached != nil && *e.Reached:
		return e.Pathway + " reached"
	case e.Reached != nil:
		return e.Pathway + " not reached"
	}
	return ""
}

// keptNote says how much of a scenario's prior its evidence kept.
func keptNote(scenario string, ev *results.Evidence) string {
	n := fmt.Sprintf("The evidence kept %s of the %s trials of %s (%s)", thousands(ev.KeptTrials), thousands(ev.PriorTrials), scenario,
		pct(float64(ev.KeptTrials)/float64(ev.PriorTrials)))
	if ev.EffectiveTrials != float64(ev.KeptTrials) {
		n += fmt.Sprintf(", weighed by reliability: worth %s effective trials", thousands(int64(math.Round(ev.EffectiveTrials))))
	}
	return n + "; every estimate of this section is over them (--evidence none runs the prior)."
}

// shortHash is the first 12 hex digits of a "sha256:…" hash.
func shortHash(h string) string {
	h = strings.TrimPrefix(h, "sha256:")
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// posteriorTable is the prior and posterior of the inputs the evidence
// moved most, the largest shift first: those of the chart.
func posteriorTable(d *results.Dir) *table {
	t := &table{Caption: "What the evidence taught: each input's mean and 10th–90th percentiles, prior and posterior",
		Head:    []string{"Input", "Prior mean", "Prior 10th–90th", "Posterior mean", "Posterior 10th–90th", "Shift"},
		RowHead: 1, Numeric: []bool{false, true, true, true, true, true}}
	rows := plot.PosteriorRows(d)
	if len(rows) > topInputs {
		t.Note = fmt.Sprintf("The %d inputs the evidence moved most of %d; %s holds them all.", topInputs, len(rows), d.Path+"/"+results.PosteriorFile)
		rows = rows[:topInputs]
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Input, num(r.PriorMean), num(r.PriorP10) + " – " + num(r.PriorP90),
			num(r.PostMean), num(r.PostP10) + " – " + num(r.PostP90), fmt.Sprintf("%+.1f%%", 100*r.Shift)})
	}
	return t
}

// posteriorAlt is the text alternative of the posterior chart.
func posteriorAlt(d *results.Dir) string {
	var parts []string
	rows := plot.PosteriorRows(d)
	for _, r := range rows[:min(3, len(rows))] {
		parts = append(parts, fmt.Sprintf("%s from %s to %s", r.Input, num(r.PriorMean), num(r.PostMean)))
	}
	return "What the evidence taught; the means that moved most: " + strings.Join(parts, "; ") + "."
}
