package results

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/peacesim/peacesim/sim"
)

// gonumPath is the module whose version the manifest records: the
// distributions and statistics come from it, so a result may change with it.
const gonumPath = "gonum.org/v1/gonum"

// Manifest records what is needed to reproduce a run: the tool and library
// versions and, for each scenario run (one, or several in a batch), the
// scenario and a hash of its resolved form, the overrides, the seed and the
// number of trials. It is written as manifest.json beside the CSV files and
// at the head of the JSON output.
type Manifest struct {
	// Tool is always "peacesim".
	Tool string `json:"tool"`
	// Version is the peacesim version that produced the run.
	Version string `json:"version"`
	// Scenarios are the scenarios run, in the order their rows appear in
	// the tables.
	Scenarios []ScenarioRun `json:"scenarios"`
	// GoVersion is runtime.Version() of the binary.
	GoVersion string `json:"go_version"`
	// GonumVersion is the gonum module version linked into the binary, or
	// "unknown" when the binary carries no build information (as in tests).
	GonumVersion string `json:"gonum_version"`
	// Files lists the CSV files written with the manifest; WriteDir fills it.
	Files []string `json:"files"`
	// Sweep describes the sweep that wrote the tables, if one did.
	Sweep *Sweep `json:"sweep,omitempty"`
	// Sensitivity describes the sensitivity analysis that wrote
	// tornado.csv and sobol.csv, if one did.
	Sensitivity *Sensitivity `json:"sensitivity,omitempty"`
	// Discovery describes the scenario discovery that wrote trajectory.csv
	// and boxes.csv, if one did.
	Discovery *Discovery `json:"discovery,omitempty"`
	// Bargain describes the bargaining analysis that wrote zopa.csv,
	// solutions.csv, frontier.csv and packages.csv, if one did.
	Bargain *Bargain `json:"bargain,omitempty"`
	// Optimize describes the package search that wrote optimize.csv and
	// repair.csv, if one did.
	Optimize *Optimize `json:"optimize,omitempty"`
}

// Bargain records the design of a bargaining analysis (peacesim
// bargain).
type Bargain struct {
	// Package is the scenario's package the analysis starts from.
	Package string `json:"package"`
	// Mode is "nominal" (every distribution at its mean) or "expected"
	// (utilities and reservations in expectation over the trials).
	Mode string `json:"mode"`
	// Parties are the veto parties, in the scenario's order: the u_PARTY
	// and r_PARTY columns of the tables.
	Parties []string `json:"parties"`
	// Issues are the negotiable issues, in the order of frontier.csv's
	// value columns.
	Issues []string `json:"issues"`
	// Trials is the number of trials behind the expectations and the
	// ZOPA's probability; 0 when none were drawn.
	Trials int64 `json:"trials"`
}

// Optimize records the design of a package search (peacesim optimize).
type Optimize struct {
	// Target is the pathway whose probability the search raises.
	Target string `json:"target"`
	// Objective is "probability" or "nash".
	Objective string `json:"objective"`
	// Package is the scenario's package the search starts from.
	Package string `json:"package"`
	// Repair is the package repaired (repair.csv), if one was.
	Repair string `json:"repair,omitempty"`
	// MinProb is the least probability of the target of a package the
	// Nash objective ranks.
	MinProb float64 `json:"min_prob,omitempty"`
	// Issues are the negotiable issues, in the order of optimize.csv's
	// value columns.
	Issues []string `json:"issues"`
	// Trials is the number of trials of each evaluation of a package.
	Trials int64 `json:"trials"`
	// Evaluations is the number of packages evaluated.
	Evaluations int64 `json:"evaluations"`
}

// Sensitivity records the design of a sensitivity analysis (peacesim
// sensitivity): with the scenario, seed and trials, enough to run it
// again.
type Sensitivity struct {
	// Packages are the packages analysed.
	Packages []string `json:"packages"`
	// Inputs are the inputs (key paths) or groups (by name) analysed, in
	// the order of their rows.
	Inputs []string `json:"inputs"`
	// Groups are the groups of inputs analysed as one, if any.
	Groups []Group `json:"groups,omitempty"`
	// Range are the percentiles of an input's distribution at which the
	// tornado fixes it, low and high, such as [10, 90].
	Range [2]float64 `json:"range"`
	// Samples is the number N of base samples of the Sobol analysis; 0
	// when none was run.
	Samples int64 `json:"samples"`
	// Evaluations is the number of model evaluations of the whole
	// analysis, tornado and Sobol.
	Evaluations int64 `json:"evaluations"`
	// Bootstrap is the number of bootstrap replicates behind the Sobol
	// indices' intervals.
	Bootstrap int `json:"bootstrap"`
}

// Group is a named group of inputs whose Sobol indices are estimated
// together.
type Group struct {
	Name string   `json:"name"`
	Keys []string `json:"keys"`
}

// Discovery records the design of a scenario discovery (peacesim
// discover): PRIM's search for the box of inputs in which one package
// most often leads to one pathway.
type Discovery struct {
	Package string `json:"package"`
	Pathway string `json:"pathway"`
	// Inputs are the inputs (key paths) the boxes may restrict.
	Inputs []string `json:"inputs"`
	// MinDensity is the least density of the box chosen.
	MinDensity float64 `json:"min_density"`
	// Peel and Paste are the shares of the box's trials that one step of
	// peeling removes and of pasting adds back.
	Peel  float64 `json:"peel_alpha"`
	Paste float64 `json:"paste_alpha"`
	// MinMass is the least mass of a box: peeling stops before it.
	MinMass float64 `json:"min_mass"`
}

// Sweep records the design of a sweep (peacesim sweep): enough, with the
// scenario, seed and trials, to run it again.
type Sweep struct {
	// Vary are the varied keys with their values, as --vary took them.
	Vary []string `json:"vary"`
	// LHS is the number of points of a Latin hypercube, 0 for a grid.
	LHS int `json:"lhs"`
	// Points is the number of points run.
	Points int `json:"points"`
	// Packages are the packages scored, [] for all.
	Packages []string `json:"packages"`
	// Tables are the tables written besides sweep.csv.
	Tables []string `json:"tables"`
}

// ScenarioRun records one scenario's run: enough to reproduce its rows.
type ScenarioRun struct {
	// Scenario is the model's ID, the scenario column of its rows.
	Scenario string `json:"scenario"`
	// File is where the scenario came from: a file's path as given, or an
	// embedded scenario's name with .toml.
	File string `json:"file"`
	// ScenarioHash identifies the resolved scenario (see ScenarioHash): two
	// runs of one Version with equal hashes, seeds and trials give identical
	// results.
	ScenarioHash string `json:"scenario_hash"`
	// Overrides are the --set KEY=VALUE overrides applied to the scenario
	// file, in the order given; the hash covers their effect.
	Overrides []string `json:"overrides"`
	// Packages lists the packages the run scored, when a command chose
	// some of the scenario's (--packages of run, compare, sweep or sensitivity); empty means all.
	Packages []string `json:"packages"`
	Seed     uint64   `json:"seed"`
	Trials   int64    `json:"trials"`
	// Precision is the half-width --precision asked for, which chose
	// Trials; 0 when the trials were given.
	Precision float64 `json:"precision,omitempty"`
	// Round is, for a scenario over a timeline, the round whose outcome
	// every table but timeline.csv describes: --round, or else the last.
	// It is absent (0) without a timeline.
	Round int `json:"round,omitempty"`
	// Timeline is the scenario's timeline, absent without one.
	Timeline *Timeline `json:"timeline,omitempty"`
	// Evidence is, for a run conditioned on the scenario's [[evidence]],
	// what it observed and how much of the prior it kept
	// (docs/model.md#evidence); absent without evidence.
	Evidence *Evidence `json:"evidence,omitempty"`
	// Error, when not empty, is why the run failed (run --keep-going); the
	// tables hold no rows of it.
	Error string `json:"error,omitempty"`
}

// Evidence records what a run was conditioned on. Trials (ScenarioRun)
// counts the trials run, the prior; every table's trials column counts
// the kept trials.
type Evidence struct {
	// Hash is "sha256:" and the hex SHA-256 of the evidence's canonical
	// lines (sim.Model.EvidenceCanonical): two runs with equal hashes were
	// conditioned on the same observations.
	Hash    string          `json:"hash"`
	Entries []EvidenceEntry `json:"entries"`
	// PriorTrials are the trials run; KeptTrials those the evidence kept
	// (the others contradict an observation of reliability 1), and
	// EffectiveTrials their Kish effective sample size (Σw)²/Σw², the n of
	// every interval: KeptTrials when every reliability is 1. All three are
	// 0 in a shard's plan, before the run, and in a sweep's manifest, whose
	// points each keep their own (sweep.csv's trials).
	PriorTrials     int64   `json:"prior_trials"`
	KeptTrials      int64   `json:"kept_trials"`
	EffectiveTrials float64 `json:"effective_trials"`
}

// EvidenceEntry is one observation, as the scenario states it.
type EvidenceEntry struct {
	Label   string `json:"label"`
	Source  string `json:"source"`
	Package string `json:"package"`
	// Party, Track and Accepted state an acceptance; Pathway and Reached
	// a pathway.
	Party    string `json:"party,omitempty"`
	Track    string `json:"track,omitempty"`
	Accepted *bool  `json:"accepted,omitempty"`
	Pathway  string `json:"pathway,omitempty"`
	Reached  *bool  `json:"reached,omitempty"`
	// Round is the round in which (or by which) it was seen: 1 without a
	// timeline.
	Round       int     `json:"round"`
	Reliability float64 `json:"reliability"`
	// PriorProbability is the share of the trials run that reproduce
	// the observation: how likely the prior found it. Absent in a shard's
	// plan and a sweep's manifest.
	PriorProbability *float64 `json:"prior_probability,omitempty"`
}

// newEvidence is the manifest's record of m's evidence and of how much
// of r's prior it kept; nil without evidence.
func newEvidence(m *sim.Model, r *sim.Result) *Evidence {
	if m == nil || len(m.Evidence) == 0 {
		return nil
	}
	sum := sha256.Sum256(m.EvidenceCanonical())
	ev := &Evidence{Hash: "sha256:" + hex.EncodeToString(sum[:]), Entries: []EvidenceEntry{}}
	for i, x := range m.Evidence {
		e := EvidenceEntry{Label: x.Label, Source: x.Source, Package: m.ScoredPackage(x.Package).ID, Round: x.Round, Reliability: x.Reliability}
		if r != nil && r.Evidence && i < len(r.Observed) {
			p := r.Observed[i].P
			e.PriorProbability = &p
		}
		seen := x.Observed
		if x.Pathway < 0 {
			e.Party, e.Track, e.Accepted = m.Parties[x.Party].ID, m.Tracks[x.Track], &seen
		} else {
			e.Pathway, e.Reached = m.Pathways[x.Pathway].ID, &seen
		}
		ev.Entries = append(ev.Entries, e)
	}
	if r != nil && r.Evidence {
		ev.PriorTrials, ev.KeptTrials, ev.EffectiveTrials = r.Prior, r.Trials, r.Effective
	}
	return ev
}

// Timeline records the timeline of a scenario's talks
// (docs/model.md#timeline): the rows of its timeline.csv.
type Timeline struct {
	// Rounds is the number of rounds, Unit what one round is.
	Rounds int    `json:"rounds"`
	Unit   string `json:"unit"`
	// Start is the date of round 1, YYYY-MM-DD, or absent.
	Start string `json:"start,omitempty"`
	// Marks are the named rounds, in order.
	Marks []TimelineMark `json:"marks"`
}

// TimelineMark is a named round of a timeline.
type TimelineMark struct {
	Name  string `json:"name"`
	Round int    `json:"round"`
}

// newTimeline is the manifest's record of the timeline t, nil for none.
func newTimeline(t *sim.Timeline) *Timeline {
	if t == nil {
		return nil
	}
	tl := &Timeline{Rounds: t.Rounds, Unit: t.Unit, Start: t.Start, Marks: []TimelineMark{}}
	for _, mk := range t.Marks {
		tl.Marks = append(tl.Marks, TimelineMark{mk.Name, mk.Round})
	}
	return tl
}

// NewManifest starts the manifest of a run by peacesim version: Scenarios
// and Files are empty, for the caller and WriteDir to fill.
func NewManifest(version string) Manifest {
	return Manifest{
		Tool:         "peacesim",
		Version:      version,
		Scenarios:    []ScenarioRun{},
		GoVersion:    runtime.Version(),
		GonumVersion: gonumVersion(),
		Files:        []string{},
	}
}

// NewScenarioRun describes the run of m, from file, that gave r: its id,
// hash, seed and trials, and with a timeline the timeline and the round
// reported (r.Round, the last when it is 0: a run planned with
// sim.Options.Round 0). The caller adds the overrides and packages.
func NewScenarioRun(m *sim.Model, r *sim.Result, file string) ScenarioRun {
	sr := ScenarioRun{File: file, ScenarioHash: ScenarioHash(m), Overrides: []string{}, Packages: []string{}}
	if m != nil {
		sr.Scenario = m.ID
		if sr.Timeline = newTimeline(m.Timeline); sr.Timeline != nil {
			sr.Round = m.Timeline.Rounds
		}
	}
	if r != nil {
		sr.Seed, sr.Trials = r.Seed, r.Run()
		if sr.Timeline != nil && r.Round > 0 {
			sr.Round = r.Round
		}
	}
	sr.Evidence = newEvidence(m, r)
	return sr
}

// ScenarioHash returns "sha256:" and the hex SHA-256 of the resolved
// scenario's canonical form (sim.Model.Canonical): its content after
// overrides, extends and defaults, one value per line, every input under
// its key path. Reformatting a scenario or editing its comments keeps its
// hash, while changing any value changes it; it depends on no Go type's
// layout.
//
// The model includes its [run] defaults (Trials, Seed); the seed and trials
// actually used are recorded separately in the Manifest.
func ScenarioHash(m *sim.Model) string {
	if m == nil {
		m = &sim.Model{}
	}
	sum := sha256.Sum256(m.Canonical())
	return "sha256:" + hex.EncodeToString(sum[:])
}

// gonumVersion reads the linked gonum version from the binary's build
// information.
func gonumVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range bi.Deps {
		if dep.Path != gonumPath {
			continue
		}
		if dep.Replace != nil && dep.Replace.Version != "" {
			return dep.Replace.Version
		}
		if dep.Version != "" {
			return dep.Version
		}
	}
	return "unknown"
}

// writeManifest writes the manifest as indented JSON with a trailing newline.
func writeManifest(w io.Writer, man Manifest) error {
	return writeIndented(w, man.lists())
}

// lists returns man with its absent lists empty: [] rather than null in
// the JSON, so that a reader can iterate over them without a check.
func (man Manifest) lists() Manifest {
	if man.Files == nil {
		man.Files = []string{}
	}
	runs := make([]ScenarioRun, len(man.Scenarios))
	for i, sr := range man.Scenarios {
		for _, l := range []*[]string{&sr.Overrides, &sr.Packages} {
			if *l == nil {
				*l = []string{}
			}
		}
		if t := sr.Timeline; t != nil && t.Marks == nil {
			c := *t
			c.Marks = []TimelineMark{}
			sr.Timeline = &c
		}
		runs[i] = sr
	}
	man.Scenarios = runs
	if s := man.Sensitivity; s != nil {
		c := *s
		c.Packages, c.Inputs = orEmpty(c.Packages), orEmpty(c.Inputs)
		if c.Groups != nil {
			c.Groups = make([]Group, len(s.Groups))
			for i, g := range s.Groups {
				c.Groups[i] = Group{Name: g.Name, Keys: orEmpty(g.Keys)}
			}
		}
		man.Sensitivity = &c
	}
	if d := man.Discovery; d != nil {
		c := *d
		c.Inputs = orEmpty(c.Inputs)
		man.Discovery = &c
	}
	if b := man.Bargain; b != nil {
		c := *b
		c.Parties, c.Issues = orEmpty(c.Parties), orEmpty(c.Issues)
		man.Bargain = &c
	}
	if o := man.Optimize; o != nil {
		c := *o
		c.Issues = orEmpty(c.Issues)
		man.Optimize = &c
	}
	return man
}

// orEmpty is l, or an empty list for nil.
func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}
