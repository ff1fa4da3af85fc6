package results

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// evidenceRun runs testdata's scenario with evidence of the scenarios
// package, with its evidence or without.
func evidenceRun(t *testing.T, with bool) Run {
	t.Helper()
	const file = "../scenarios/testdata/evidence.toml"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := scenarios.Load(file, src)
	if err != nil {
		t.Fatal(err)
	}
	if !with {
		m.Evidence = nil
		m.ID = "prior"
	}
	r, err := sim.Run(context.Background(), m, sim.Options{Trials: 5000, Seed: 4, Workers: 2, Paired: true})
	if err != nil {
		t.Fatal(err)
	}
	return Run{m, r}
}

// TestEvidenceColumns: every table of a run with evidence records the
// trials run, the kept trials' effective number and the evidence's hash,
// between its trials and its seed, and reads them back; a batch with a
// scenario without evidence gives that one its trials and "none"; a run
// without evidence has no such columns.
func TestEvidenceColumns(t *testing.T) {
	post, prior := evidenceRun(t, true), evidenceRun(t, false)
	hash := newEvidence(post.Model, post.Result).Hash
	for _, c := range []struct {
		name string
		runs []Run
		has  bool
	}{{"with evidence", []Run{post}, true}, {"a batch", []Run{post, prior}, true}, {"without", []Run{prior}, false}} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			man := NewManifest("test")
			for _, run := range c.runs {
				man.Scenarios = append(man.Scenarios, NewScenarioRun(run.Model, run.Result, run.Model.ID+".toml"))
			}
			if err := WriteDir(dir, man, false, c.runs...); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"pathways.csv", "acceptance.csv", "red_lines.csv", "margins.csv", "blocking.csv", "comparisons.csv", "timeline.csv"} {
				b, err := os.ReadFile(filepath.Join(dir, f))
				if err != nil {
					t.Fatal(err)
				}
				header := strings.SplitN(string(b), "\n", 2)[0]
				if got := strings.HasSuffix(header, ",trials,prior_trials,effective_trials,evidence,seed"); got != c.has {
					t.Errorf("%s: header %q has the evidence columns: %v, want %v", f, header, got, c.has)
				}
			}
			d, err := ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range d.Pathways {
				e := r.Evidence
				switch {
				case !c.has:
					if e.Present {
						t.Errorf("%s: evidence columns in a run without evidence", r.Package)
					}
				case r.Scenario == "prior":
					if !e.Present || e.PriorTrials != 5000 || e.EffectiveTrials != 5000 || e.Hash != noEvidence || r.Trials != 5000 {
						t.Errorf("the scenario without evidence in a batch: %+v, trials %d", e, r.Trials)
					}
				default:
					if !e.Present || e.PriorTrials != 5000 || e.EffectiveTrials != post.Result.Effective || e.Hash != hash || r.Trials != post.Result.Trials {
						t.Errorf("%s: %+v, trials %d; want 5000 run, %v effective, hash %s, %d kept", r.Package, e, r.Trials, post.Result.Effective, hash, post.Result.Trials)
					}
				}
			}
			if c.has && (d.Timeline[0].Evidence.Hash != hash || d.Comparisons[0].Evidence.Hash != hash) {
				t.Error("timeline.csv or comparisons.csv lacks the evidence's hash")
			}
		})
	}
}
