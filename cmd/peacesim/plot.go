package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results/plot"
)

// PlotOptions are the inputs of peacesim plot: the chart and the image
// file (plot.FileOptions), the directory, and the size as the flags give
// it.
type PlotOptions struct {
	plot.FileOptions
	// Dir is the results directory to draw (run -o, compare -o, sweep -o).
	Dir string
	// Width and Height are lengths as given (16cm, 6in, 1200px); empty
	// lets the chart choose.
	Width, Height string
	// Stderr receives the line that says what was written.
	Stderr io.Writer
}

// newPlotCmd binds peacesim plot to a PlotOptions.
func newPlotCmd() *cobra.Command {
	opts := &PlotOptions{}
	cmd := &cobra.Command{
		Use:   "plot DIR -o FILE.png|FILE.svg|FILE.pdf",
		Short: "Draw a chart of a results directory",
		Long: `Plot reads a directory written by run, compare, sweep, sensitivity,
discover or bargain (-o DIR) and draws the chart that fits it:

  run         pathway probabilities per package, with 95% intervals; over
              a [timeline], by default (--chart timeline; --chart run for
              the bars), each pathway reached by each round (cumulative)
              against its date, with its band, a panel per package and
              the marks as rules; with --pathway, a line per package
  compare     paired differences of one pathway (--pathway) between every
              pair of packages, with their intervals, against zero
  sweep       over one key: each pathway's probability against the key's
              value, a band for the interval, a panel per package
              over two keys: a heatmap of one pathway's probability
              (--pathway) for one package (--packages), on a colour
              scale of whole tens of percentage points
  sensitivity a tornado of one package's probability of one pathway
              (--packages, --pathway; default the first pathway): a bar
              per input from the probability with the input fixed low to
              it fixed high, the --top inputs of largest swing; or, with
              --chart sobol, each input's first-order and total Sobol
              indices with their bootstrap intervals
  discover    PRIM's peeling trajectory: the box's density against its
              coverage at each step, the chosen box marked
  bargain     the bargaining frontier (--chart frontier): a panel per
              track (--track for one) of the first two veto parties'
              utilities, the Pareto frontier as a line, their reservations
              dashed, the ZOPA shaded, the Nash and Kalai–Smorodinsky
              solutions marked, and each declared package (--packages)
              as a labelled point, hollow when a party would reject it
  evidence    a run with [[evidence]] draws, with --chart posterior,
              what the evidence taught: for the --top inputs it moved
              most, the prior's and the posterior's 10th–90th percentile
              ranges and means, each input on its prior's range

A chart of one package shows, unless --packages names it, the package the
study is about: the one a sweep's --vary keys name (packages.P.…), else
the one it moves most (over the sweep's points, by an input's swing, by
total Sobol index); the caption says which and why.

A directory that can draw several charts draws the first; --chart names
another (a bad one is exit status 2, with the charts it can draw). The
caption gives the scenario, trials and seed from the manifest. The
format follows the extension of -o: .png, .svg or .pdf. An existing file
is never overwritten without --force.`,
		Example: `  peacesim run -o out/ && peacesim plot out/ -o run.png
  peacesim compare -o cmp/ && peacesim plot cmp/ -o cmp.pdf --pathway framework_agreement
  peacesim plot out/ -o talks.png --pathway framework_agreement
  peacesim plot sweep/ -o sweep.svg --packages miami_20_point,us_28_point --width 24cm
  peacesim plot sens/ -o sobol.png --chart sobol --packages us_28_point --pathway framework_agreement --top 5
  peacesim plot bargain/ -o frontier.png --track framework`,
		Args: usageArgs(cobra.ExactArgs(1)),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			opts.Stderr = cmd.ErrOrStderr()
			return runPlot(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Out, "out", "o", "", "the image to write, `FILE`.png, .svg or .pdf (required)")
	f.StringVar(&opts.Pathway, "pathway", "", "the pathway of a compare, heatmap, tornado, Sobol or trajectory chart (default: the first); for a run, a timeline or a sweep over one key, the only one shown")
	f.StringSliceVar(&opts.Packages, "packages", nil, "the packages to show, in this order (comma-separated; a heatmap, tornado, Sobol or trajectory chart takes one)")
	f.StringVar(&opts.Chart, "chart", "", "the chart to draw, `NAME`, of a directory that can draw several: timeline or run for a run over a timeline, posterior for a run with evidence, tornado or sobol for a sensitivity analysis, frontier for a bargain (default: the first)")
	f.IntVar(&opts.Top, "top", plot.DefaultTop, "the number of inputs a tornado or Sobol chart shows, `N` of the largest swings or indices")
	f.StringVar(&opts.Track, "track", "", "the one track a frontier chart shows, `TRACK` (default: a panel for each)")
	f.StringVar(&opts.Title, "title", "", "the chart's title (default: one that says what it shows)")
	f.StringVar(&opts.Width, "width", "", "the figure's width, `LENGTH` in cm, mm, in, pt or px, from 2cm to 508cm, or 20000px for a PNG (default 16cm)")
	f.StringVar(&opts.Height, "height", "", "the figure's height, `LENGTH`, within the width's limits (default: as the chart's rows or panels need)")
	f.IntVar(&opts.DPI, "dpi", plot.DefaultDPI, "dots per inch of a PNG (and of px lengths), 10 to 2400; a PNG has at most 50 megapixels")
	f.BoolVar(&opts.Force, "force", false, "overwrite an existing image")
	_ = cmd.MarkFlagFilename("out", plot.Formats()...)
	return cmd
}

// runPlot reads the directory, draws its chart and writes the image
// atomically. Every problem of the user's input is a usage error (exit 2):
// flags, an image format, a directory that is not results, a pathway or
// package the results do not have.
func runPlot(ctx context.Context, opts *PlotOptions) error {
	if err := opts.check(); err != nil {
		return err
	}
	dirs, err := readResults(opts.Dir)
	if err != nil {
		return err
	}
	w, err := plot.WriteFile(ctx, dirs[0], opts.FileOptions)
	if err != nil {
		return choiceError(err)
	}
	fmt.Fprintln(opts.Stderr, w)
	return nil
}

// check rejects the flags no chart takes, before the directory is read,
// and sets the figure's size from --width, --height and --dpi, refusing
// one outside plot's limits (plot.ParseSize).
func (o *PlotOptions) check() error {
	format, err := plot.FormatOf(o.Out)
	switch {
	case o.Out == "":
		return usageErrorf("-o FILE.png, .svg or .pdf is required")
	case err != nil:
		return choiceError(err)
	case o.Top < 1:
		return usageErrorf("--top must be ≥ 1, got %d", o.Top)
	}
	if o.Options.Width, o.Options.Height, err = plot.ParseSize(format, o.Width, o.Height, o.DPI); err != nil {
		return choiceError(err)
	}
	return nil
}
