package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results/report"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// loadScenario resolves the scenario argument of a command, o.Scenario:
// an existing file is read, otherwise the name of an embedded scenario,
// empty for the default. o.Sets are the --set KEY=VALUE overrides of its
// values. file is the name the manifest records (resolveScenario). The
// scenario's warnings go to o.Stderr; a --round it does not have is a
// usage error. When ctx is cancelled meanwhile, the error is ctx's.
func (o *ScenarioOptions) loadScenario(ctx context.Context) (m *sim.Model, file string, err error) {
	opts, err := setOptions(o.Sets)
	if err != nil {
		return nil, "", err
	}
	sc, err := resolveScenario(ctx, o.Scenario)
	if err != nil {
		return nil, "", err
	}
	var warnings scenarios.Problems
	m, err = load(ctx, sc, append(opts, scenarios.Warnings(&warnings))...)
	if err == nil {
		warnScenario(o.Stderr, warnings)
		o.applyEvidence(m)
		err = o.checkRound(m)
	}
	return m, sc.file, err
}

// refuseEvidence is the usage error of a study that cannot condition on
// evidence (what says what it would need), for a model that has some:
// better refused than run on the prior while the user thinks otherwise.
func refuseEvidence(command string, m *sim.Model, what string) error {
	if len(m.Evidence) == 0 {
		return nil
	}
	return usageErrorf("%s does not condition on evidence (%s), and scenario %q has %d [[evidence]] entries: run it with --evidence none, on the prior",
		command, what, m.ID, len(m.Evidence))
}

// evidenceNone is the value of --evidence that runs a scenario without
// its evidence.
const evidenceNone = "none"

// applyEvidence drops m's evidence when --evidence none says so: m is
// then the very model of the file without its [[evidence]], hash
// included.
func (o *ScenarioOptions) applyEvidence(m *sim.Model) {
	if o.Evidence == evidenceNone {
		m.Evidence = nil
	}
}

// warnScenario writes a scenario's warnings (scenarios.Warnings) on
// stderr, each as a problem is written.
func warnScenario(stderr io.Writer, warnings scenarios.Problems) {
	for _, w := range warnings {
		fmt.Fprintf(stderr, "peacesim: warning: %s\n", w.Error())
	}
}

// source is a scenario's text, the file name under which its problems are
// reported and the manifest records it, and whether the library gave it
// (its bases are then embedded too).
type source struct {
	file     string
	src      []byte
	embedded bool
}

// resolveScenario reads the scenario a command's argument names: an
// existing file, otherwise an embedded scenario by name (the default when
// arg is empty). Its file is the path as given, or NAME.toml.
func resolveScenario(ctx context.Context, arg string) (source, error) {
	if arg == "" {
		arg = scenarios.Default
	}
	fi, err := os.Stat(arg)
	switch {
	case err == nil:
		if fi.IsDir() {
			return source{}, usageErrorf("%s is a directory, not a scenario file", arg)
		}
		src, err := readScenario(ctx, arg)
		return source{file: arg, src: src}, err
	case !errors.Is(err, fs.ErrNotExist):
		// It may exist, but we cannot tell: report why, not "no such scenario".
		_, err := readScenario(ctx, arg)
		return source{}, err
	}
	if src, ok := scenarios.Lookup(arg); ok {
		return source{file: embeddedFile(arg), src: src, embedded: true}, nil
	}
	return source{}, usageErrorf("no scenario file or embedded scenario named %s%s", arg, suggestScenario(arg))
}

// setOptions turns --set KEY=VALUE arguments into the loader's overrides,
// which it applies and validates like the file's own values; every
// malformed argument is reported at once, as scenario problems (exit 2).
func setOptions(sets []string) ([]scenarios.Option, error) {
	var opts []scenarios.Option
	var bad scenarios.Problems
	for _, arg := range sets {
		key, value, err := scenarios.ParseSet(arg)
		if err != nil {
			bad = appendProblems(bad, "", err)
			continue
		}
		opts = append(opts, scenarios.Set(key, value))
	}
	if len(bad) > 0 {
		return nil, bad
	}
	return opts, nil
}

// loadFile reads and loads a scenario file with the options given.
func loadFile(ctx context.Context, file string, opts ...scenarios.Option) (*sim.Model, error) {
	src, err := readScenario(ctx, file)
	if err != nil {
		return nil, err
	}
	return load(ctx, source{file: file, src: src}, opts...)
}

// load parses, validates and compiles a scenario's source; a variant's
// bases are found by baseResolver. The loader looks at no context, and a
// scenario of thousands of packages takes a while: a Ctrl-C meanwhile is
// reported as soon as it returns, before anything else (its problems, a
// run) is done with the result.
func load(ctx context.Context, sc source, opts ...scenarios.Option) (*sim.Model, error) {
	opts = append(slices.Clip(opts), scenarios.Bases(baseResolver(ctx, sc)))
	m, err := scenarios.Load(sc.file, sc.src, opts...)
	if cerr := ctx.Err(); cerr != nil {
		return nil, cerr
	}
	return m, err
}

// loader loads sc for a study that loads it at several values: with the
// command line's --set, then the study's overrides, and the packages
// chosen (all when packages is empty). A problem of the scenario is
// scenarios.Problems; a --round that one of the values refuses (a sweep
// of timeline.rounds below it), a usage error.
func (o *ScenarioOptions) loader(sc source, packages []string) (func(context.Context, ...scenarios.Option) (*sim.Model, error), error) {
	sets, err := setOptions(o.Sets)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, over ...scenarios.Option) (*sim.Model, error) {
		m, err := load(ctx, sc, append(slices.Clone(sets), over...)...)
		if err != nil {
			return nil, appendProblems(nil, sc.file, err)
		}
		o.applyEvidence(m)
		if err := o.checkRound(m); err != nil {
			return nil, err
		}
		return choosePackages(m, packages, 1)
	}, nil
}

// baseResolver finds the bases of a variant file, for one load: a path
// relative to the directory of the file naming it (or an absolute one),
// read like the scenario itself; or else, when no such file exists and the
// base is a plain name, an embedded scenario. The bases of an embedded
// scenario are embedded: it has no directory. An interrupted read returns
// ctx's error, which load reports in place of the problem.
func baseResolver(ctx context.Context, top source) scenarios.BaseResolver {
	embedded := map[string]bool{top.file: top.embedded} // the files the library gave
	return func(base, from string) (string, []byte, error) {
		if !embedded[from] {
			path := base
			if !filepath.IsAbs(path) {
				path = filepath.Join(filepath.Dir(from), base)
			}
			src, err := readBounded(ctx, path)
			switch {
			case err == nil:
				return path, src, nil
			case ctx.Err() != nil:
				return "", nil, err
			case isPath(base) || !errors.Is(err, fs.ErrNotExist):
				return "", nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
			}
		}
		if src, ok := scenarios.Lookup(base); ok {
			file := embeddedFile(base)
			embedded[file] = true
			return file, src, nil
		}
		return "", nil, &scenarios.BaseNotFoundError{Base: base, Known: scenarioNames()}
	}
}

// isPath reports whether a base can only be a file: the library's names
// have no directory and no extension.
func isPath(base string) bool {
	return strings.ContainsAny(base, `/\`) || filepath.Ext(base) == ".toml"
}

// embeddedFile is the file name under which problems of an embedded
// scenario are reported: its name in the scenarios/ folder.
func embeddedFile(name string) string { return name + ".toml" }

// maxScenarioBytes bounds what readScenario reads: a scenario is a small
// text file (the default is under 50 KiB), and a device such as /dev/zero
// must give an error, not exhaust memory.
const maxScenarioBytes = 16 << 20

// errTooLarge is the error of a file larger than maxScenarioBytes.
var errTooLarge = fmt.Errorf("larger than %d MiB: not a scenario file", maxScenarioBytes>>20)

// readScenario reads a scenario file as readBounded does; a file that
// cannot be read, or is too large, is a problem of the input (exit 2),
// reported like any other. When ctx is cancelled the error is ctx's.
func readScenario(ctx context.Context, file string) ([]byte, error) {
	src, err := readBounded(ctx, file)
	switch {
	case err == nil:
		return src, nil
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, errTooLarge):
		return nil, scenarios.Problems{{File: file, Msg: err.Error()}}
	}
	return nil, scenarios.Problems{{File: file, Msg: "cannot read: " + unwrapPath(err).Error()}}
}

// readBounded reads at most maxScenarioBytes of a file, returning ctx's
// error as soon as ctx is cancelled: opening or reading a FIFO nobody
// writes to, or a slow device, blocks in the system call, where no context
// reaches. The read goes on in a goroutine of its own that nothing waits
// for; it ends when the read does, or with the process.
func readBounded(ctx context.Context, file string) ([]byte, error) {
	type read struct {
		src []byte
		err error
	}
	done := make(chan read, 1) // buffered: an abandoned read still ends
	go func() {
		src, err := readScenarioFile(file)
		done <- read{src, err}
	}()
	select {
	case r := <-done:
		return r.src, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readScenarioFile reads a file of at most maxScenarioBytes; a larger one
// is errTooLarge.
func readScenarioFile(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxScenarioBytes+1))
	if err != nil {
		return nil, err
	}
	if len(src) > maxScenarioBytes {
		return nil, errTooLarge
	}
	return src, nil
}

// unwrapPath drops the operation and path of an *os.PathError, which the
// messages give in their own words.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// suggestScenario returns " (did you mean X?)" for the embedded scenario
// name closest to name, or a pointer to the library when none is close.
func suggestScenario(name string) string {
	names := scenarioNames()
	if s := sim.Suggest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean %s?)", s)
	}
	// A name cut short, such as "miami" for "miami-2025".
	var prefixed []string
	for _, n := range names {
		if name != "" && strings.HasPrefix(n, name) {
			prefixed = append(prefixed, n)
		}
	}
	switch len(prefixed) {
	case 0:
		return " (see: peacesim scenarios list)"
	case 1:
		return fmt.Sprintf(" (did you mean %s?)", prefixed[0])
	}
	// The shortest is the likeliest: a scenario before its variants.
	slices.SortStableFunc(prefixed, func(a, b string) int { return cmp.Compare(len(a), len(b)) })
	return fmt.Sprintf(" (did you mean %s? or %s)", prefixed[0], strings.Join(prefixed[1:], ", "))
}

// scenarioNames lists the names of the embedded scenario library.
func scenarioNames() []string {
	lib := scenarios.Library()
	names := make([]string, len(lib))
	for i, e := range lib {
		names[i] = e.Name
	}
	return names
}

// completeScenarioName offers the embedded scenarios whose names start with
// toComplete, each with its label as the description.
func completeScenarioName(toComplete string) []string {
	var matches []string
	for _, e := range scenarios.Library() {
		if strings.HasPrefix(e.Name, toComplete) {
			matches = append(matches, e.Name+"\t"+e.Label)
		}
	}
	return matches
}

// completeScenarioOrFile completes the scenario argument of a command:
// embedded scenario names and .toml files.
func completeScenarioOrFile(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	matches := completeScenarioName(toComplete)
	if len(matches) == 0 {
		// Let the shell complete paths (directories and .toml files).
		return []string{"toml"}, cobra.ShellCompDirectiveFilterFileExt
	}
	// Names and files together: the shell's own file completion would be
	// skipped once names are offered, so offer the .toml files here.
	files, _ := filepath.Glob(toComplete + "*.toml")
	return append(matches, files...), cobra.ShellCompDirectiveNoFileComp
}

// reportSource finds the source of a scenario a manifest names by file:
// the file on disk, as given, when it exists, else the embedded scenario
// of that name (NAME.toml), whose seeds peacesim's sources page documents.
// Its label comes from loading it; a source that cannot be read carries
// why.
func reportSource(ctx context.Context, file string) report.Source {
	src := report.Source{File: file, Name: file}
	embedded := false
	if _, err := os.Stat(file); err == nil {
		src.Text, src.Err = readScenario(ctx, file)
	} else if name := strings.TrimSuffix(file, ".toml"); name != file {
		if text, ok := scenarios.Lookup(name); ok {
			src.Name, src.Text, src.SeedsPage, embedded = name, text, report.SourcesPage, true
		}
	}
	if src.Text == nil && src.Err == nil {
		src.Err = fmt.Errorf("no file %s here and no embedded scenario of that name", file)
	}
	if src.Err != nil {
		src.Text = nil
		return src
	}
	if m, err := load(ctx, source{file: file, src: src.Text, embedded: embedded}); err == nil {
		src.Label = m.Label
	}
	return src
}
