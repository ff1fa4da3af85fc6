package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results/report"
)

// ReportOptions are the inputs of peacesim report: the page and where it
// goes (report.FileOptions), and the directories.
type ReportOptions struct {
	report.FileOptions
	// Dirs are the results directories, in the order of the report.
	Dirs []string
	// Stderr receives the line that says what was written.
	Stderr io.Writer
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

--packages chooses the packages every section shows, in that order. A
chart or table of one package (a sweep's table and heatmap, a tornado,
Sobol indices) otherwise shows the package the study is about: the one a
sweep varies (--vary packages.P.…), else the one it moves most; the
section says which and why.

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
	f.StringSliceVar(&opts.Packages, "packages", nil, "the packages the sections show, in this order (comma-separated; a chart or table of one shows the first its directory holds)")
	f.BoolVar(&opts.Force, "force", false, "overwrite an existing file")
	_ = cmd.MarkFlagFilename("out", "html", "htm")
	return cmd
}

// runReport reads the directories, and the sources of their scenarios,
// and writes the page atomically. A directory that is not results is a
// usage error (exit 2), as for plot, and so is a package no directory
// holds; a scenario source that cannot be read is said in the report, not
// an error.
func runReport(ctx context.Context, opts *ReportOptions) error {
	if opts.Out == "" {
		return usageErrorf("-o FILE.html (or - for stdout) is required")
	}
	if len(opts.Dirs) == 0 {
		return usageErrorf("give at least one results directory")
	}
	dirs, err := readResults(opts.Dirs...)
	if err != nil {
		return err
	}
	opts.Source = func(file string) report.Source { return reportSource(ctx, file) }
	opts.Version = versionString()
	w, err := report.WriteFile(ctx, dirs, opts.FileOptions)
	if err != nil {
		return choiceError(err)
	}
	if opts.Out != "-" {
		fmt.Fprintln(opts.Stderr, w)
	}
	return nil
}
