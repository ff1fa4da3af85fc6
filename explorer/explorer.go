// Package explorer serves peacesim's what-if page (peacesim serve): one
// embedded page on which a researcher moves a scenario's assumptions and
// package terms and watches the pathways, the blocking table and the
// timeline move, and the small JSON API it talks to (docs/explorer.md).
//
// Every answer is what `peacesim run SCENARIO --trials N --seed S --set …`
// gives for the same values: a request's edits are --set overrides, the
// scenario is loaded with them as the command line loads it, run as
// results.RunBatch runs it, and its tables are the bytes `run -o` writes
// (results.EncodeCSV). The server only adds the paired difference of the
// package being edited against the scenario as loaded (study/whatif).
//
// It is meant for one machine: it checks the Host and Origin of every
// request (no DNS rebinding, no cross-site calls), reads no file a request
// names, limits request bodies, trials and time, and bounds how many
// computations run and wait at once.
package explorer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/whatif"
)

// Config is what a Server serves and how much it allows.
type Config struct {
	// Scenario is the scenario argument as the command line gave it (a
	// file or an embedded name; empty for the default): what the commands
	// the page shows name.
	Scenario string
	// File is the scenario's file name, as a run's manifest records it.
	File string
	// Load compiles the scenario with the overrides given, in order, as
	// --set KEY=VALUE arguments: the loader peacesim run uses. A problem
	// of the scenario or of an override is scenarios.Problems.
	Load func(ctx context.Context, sets []string) (*sim.Model, error)
	// Sets are the overrides the server was started with: every run
	// applies them before a request's.
	Sets []string
	// NoEvidence runs without the scenario's [[evidence]] (--evidence
	// none).
	NoEvidence bool
	// Trials and Seed are a request's when it gives none; 0 and nil
	// take the scenario's [run] defaults.
	Trials int64
	Seed   *uint64
	// MaxTrials bounds the trials of a request, Timeout its time (waiting
	// included), Computations how many run at once and Waiting how many
	// may wait for one; a request beyond them is refused.
	MaxTrials    int64
	Timeout      time.Duration
	Computations int
	Waiting      int
	// Workers and MemoryLimit are each run's (sim.Options).
	Workers     int
	MemoryLimit int64
	// Version is the peacesim version a run records.
	Version string
	// Log receives one line for each failure that is not the user's.
	Log io.Writer
}

// ErrConfig reports a Config whose limits cannot be served: the caller's
// to change.
var ErrConfig = errors.New("explorer: limits that cannot be served")

// maxBody bounds a request body: a run's edits are a few hundred bytes,
// and every control of the default scenario moved at once is under 16 KiB.
const maxBody = 64 << 10

// maxSets bounds the overrides of one request.
const maxSets = 1024

// baseCache is how many packages' unedited trials the server keeps (for
// the paired differences), each a byte and a weight a trial.
const baseCache = 8

// Server answers the page and the API for one scenario.
type Server struct {
	cfg      Config
	base     *sim.Model
	trials   int64
	seed     uint64
	controls []Control
	slots    chan struct{} // a token per computation running
	waiting  atomic.Int64

	mu    sync.Mutex
	cache map[baseKey]*whatif.Trials
	order []baseKey

	// running counts the computations under way, peak the most at once,
	// and lastErr is the error the last computation ended with: what the
	// tests and the load test watch.
	running, peak atomic.Int64
	lastErr       atomic.Value
}

// baseKey names the unedited trials of a package.
type baseKey struct {
	trials int64
	seed   uint64
	pkg    int
}

// New loads the scenario with cfg.Sets and lists its controls. A problem
// of the scenario is returned as the loader gives it.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Computations < 1 || cfg.Waiting < 0 || cfg.MaxTrials < 1 || cfg.Timeout <= 0 {
		return nil, fmt.Errorf("%w: computations %d, waiting %d, max trials %d and timeout %v must be positive",
			ErrConfig, cfg.Computations, cfg.Waiting, cfg.MaxTrials, cfg.Timeout)
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	m, err := cfg.Load(ctx, cfg.Sets)
	if err != nil {
		return nil, err
	}
	if cfg.NoEvidence {
		m.Evidence = nil
	}
	cs := controls(m)
	if !cfg.NoEvidence {
		ev, err := evidenceControls(ctx, cfg.Load, cfg.Sets, m)
		if err != nil {
			return nil, err
		}
		cs = append(cs, ev...)
	}
	s := &Server{cfg: cfg, base: m, trials: int64(m.Trials), seed: m.Seed, controls: cs,
		slots: make(chan struct{}, cfg.Computations), cache: map[baseKey]*whatif.Trials{}}
	if cfg.Trials > 0 {
		s.trials = cfg.Trials
	}
	if cfg.Seed != nil {
		s.seed = *cfg.Seed
	}
	if s.trials > cfg.MaxTrials {
		return nil, fmt.Errorf("%w: the scenario runs %d trials by default, more than the %d a request may ask for (--max-trials)", ErrConfig, s.trials, cfg.MaxTrials)
	}
	return s, nil
}

// Handler serves the page and the API to requests addressed to the
// server listening on addr (host:port): the Host of a request must be
// that port on localhost or an IP address, and its Origin, if any, the
// same.
func (s *Server) Handler(addr string) http.Handler {
	_, port, _ := net.SplitHostPort(addr)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/scenario", s.scenario)
	mux.HandleFunc("POST /api/run", s.run)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no %s %s: the API is GET /api/scenario and POST /api/run", r.Method, r.URL.Path), nil)
	})
	mux.Handle("/", pageHandler())
	return guard(port, recoverJSON(s.cfg.Log, mux))
}

// Serve answers requests on ln with h until ctx is cancelled, then stops
// at once: in-flight computations see ctx's cancellation too, and the
// connections are closed after at most shutdownGrace. It returns ctx's
// error, or the error that stopped it.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(grace); err != nil {
		srv.Close()
	}
	<-done
	return ctx.Err()
}

// shutdownGrace is how long Serve waits for answers under way when it
// stops: computations stop within milliseconds of their cancellation.
const shutdownGrace = time.Second

// acquire waits for a computation slot until ctx ends; release gives it
// back. Beyond cfg.Waiting requests waiting, it refuses at once.
func (s *Server) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s.slots <- struct{}{}:
	default:
		if s.waiting.Add(1) > int64(s.cfg.Waiting) {
			s.waiting.Add(-1)
			return nil, errBusy
		}
		defer s.waiting.Add(-1)
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	n := s.running.Add(1)
	for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
	}
	return func() { s.running.Add(-1); <-s.slots }, nil
}

// errBusy is the error of a request that finds every slot taken and too
// many requests waiting.
var errBusy = errors.New("busy")

// Peak is the most computations that ran at once since the server
// started: never more than Config.Computations.
func (s *Server) Peak() int64 { return s.peak.Load() }

// baseTrials returns the unedited trials of package k, from the cache or
// run now.
func (s *Server) baseTrials(ctx context.Context, opt sim.Options, k int) (*whatif.Trials, error) {
	key := baseKey{opt.Trials, opt.Seed, k}
	s.mu.Lock()
	tr, ok := s.cache[key]
	s.mu.Unlock()
	if ok {
		return tr, nil
	}
	tr, err := whatif.Run(ctx, s.base, opt, k)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cache[key]; !ok {
		if len(s.order) == baseCache {
			delete(s.cache, s.order[0])
			s.order = s.order[1:]
		}
		s.cache[key] = tr
		s.order = append(s.order, key)
	}
	return tr, nil
}
