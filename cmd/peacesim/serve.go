package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/explorer"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// ServeOptions are the inputs of peacesim serve: the scenario and the
// defaults of its runs (the shared flags), where to listen, and the
// limits of every request.
type ServeOptions struct {
	ScenarioOptions
	// Addr is host:port to listen on; port 0 picks a free one.
	Addr string
	// MaxTrials, Timeout, Computations and Waiting bound each request's
	// trials and time and the computations running and waiting at once
	// (explorer.Config).
	MaxTrials    int64
	Timeout      time.Duration
	Computations int
	Waiting      int
}

// The defaults of serve's limits: a request of the default scenario at
// its 100,000 trials takes a fraction of a second; ten times as many
// still answer within a few seconds on two cores.
const (
	defaultAddr         = "127.0.0.1:8642"
	defaultServeTrials  = 1_000_000
	defaultServeTimeout = 20 * time.Second
	defaultWaiting      = 32
)

// newServeCmd binds the flags of peacesim serve to a ServeOptions.
func newServeCmd() *cobra.Command {
	opts := &ServeOptions{}
	cmd := &cobra.Command{
		Use:   "serve [FILE|NAME]",
		Short: "The explorer: a local what-if page for a scenario, in the browser",
		Long: `Serve loads a scenario once and serves one page, at the address it prints
on the first line of stdout, on which its assumptions (reservations,
factors and their steps, red lines' weights), each package's terms and
schedule, and its evidence can be moved, and the pathways, the blocking
table of a package, the timeline and the paired difference against the
scenario as loaded follow within a second.

Every result is what "peacesim run" prints for the same values, byte for
byte in its CSV: the page shows the command, and offers the tables as CSV.
--trials and --seed are the page's defaults; --set and --evidence none
apply to every run. The page talks to a JSON API a script can call too
(GET /api/scenario, POST /api/run: docs/explorer.md).

It listens on 127.0.0.1 unless --addr says otherwise (with a warning, as
anyone who can reach the address can then run the scenario), refuses
requests whose Host or Origin is not its own, and bounds every request's
trials (--max-trials) and time (--timeout) and how many run at once
(--computations). Ctrl-C stops it.`,
		Example: `  peacesim serve
  peacesim serve my-scenario.toml --trials 20000
  peacesim serve --addr 127.0.0.1:0`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.complete(cmd, args)
			return runServe(cmd.Context(), opts)
		},
	}
	opts.bind(cmd, commandFlags{Formats: []string{"page"}, NoOut: true})
	f := cmd.Flags()
	f.StringVar(&opts.Addr, "addr", defaultAddr, "listen on `HOST:PORT` (port 0 picks a free one); a HOST other than a loopback address is warned of")
	f.Int64Var(&opts.MaxTrials, "max-trials", defaultServeTrials, "the most trials a request may ask for")
	f.DurationVar(&opts.Timeout, "timeout", defaultServeTimeout, "the longest a request may take, waiting included")
	f.IntVar(&opts.Computations, "computations", max(1, runtime.NumCPU()/2), "how many runs may compute at once (more wait, up to 32)")
	return cmd
}

// runServe loads the scenario, listens, prints the URL and serves until
// ctx is cancelled (Ctrl-C), which it returns.
func runServe(ctx context.Context, opts *ServeOptions) error {
	srv, err := newExplorer(ctx, opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return usageErrorf("--addr %s: %v", opts.Addr, unwrapPath(err))
	}
	addr := ln.Addr().String()
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		fmt.Fprintf(opts.Stderr, "peacesim: warning: serving on %s, not a loopback address: anyone who can reach it can run the scenario\n", addr)
	}
	fmt.Fprintf(opts.Stdout, "http://%s/\n", addr)
	return explorer.Serve(ctx, ln, srv.Handler(addr))
}

// newExplorer checks the flags, reads the scenario once and loads it
// with the --set overrides: the explorer every request of the server
// runs, with the run command's loader.
func newExplorer(ctx context.Context, opts *ServeOptions) (*explorer.Server, error) {
	if err := opts.validateServe(); err != nil {
		return nil, err
	}
	sc, err := resolveScenario(ctx, opts.Scenario)
	if err != nil {
		return nil, err
	}
	if _, err := setOptions(opts.Sets); err != nil {
		return nil, err
	}
	warn := opts.Stderr // the scenario's warnings, once, when it is first loaded
	cfg := explorer.Config{Scenario: opts.Scenario, File: sc.file, Sets: opts.Sets, NoEvidence: opts.Evidence == evidenceNone,
		MaxTrials: opts.MaxTrials, Timeout: opts.Timeout, Computations: opts.Computations, Waiting: defaultWaiting,
		Workers: opts.Workers, MemoryLimit: opts.memory(), Version: versionString(), Log: opts.Stderr,
		Load: func(ctx context.Context, sets []string) (*sim.Model, error) { return loadSets(ctx, sc, sets, warn) }}
	if opts.SetTrials {
		cfg.Trials = opts.Trials
	}
	if opts.SetSeed {
		cfg.Seed = &opts.Seed
	}
	srv, err := explorer.New(ctx, cfg)
	warn = nil
	if errors.Is(err, explorer.ErrConfig) {
		return nil, &usageError{err}
	}
	return srv, err
}

// validateServe checks the flags, before the scenario is read.
func (o *ServeOptions) validateServe() error {
	if err := o.validate(); err != nil {
		return err
	}
	switch {
	case o.MaxTrials < 1 || o.MaxTrials > sim.MaxTrials:
		return usageErrorf("--max-trials must be in [1, %d], got %d", int64(sim.MaxTrials), o.MaxTrials)
	case o.SetTrials && o.Trials > o.MaxTrials:
		return usageErrorf("--trials %d is more than --max-trials %d allows a request", o.Trials, o.MaxTrials)
	case o.Timeout <= 0:
		return usageErrorf("--timeout must be a positive duration such as 20s, got %v", o.Timeout)
	case o.Computations < 1:
		return usageErrorf("--computations must be ≥ 1, got %d", o.Computations)
	}
	return nil
}

// loadSets loads the scenario sc with the overrides sets, as run loads
// it: a problem is scenarios.Problems, each naming the --set it comes
// from. Its warnings go to stderr, unless it is nil.
func loadSets(ctx context.Context, sc source, sets []string, stderr io.Writer) (*sim.Model, error) {
	opts, err := setOptions(sets)
	if err != nil {
		return nil, err
	}
	var warnings scenarios.Problems
	m, err := load(ctx, sc, append(opts, scenarios.Warnings(&warnings))...)
	if err != nil && ctx.Err() == nil {
		return nil, appendProblems(nil, sc.file, err)
	}
	if stderr != nil {
		warnScenario(stderr, warnings)
	}
	return m, err
}
