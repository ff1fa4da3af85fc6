package explorer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/whatif"
)

// resultBytes is the memory a run's tables take for each (package,
// party, track), counted against the memory limit before it starts, as
// peacesim run -o counts it.
const resultBytes = 8 << 10

// idLabel is a package or a pathway as the page names it.
type idLabel struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// scenarioAnswer is the answer of GET /api/scenario: the scenario, the
// defaults and limits of a run, and its controls.
type scenarioAnswer struct {
	ID       string    `json:"id"`
	Label    string    `json:"label"`
	Source   string    `json:"source"`
	File     string    `json:"file"`
	Version  string    `json:"version"`
	Trials   int64     `json:"trials"`
	Seed     uint64    `json:"seed"`
	SeedText string    `json:"seed_text"`
	Max      int64     `json:"max_trials"`
	Command  string    `json:"command"`
	Evidence bool      `json:"evidence"`
	Rounds   int       `json:"rounds"`
	Unit     string    `json:"unit,omitempty"`
	Packages []idLabel `json:"packages"`
	Pathways []idLabel `json:"pathways"`
	Controls []Control `json:"controls"`
}

// scenario answers GET /api/scenario.
func (s *Server) scenario(w http.ResponseWriter, _ *http.Request) {
	m := s.base
	a := scenarioAnswer{ID: m.ID, Label: m.Label, Source: m.Source, File: s.cfg.File, Version: s.cfg.Version,
		Trials: s.trials, Seed: s.seed, SeedText: strconv.FormatUint(s.seed, 10), Max: s.cfg.MaxTrials, Evidence: len(m.Evidence) > 0, Rounds: m.Rounds(),
		Command:  command(s.cfg.Scenario, s.trials, s.seed, s.cfg.NoEvidence, s.cfg.Sets),
		Controls: s.controls}
	if m.Timeline != nil {
		a.Unit = m.Timeline.Unit
	}
	for _, p := range m.Packages {
		a.Packages = append(a.Packages, idLabel{p.ID, p.Label})
	}
	for _, p := range m.Pathways {
		a.Pathways = append(a.Pathways, idLabel{p.ID, p.Label})
	}
	writeJSON(w, http.StatusOK, a)
}

// runRequest is the body of POST /api/run.
type runRequest struct {
	// Set are the edits, KEY=VALUE as --set takes them, applied after the
	// server's own overrides (an edit of a key they set replaces theirs).
	Set []string `json:"set"`
	// Trials and Seed default to the server's. A seed may be sent as a
	// number or, beyond the 2⁵³ a script's numbers hold exactly, as a
	// string of digits.
	Trials int64 `json:"trials"`
	Seed   *seed `json:"seed"`
	// Package, if given, is the package whose paired difference against
	// the scenario as loaded the answer holds.
	Package string `json:"package"`
}

// seed is a request's seed: a JSON number or a string of its digits.
type seed uint64

// UnmarshalJSON reads 7 or "7".
func (x *seed) UnmarshalJSON(b []byte) error {
	text := strings.Trim(string(b), `"`)
	v, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		return fmt.Errorf("seed must be an integer in [0, 2⁶⁴), as a number or a string of digits, not %s", b)
	}
	*x = seed(v)
	return nil
}

// runAnswer is the answer of POST /api/run.
type runAnswer struct {
	// Command reproduces the run: its tables are the files it writes with
	// -o DIR, byte for byte.
	Command string   `json:"command"`
	Set     []string `json:"set"`
	Trials  int64    `json:"trials"`
	Seed    uint64   `json:"seed"`
	// SeedText is Seed as a string, exact in any script.
	SeedText string `json:"seed_text"`
	// Files are the tables' names in the order run -o writes them, and
	// Tables their CSV text.
	Files      []string          `json:"files"`
	Tables     map[string]string `json:"tables"`
	Difference *difference       `json:"difference,omitempty"`
	Seconds    float64           `json:"seconds"`
}

// difference is the paired difference of a package against itself in the
// scenario as loaded, a row a pathway.
type difference struct {
	Package string          `json:"package"`
	Rows    []differenceRow `json:"rows"`
}

// differenceRow is one pathway's: P(edited) − P(as loaded) with its 95%
// interval, and the trials in which the edit moved the package into or
// out of the pathway. A figure that is not a number is null.
type differenceRow struct {
	Pathway    string   `json:"pathway"`
	Difference *float64 `json:"difference"`
	Low        *float64 `json:"low"`
	High       *float64 `json:"high"`
	Moved      int64    `json:"moved"`
}

// run answers POST /api/run.
func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	req, status, msg := s.readRun(w, r)
	if status != 0 {
		writeError(w, status, msg, nil)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	start := time.Now()
	ans, err := s.compute(ctx, req)
	s.lastErr.Store(errBox{err})
	if err != nil {
		s.writeRunError(w, err)
		return
	}
	ans.Seconds = time.Since(start).Seconds()
	writeJSON(w, http.StatusOK, ans)
}

// errBox holds an error, nil included, for an atomic.Value.
type errBox struct{ err error }

// lastError is the error the last computation ended with.
func (s *Server) lastError() error {
	b, _ := s.lastErr.Load().(errBox)
	return b.err
}

// readRun decodes and checks a run request; a status other than 0 refuses
// it with msg.
func (s *Server) readRun(w http.ResponseWriter, r *http.Request) (req runRequest, status int, msg string) {
	if ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || ct != "application/json" {
		ct = r.Header.Get("Content-Type")
		return req, http.StatusUnsupportedMediaType, fmt.Sprintf("the body must be JSON, sent as Content-Type: application/json, not %q", ct)
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return req, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d KiB", maxBody>>10)
		}
		return req, http.StatusBadRequest, "the body is not a run request: " + err.Error() + ` (send {"set": ["KEY=VALUE", …], "trials": N, "seed": S})`
	}
	switch {
	case len(req.Set) > maxSets:
		return req, http.StatusBadRequest, fmt.Sprintf("%d edits: a request may make at most %d", len(req.Set), maxSets)
	case req.Trials < 0 || req.Trials > s.cfg.MaxTrials:
		return req, http.StatusBadRequest, fmt.Sprintf("trials must be in [1, %d] (serve --max-trials), got %d", s.cfg.MaxTrials, req.Trials)
	case req.Package != "" && !slices.ContainsFunc(s.base.Packages, func(p sim.Package) bool { return p.ID == req.Package }):
		return req, http.StatusBadRequest, fmt.Sprintf("no package %q in scenario %s", req.Package, s.base.ID)
	}
	return req, 0, ""
}

// compute runs the scenario with the request's edits, as peacesim run
// does, and the paired difference of its package.
func (s *Server) compute(ctx context.Context, req runRequest) (*runAnswer, error) {
	sets, err := s.merge(req.Set)
	if err != nil {
		return nil, err
	}
	trials, seed := s.trials, s.seed
	if req.Trials > 0 {
		trials = req.Trials
	}
	if req.Seed != nil {
		seed = uint64(*req.Seed)
	}
	release, err := s.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	m, err := s.cfg.Load(ctx, sets)
	if err != nil {
		return nil, err
	}
	if s.cfg.NoEvidence {
		m.Evidence = nil
	}
	opt := sim.Options{Trials: trials, Seed: seed, Workers: s.cfg.Workers, MemoryLimit: s.cfg.MemoryLimit, ResultBytes: resultBytes}
	_, runs, err := results.RunBatch(ctx, results.Batch{Version: s.cfg.Version,
		Scenarios: []results.BatchScenario{{File: s.cfg.File, Model: m, Overrides: sets, Options: opt}}})
	if err != nil {
		return nil, err
	}
	tables, err := results.EncodeCSV(runs...)
	if err != nil {
		return nil, err
	}
	ans := &runAnswer{Command: command(s.cfg.Scenario, trials, seed, s.cfg.NoEvidence, sets), Set: sets,
		Trials: trials, Seed: seed, SeedText: strconv.FormatUint(seed, 10), Tables: map[string]string{}}
	for _, t := range tables {
		ans.Files = append(ans.Files, t.File)
		ans.Tables[t.File] = string(t.Data)
	}
	if req.Package != "" {
		opt.ResultBytes = 0
		if ans.Difference, err = s.difference(ctx, m, opt, req.Package); err != nil {
			return nil, err
		}
	}
	return ans, nil
}

// merge is the overrides of a run: the server's, then the request's, a
// request's edit of a key the server's set replacing that one. A
// malformed edit is scenarios.Problems.
func (s *Server) merge(edits []string) ([]string, error) { return mergeSets(s.cfg.Sets, edits) }

// mergeSets is base then edits, an edit of a key a set of base sets
// replacing that set.
func mergeSets(base, edits []string) ([]string, error) {
	keys := map[string]bool{}
	var bad scenarios.Problems
	for _, e := range edits {
		key, _, err := scenarios.ParseSet(e)
		if err != nil {
			var ps scenarios.Problems
			errors.As(err, &ps)
			bad = append(bad, ps...)
			continue
		}
		keys[key] = true
	}
	if len(bad) > 0 {
		return nil, bad
	}
	var sets []string
	for _, e := range base {
		if key, _, err := scenarios.ParseSet(e); err != nil || !keys[key] {
			sets = append(sets, e)
		}
	}
	return append(sets, edits...), nil
}

// difference compares package id of m with the same package of the
// scenario as loaded (study/whatif). A package the edits added, or whose
// pathways differ, has none.
func (s *Server) difference(ctx context.Context, m *sim.Model, opt sim.Options, id string) (*difference, error) {
	k := slices.IndexFunc(m.Packages, func(p sim.Package) bool { return p.ID == id })
	b := slices.IndexFunc(s.base.Packages, func(p sim.Package) bool { return p.ID == id })
	if k < 0 || b < 0 || len(m.Pathways) != len(s.base.Pathways) || (len(m.Evidence) > 0) != (len(s.base.Evidence) > 0) {
		return nil, nil
	}
	edited, err := whatif.Run(ctx, m, opt, k)
	if err != nil {
		return nil, err
	}
	base, err := s.baseTrials(ctx, opt, b)
	if err != nil {
		return nil, err
	}
	ds, err := whatif.Differences(edited, base, len(m.Pathways))
	if err != nil {
		return nil, err
	}
	d := &difference{Package: id}
	for w, x := range ds {
		d.Rows = append(d.Rows, differenceRow{Pathway: m.Pathways[w].ID, Difference: number(x.Difference),
			Low: number(x.Low), High: number(x.High), Moved: x.AOnly + x.BOnly})
	}
	return d, nil
}

// number is x, or nil when it is not a number (JSON has no NaN).
func number(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// writeRunError answers a run that failed: the user's edits (400, with
// each located problem), the limits (503), or a failure (500, one line
// in the log).
func (s *Server) writeRunError(w http.ResponseWriter, err error) {
	var problems scenarios.Problems
	switch {
	case errors.As(err, &problems):
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = p.Error()
		}
		writeError(w, http.StatusBadRequest, "the edits do not make a valid scenario", msgs)
	case errors.Is(err, errBusy):
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("busy: %d computations are running and %d waiting (serve --computations); try again", s.cfg.Computations, s.cfg.Waiting), nil)
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("the run took longer than the %v a request may (serve --timeout): ask for fewer trials", s.cfg.Timeout), nil)
	case errors.Is(err, context.Canceled):
		writeError(w, http.StatusServiceUnavailable, "cancelled: a newer request, or the server stopping, ended it", nil)
	case errors.Is(err, sim.ErrEvidence), errors.Is(err, sim.ErrTooLarge):
		writeError(w, http.StatusBadRequest, err.Error(), nil)
	default:
		fmt.Fprintf(s.cfg.Log, "peacesim: serve: run failed: %v\n", err)
		writeError(w, http.StatusInternalServerError, "the run failed: "+err.Error(), nil)
	}
}

// errorAnswer is the body of every refusal and failure.
type errorAnswer struct {
	Error    string   `json:"error"`
	Problems []string `json:"problems,omitempty"`
}

// writeError answers with status and the error as JSON.
func writeError(w http.ResponseWriter, status int, msg string, problems []string) {
	writeJSON(w, status, errorAnswer{Error: msg, Problems: problems})
}

// writeJSON answers with status and v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error: the answer is not JSON"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
