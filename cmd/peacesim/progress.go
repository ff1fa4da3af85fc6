package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress draws a run's progress bar on stderr. The engine calls add from
// its workers concurrently, once per chunk; progressbar.ProgressBar guards
// its state with its own mutex, so add needs no lock of its own (the race
// test in misc_test.go holds us to that).
type progress struct {
	bar *progressbar.ProgressBar
	w   io.Writer
	// onAdd, when set, sees every addition: tests act on a run's progress.
	onAdd func(n int64)
}

// newProgress returns a progress bar for total trials on stderr, or nil when
// stderr is not a terminal: a bar in a log file or a CI transcript is noise.
// Every method of a nil *progress does nothing.
func newProgress(stderr io.Writer, total int64) *progress {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return newProgressTo(stderr, total)
}

// newProgressTo draws on w whatever it is; tests use it with a buffer.
func newProgressTo(w io.Writer, total int64) *progress {
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("simulating"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("trials"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionFullWidth(),
		// Redraw at most ~10 times a second however many chunks complete.
		progressbar.OptionThrottle(100*time.Millisecond),
		// The results follow on stdout; a finished bar would only clutter.
		progressbar.OptionClearOnFinish(),
	)
	// Start the clock now, with the run. Left to itself the bar starts it
	// at its first frame, after the first chunk is done, and shows that
	// chunk's trials over a few microseconds: a rate of hundreds of
	// millions a second and an ETA of 0s.
	bar.StartWithoutRender()
	return &progress{bar: bar, w: w}
}

// add records n more trials done; safe for concurrent use.
func (p *progress) add(n int64) {
	if p == nil {
		return
	}
	_ = p.bar.Add64(n) // a bar that cannot draw must not fail the run
	if p.onAdd != nil {
		p.onAdd(n)
	}
}

// finish clears the bar after a complete run, or leaves it where it stopped
// and ends its line when the run failed or was interrupted, so the error
// message starts on a line of its own.
func (p *progress) finish(err error) {
	if p == nil {
		return
	}
	if err == nil {
		_ = p.bar.Finish()
		return
	}
	_ = p.bar.Exit()
	fmt.Fprintln(p.w)
}
