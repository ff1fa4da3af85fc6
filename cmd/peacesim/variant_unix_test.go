//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestInterruptReadingABase: a variant whose base is a FIFO nobody writes
// to ends at the first Ctrl-C with exit 130: the base is read like the
// scenario itself, where the context reaches.
func TestInterruptReadingABase(t *testing.T) {
	fifo := mkfifo(t) // …/scenario.toml
	variant := filepath.Join(filepath.Dir(fifo), "variant.toml")
	if err := os.WriteFile(variant, []byte("[scenario]\nid = \"v\"\nbase = \"scenario.toml\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ended := make(chan cliResult, 1)
	go func() { ended <- cliContext(t, ctx, "validate", variant) }()
	w := openWriter(t, fifo, ended)
	defer w.Close()

	cancel()
	select {
	case r := <-ended:
		if r.code != exitInterrupted || r.stderr != "peacesim: interrupted\n" || r.stdout != "" {
			t.Errorf("exit %d, stdout %q, stderr %q; want %d and only \"peacesim: interrupted\"", r.code, r.stdout, r.stderr, exitInterrupted)
		}
	case <-time.After(signalWait):
		w.Close()
		r := <-ended
		t.Fatalf("still reading the base %v after the context was cancelled (exit %d once the FIFO closed)", signalWait, r.code)
	}
}
