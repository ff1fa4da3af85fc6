package plot_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/results/plot"
)

// A results directory read back is drawn as the chart that fits it, here
// a run's pathway probabilities, and written as a PNG (or SVG, or PDF).
func ExampleNew() {
	d, err := results.ReadDir("testdata/run")
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := plot.New(d, plot.Options{Pathway: "framework_agreement", Width: 16 * vg.Centimeter, Height: 10 * vg.Centimeter})
	if err != nil {
		fmt.Println(err)
		return
	}
	var png bytes.Buffer
	if err := c.Encode(&png, "png"); err != nil {
		fmt.Println(err)
		return
	}
	w, h := c.Size()
	fmt.Printf("%s chart, %.0f × %.0f cm\n", c.Kind(), w/vg.Centimeter, h/vg.Centimeter)

	_, err = plot.New(d, plot.Options{Pathway: "framework"})
	fmt.Println(err)
	// Output:
	// run chart, 16 × 10 cm
	// the results have no pathway "framework" (they have framework_agreement, humanitarian_ceasefire, talks_collapse)
}

// A chart is written to an image file, in the format of its extension,
// atomically: what peacesim plot does.
func ExampleWriteFile() {
	d, err := results.ReadDir("testdata/run")
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "plot")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	w, err := plot.WriteFile(context.Background(), d, plot.FileOptions{
		Options: plot.Options{Pathway: "framework_agreement"},
		Out:     filepath.Join(dir, "run.png"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Replace(w.String(), dir, "$TMP", 1))
	// Output:
	// wrote $TMP/run.png: run chart, 945 × 591 pixels
}

// The command line's --width and --height are read for a format, and a
// size outside the limits is refused before anything is drawn, saying
// which limit.
func ExampleParseSize() {
	w, h, err := plot.ParseSize("png", "24cm", "1200px", 300)
	fmt.Printf("%.0f × %.2f cm, %v\n", w/vg.Centimeter, h/vg.Centimeter, err)

	_, _, err = plot.ParseSize("png", "1e9px", "", plot.DefaultDPI)
	fmt.Println(err)
	fmt.Println(errors.Is(err, plot.ErrSize))
	// Output:
	// 24 × 10.16 cm, <nil>
	// --width 1e9px: 1000000000 px is wider than the 20000 px a PNG may be
	// true
}

// A run over a timeline draws the talks round by round by default, and
// its pathway probabilities as bars with --chart run; the fallback,
// reached in every trial, is left out of the curves.
func ExampleCharts() {
	d, err := results.ReadDir("testdata/timeline")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plot.Charts(d))
	fmt.Println(plot.TimelineFallbacks(d.Timeline))
	// Output:
	// [timeline run]
	// [talks_collapse]
}
