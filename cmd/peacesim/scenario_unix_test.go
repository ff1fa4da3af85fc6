//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// signalWait is how long a test waits for a command to end after the
// context is cancelled; an interrupted command ends in milliseconds.
const signalWait = 10 * time.Second

// mkfifo makes a FIFO in a temporary directory.
func mkfifo(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scenario.toml")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	return path
}

// openWriter opens the FIFO for writing once a reader has it open, which is
// how the test knows the command is blocked on it; it gives up when the
// command ended first or after signalWait.
func openWriter(t *testing.T, fifo string, ended <-chan cliResult) *os.File {
	t.Helper()
	deadline := time.Now().Add(signalWait)
	for {
		// Without a reader, a non-blocking open for writing fails (ENXIO).
		w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			return w
		}
		if !errors.Is(err, syscall.ENXIO) {
			t.Fatal(err)
		}
		select {
		case r := <-ended:
			t.Fatalf("the command ended before it opened the FIFO: exit %d, stderr %q", r.code, r.stderr)
		case <-time.After(time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("the command never opened the FIFO")
		}
	}
}

// TestInterruptReadingAFIFO: a scenario read that blocks (a FIFO nobody
// writes to) ends at the first Ctrl-C with exit 130, for run and validate.
func TestInterruptReadingAFIFO(t *testing.T) {
	for _, cmd := range []string{"run", "validate"} {
		t.Run(cmd, func(t *testing.T) {
			fifo := mkfifo(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ended := make(chan cliResult, 1)
			go func() { ended <- cliContext(t, ctx, cmd, fifo) }()
			w := openWriter(t, fifo, ended)
			// Closing the writer ends the read, whether it was abandoned
			// (fixed) or is still waited on (the bug).
			defer w.Close()

			cancel() // the first Ctrl-C; nothing is ever written
			select {
			case r := <-ended:
				if r.code != exitInterrupted || r.stderr != "peacesim: interrupted\n" || r.stdout != "" {
					t.Errorf("exit %d, stdout %q, stderr %q; want %d and only \"peacesim: interrupted\"",
						r.code, r.stdout, r.stderr, exitInterrupted)
				}
			case <-time.After(signalWait):
				w.Close()
				r := <-ended
				t.Fatalf("still reading %s %v after the context was cancelled (exit %d once the FIFO closed)", fifo, signalWait, r.code)
			}
		})
	}
}

// TestValidateInterruptedDuringLoad cancels the context while validate loads
// a large scenario (the loader looks at no context): it must exit 130, not
// print "ok". The scenario comes through a FIFO so that the test knows when
// the whole file was read: closing the writer is what ends the read.
func TestValidateInterruptedDuringLoad(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	src.Write(good)
	// Enough packages that loading takes a third of a second here.
	for i := range 3000 {
		fmt.Fprintf(&src, "\n[packages.p%d]\nextends = \"us_28_point\"\ntroop_cap = %d\n", i, i%1200)
	}

	fifo := mkfifo(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ended := make(chan cliResult, 1)
	go func() { ended <- cliContext(t, ctx, "validate", fifo) }()
	w := openWriter(t, fifo, ended)
	if _, err := w.WriteString(src.String()); err != nil {
		t.Fatal(err)
	}
	w.Close()
	// The read ends microseconds after the close; the load takes hundreds
	// of milliseconds: cancel at once, which lands in the load (a sleep
	// first would, on a busy machine, oversleep the load and see "ok").
	// Were the read still going, it would be interrupted instead: exit 130
	// all the same.
	cancel()
	select {
	case r := <-ended:
		if r.code != exitInterrupted || r.stdout != "" {
			t.Errorf("exit %d, stdout %q, stderr %q; want %d and no \"ok\"", r.code, r.stdout, r.stderr, exitInterrupted)
		}
	case <-time.After(signalWait):
		t.Fatal("validate did not end")
	}
}
