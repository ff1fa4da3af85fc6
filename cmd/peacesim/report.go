package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/results/report"
	"github.com/peacesim/peacesim/scenarios"
)

// ReportOptions are the inputs of peacesim report.
type ReportOptions struct {
	// Dirs are the results directories, in the order of the report.
	Dirs []string
	// Out is the HTML file, or "-" for stdout.
	Out   string
	Force bool
	// Stdout receives the page with -o -; Stderr the line that says what
	// was written.
	Stdout, Stderr io.Writer
}

// newReportCmd binds peacesim report to a ReportOptions.
func newReportCmd() *cobra.Command {
	opts := &ReportOptions{}
	cmd := &cobra.Command{
		Use:   "report DIR... -o FILE.html",
		Short: "Write results directories as one self-contained HTML page",
		Long: `Report turns results directories (run, compare, sweep, sensitivity,
discover, bargain, optimize -o DIR) into one HTML file that needs nothing
but a browser: no network access, no script, no external font or image;
the charts are inline SVG.

The page opens with the package × pathway table of the first directory
that has one, with the scenario's label, trials, seed, peacesim version
and scenario hash. Then each directory, in the order given, has a section
with its charts and tables; then the provenance of each scenario (the
seed documents its comments cite, the values it marks "assumption:");
then the commands that write every directory and every figure again.

-o - writes the page to stdout. An existing file is never overwritten
without --force.`,
		Example: `  peacesim run -o run/ && peacesim compare -o cmp/ && peacesim report run/ cmp/ -o report.html
  peacesim report run/ sweep/ sens/ bargain/ -o - > report.html`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dirs = args
			opts.Stdout = cmd.OutOrStdout()
			opts.Stderr = cmd.ErrOrStderr()
			return runReport(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Out, "out", "o", "", "the page to write, `FILE`.html, or - for stdout (required)")
	f.BoolVar(&opts.Force, "force", false, "overwrite an existing file")
	_ = cmd.MarkFlagFilename("out", "html", "htm")
	return cmd
}

// runReport reads the directories and the sources of their scenarios,
// writes the page, and writes it atomically. A directory that is not
// results is a usage error (exit 2), as for plot; a scenario source that
// cannot be read is said in the report, not an error.
func runReport(ctx context.Context, opts *ReportOptions) error {
	if opts.Out == "" {
		return usageErrorf("-o FILE.html (or - for stdout) is required")
	}
	if len(opts.Dirs) == 0 {
		return usageErrorf("give at least one results directory")
	}
	var dirs []*results.Dir
	for _, dir := range opts.Dirs {
		d, err := results.ReadDir(dir)
		var malformed *results.ReadError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return usageErrorf("%s: no such directory", dir)
		case errors.Is(err, results.ErrNotDir), errors.Is(err, results.ErrNotResults), errors.As(err, &malformed):
			return &usageError{err}
		case err != nil:
			return err
		}
		dirs = append(dirs, d)
	}
	var sources []report.Source
	for _, d := range dirs {
		for _, sr := range d.Manifest.Scenarios {
			if !slices.ContainsFunc(sources, func(s report.Source) bool { return s.File == sr.File }) {
				sources = append(sources, reportSource(ctx, sr.File))
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, dirs, report.Options{Sources: sources, Version: versionString()}); err != nil {
		return err
	}
	if opts.Out == "-" {
		_, err := opts.Stdout.Write(buf.Bytes())
		return err
	}
	if err := results.WriteFile(opts.Out, buf.Bytes(), opts.Force); err != nil {
		return err
	}
	fmt.Fprintf(opts.Stderr, "wrote %s: report of %d %s, %s\n", opts.Out, len(dirs),
		map[bool]string{true: "directory", false: "directories"}[len(dirs) == 1], byteSize(buf.Len()))
	return nil
}

// reportSource finds the source of a scenario a manifest names by file:
// the file on disk, as given, when it exists, else the embedded scenario
// of that name (NAME.toml). Its label comes from loading it; a source
// that cannot be read carries why.
func reportSource(ctx context.Context, file string) report.Source {
	src := report.Source{File: file, Name: file}
	embedded := false
	if _, err := os.Stat(file); err == nil {
		src.Text, src.Err = readScenario(ctx, file)
	} else if name := strings.TrimSuffix(file, ".toml"); name != file {
		if text, ok := scenarios.Lookup(name); ok {
			src.Name, src.Text, embedded = name, text, true
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

// byteSize writes n bytes in kB or MB (of 1000 and 1000² bytes).
func byteSize(n int) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.0f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}
