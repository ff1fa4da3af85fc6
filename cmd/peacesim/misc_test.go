package main

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// TestVersion checks the shape of the line, which varies with the build.
func TestVersion(t *testing.T) {
	shape := regexp.MustCompile(`^peacesim \S+ \(go[0-9][^,]*, gonum \S+\)\n$`)
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := cli(t, args...)
		if r.code != exitOK || !shape.MatchString(r.stdout) {
			t.Errorf("peacesim %s: exit %d, stdout %q; want %v", args[0], r.code, r.stdout, shape)
		}
	}
}

func TestVersionString(t *testing.T) {
	if got := versionString(); got != devVersion {
		t.Errorf("versionString() = %q in a test binary, want %q", got, devVersion)
	}
}

// TestCompletion: cobra's completion command is there for every shell, and
// run and scenarios show complete the names of embedded scenarios.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		if r := cli(t, "completion", shell); r.code != exitOK || len(r.stdout) < 100 {
			t.Errorf("completion %s: exit %d, %d bytes", shell, r.code, len(r.stdout))
		}
	}
	prefix := scenarios.Default[:3]
	for _, args := range [][]string{
		{"__complete", "run", prefix},
		{"__complete", "scenarios", "show", prefix},
	} {
		r := cli(t, args...)
		if r.code != exitOK || !strings.Contains(r.stdout, scenarios.Default) {
			t.Errorf("%q: exit %d, completions %q; want %s", args, r.code, r.stdout, scenarios.Default)
		}
	}
	r := cli(t, "__complete", "run", "--format", "")
	for _, f := range runFormats() {
		if !strings.Contains(r.stdout, f+"\n") {
			t.Errorf("--format completions %q lack %s", r.stdout, f)
		}
	}
}

// TestProgressConcurrent calls the bar from many goroutines at once, as the
// engine's workers do; run it with -race.
func TestProgressConcurrent(t *testing.T) {
	const workers, chunks, chunk = 8, 50, 100
	var buf syncBuffer
	p := newProgressTo(&buf, workers*chunks*chunk)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range chunks {
				p.add(chunk)
			}
		}()
	}
	wg.Wait()
	p.finish(nil)
	if buf.Len() == 0 {
		t.Error("the bar drew nothing")
	}
	var nilBar *progress // off a terminal: every method is a no-op
	nilBar.add(1)
	nilBar.finish(nil)
}

// TestProgressFirstFrameRate: the first frame, drawn when the first chunk
// is done, shows the trials over the time since the run began, not over
// the microseconds since the frame itself.
func TestProgressFirstFrameRate(t *testing.T) {
	const chunk, work = 4096, 20 * time.Millisecond
	var buf bytes.Buffer
	p := newProgressTo(&buf, 100*chunk)
	time.Sleep(work) // the first chunk's work
	p.add(chunk)
	m := regexp.MustCompile(`(\d+) trials/s`).FindStringSubmatch(buf.String())
	if m == nil {
		t.Fatalf("no rate in the first frame %q", buf.String())
	}
	rate, _ := strconv.ParseFloat(m[1], 64)
	// At least work has passed since the bar was made, so the rate is at
	// most chunk/work.
	if most := chunk / work.Seconds(); rate > most {
		t.Errorf("first frame %q: %.0f trials/s, more than the %.0f possible", buf.String(), rate, most)
	}
}

func TestNoProgressOffTerminal(t *testing.T) {
	if p := newProgress(&bytes.Buffer{}, 10); p != nil {
		t.Error("a progress bar on a buffer, which is not a terminal")
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writes and reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

// TestWarnWorkers: a run that must use fewer workers than asked says so.
func TestWarnWorkers(t *testing.T) {
	src, _ := scenarios.Lookup(scenarios.Default)
	m, err := scenarios.Load("miami-2025.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	o := &ScenarioOptions{Stderr: &stderr}
	opts := sim.Options{Trials: 1 << 20, Workers: 2}
	o.warnWorkers(m, opts)
	if stderr.Len() != 0 {
		t.Errorf("a small scenario warned: %s", stderr.String())
	}
	for len(m.Packages) < 5000 {
		m.Packages = append(m.Packages, m.Packages[0])
	}
	o.warnWorkers(m, opts)
	if !strings.Contains(stderr.String(), "runs on 1 of 2 workers") {
		t.Errorf("no warning for 5,000 packages: %q", stderr.String())
	}
}
