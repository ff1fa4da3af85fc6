package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/peacesim/peacesim/results"
)

// FileOptions are what WriteFile needs besides the directories: the
// report's Options, where to write it, and how to find the scenarios'
// sources.
type FileOptions struct {
	Options
	// Out is the HTML file, or "-" for Stdout.
	Out string
	// Force replaces an existing file: without it, one is an error
	// wrapping results.ErrExists.
	Force bool
	// Stdout receives the page when Out is "-".
	Stdout io.Writer
	// Source finds the source of a scenario a manifest names by its file
	// (results.ScenarioRun.File), for the scenarios Options.Sources does
	// not hold; nil finds none, and the page says so.
	Source func(file string) Source
}

// Written is what WriteFile wrote: the file, the number of directories
// reported and the page's size in bytes.
type Written struct {
	Out         string
	Dirs, Bytes int
}

// String says what was written as peacesim report does: "wrote
// report.html: report of 2 directories, 512 kB".
func (w Written) String() string {
	noun := "directories"
	if w.Dirs == 1 {
		noun = "directory"
	}
	return fmt.Sprintf("wrote %s: report of %d %s, %s", w.Out, w.Dirs, noun, byteSize(w.Bytes))
}

// WriteFile writes the report of dirs (Write) to opts.Out, atomically
// (results.WriteFile), or to opts.Stdout. It asks opts.Source for the
// source of each scenario the directories name, once, in the order met. A
// cancelled ctx writes nothing.
func WriteFile(ctx context.Context, dirs []*results.Dir, opts FileOptions) (Written, error) {
	opts.Sources = withSources(opts.Sources, dirs, opts.Source)
	if err := ctx.Err(); err != nil {
		return Written{}, err
	}
	var buf bytes.Buffer
	if err := Write(&buf, dirs, opts.Options); err != nil {
		return Written{}, err
	}
	w := Written{Out: opts.Out, Dirs: len(dirs), Bytes: buf.Len()}
	if opts.Out == "-" {
		_, err := opts.Stdout.Write(buf.Bytes())
		return w, err
	}
	return w, results.WriteFile(opts.Out, buf.Bytes(), opts.Force)
}

// withSources adds to sources the source find gives of each scenario file
// of dirs that sources lacks.
func withSources(sources []Source, dirs []*results.Dir, find func(file string) Source) []Source {
	if find == nil {
		return sources
	}
	sources = slices.Clone(sources)
	for _, d := range dirs {
		for _, sr := range d.Manifest.Scenarios {
			if !slices.ContainsFunc(sources, func(s Source) bool { return s.File == sr.File }) {
				sources = append(sources, find(sr.File))
			}
		}
	}
	return sources
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
