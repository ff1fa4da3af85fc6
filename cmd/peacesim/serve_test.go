package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// String is what was written so far.
func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serving is a peacesim serve started by a test: its URL, its output, and
// how to stop it and read its exit code.
type serving struct {
	url            string
	stdout, stderr *syncBuffer
	stop           context.CancelFunc
	code           chan int
}

// serve starts peacesim serve with args and waits for the URL it prints.
func serve(t *testing.T, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{stdout: &syncBuffer{}, stderr: &syncBuffer{}, stop: cancel, code: make(chan int, 1)}
	go func() {
		s.code <- execute(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), s.stdout, s.stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.code:
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop within 10 s of its cancellation")
		}
	})
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if out := s.stdout.String(); strings.HasSuffix(out, "\n") {
			s.url = strings.TrimSuffix(out, "\n")
			break
		}
		select {
		case code := <-s.code:
			t.Fatalf("serve %v exited %d: %s", args, code, s.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("serve printed no URL within 20 s")
		}
	}
	if !strings.HasPrefix(s.url, "http://127.0.0.1:") || !strings.HasSuffix(s.url, "/") {
		t.Fatalf("the first line of stdout is %q, not the URL", s.url)
	}
	return s
}

// runAnswer is what the tests read of POST /api/run.
type serveAnswer struct {
	Command string            `json:"command"`
	Files   []string          `json:"files"`
	Tables  map[string]string `json:"tables"`
	Error   string            `json:"error"`
}

func (s *serving) run(t *testing.T, body any) (int, serveAnswer) {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(s.url+"api/run", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var a serveAnswer
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, a
}

// shellWords splits a command as a POSIX shell does the words the
// explorer writes: plain words and single-quoted ones.
func shellWords(t *testing.T, cmd string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	in, started := false, false
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch {
		case c == '\'':
			in, started = !in, true
		case c == ' ' && !in:
			if started {
				words = append(words, w.String())
			}
			w.Reset()
			started = false
		case c == '\\' && !in && i+1 < len(cmd):
			i++
			w.WriteByte(cmd[i])
			started = true
		default:
			w.WriteByte(c)
			started = true
		}
	}
	if in {
		t.Fatalf("an unclosed quote in %s", cmd)
	}
	if started {
		words = append(words, w.String())
	}
	return words
}

// TestServeIsRun: every table of an answer is the file that the command
// it shows writes with -o, byte for byte, and that command is peacesim
// run with the edits: for no edit, a package's terms (inherited by the
// packages that extend it), an evidence entry off, a schedule, and
// assumptions; with every entry off the tables are those of --evidence
// none; pathways.csv is what run --format csv prints.
func TestServeIsRun(t *testing.T) {
	s := serve(t, "--trials", "8192", "--workers", "2")
	cases := [][]string{
		nil,
		{"packages.miami_20_point.troop_cap=700"},
		{"evidence[1].ignore=true"},
		{"packages.miami_20_point_humanitarian_first.schedule.framework=3"},
		{"factors.escalation.value=beta(5.6, 1.4)", "parties.russia.reservation.framework=normal(0.55, 0.12)"},
	}
	for _, sets := range cases {
		status, a := s.run(t, map[string]any{"set": sets, "package": "miami_20_point"})
		if status != http.StatusOK {
			t.Fatalf("%v: %d %s", sets, status, a.Error)
		}
		words := shellWords(t, a.Command)
		if len(words) < 2 || words[0] != "peacesim" || words[1] != "run" {
			t.Fatalf("%v: the command is %s", sets, a.Command)
		}
		want := append([]string{"run", "--trials", "8192", "--seed", "20251220"}, setArgs(sets)...)
		if got := words[1:]; strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Errorf("%v: the command's words are %q, want %q", sets, got, want)
		}
		sameAsRun(t, a, words[1:], sets)
	}
	status, a := s.run(t, map[string]any{"set": []string{"evidence[0].ignore=true", "evidence[1].ignore=true", "evidence[2].ignore=true"}})
	if status != http.StatusOK {
		t.Fatalf("every evidence entry off: %d %s", status, a.Error)
	}
	sameAsRun(t, a, []string{"run", "--trials", "8192", "--seed", "20251220", "--evidence", "none"}, []string{"--evidence none"})

	status, a = s.run(t, map[string]any{"set": []string{"packages.miami_20_point.troop_cap=700"}})
	if status != http.StatusOK {
		t.Fatal(a.Error)
	}
	r := cli(t, append(shellWords(t, a.Command)[1:], "--format", "csv")...)
	if r.code != 0 || r.stdout != a.Tables["pathways.csv"] {
		t.Errorf("run --format csv (exit %d) prints otherwise than pathways.csv:\n%s\nwant\n%s", r.code, r.stdout, a.Tables["pathways.csv"])
	}
}

// setArgs are the --set arguments of the overrides.
func setArgs(sets []string) []string {
	var args []string
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	return args
}

// sameAsRun runs args with -o and compares every file with a's tables.
func sameAsRun(t *testing.T, a serveAnswer, args []string, what []string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	if r := cli(t, append(args, "-q", "-o", dir)...); r.code != 0 {
		t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
	}
	if len(a.Files) < 6 {
		t.Errorf("%v: only %v", what, a.Files)
	}
	for _, f := range a.Files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Errorf("%v: %v", what, err)
			continue
		}
		if string(b) != a.Tables[f] {
			t.Errorf("%v: %s differs from the file peacesim %s writes", what, f, strings.Join(args, " "))
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(a.Files)+1 { // and the manifest
		t.Errorf("%v: run -o writes %d files, the answer has %d tables", what, len(entries), len(a.Files))
	}
}

// TestServeInterrupted: Ctrl-C stops the server promptly with exit
// status 130, and a non-loopback address is warned of.
func TestServeInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- execute(ctx, []string{"serve", "--addr", "0.0.0.0:0", "--trials", "4096"}, &stdout, &stderr)
	}()
	for deadline := time.Now().Add(20 * time.Second); !strings.HasSuffix(stdout.String(), "\n"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no URL within 20 s")
		}
	}
	if !strings.Contains(stderr.String(), "not a loopback address") {
		t.Errorf("stderr: %q", stderr.String())
	}
	cancel()
	select {
	case c := <-code:
		if c != exitInterrupted {
			t.Errorf("exit %d, want %d", c, exitInterrupted)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of Ctrl-C")
	}
}

// TestServeUsage: flags, scenarios and overrides the server cannot serve
// are usage errors (exit 2) before it listens.
func TestServeUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--max-trials", "0"}, "--max-trials must be in [1, "},
		{[]string{"--trials", "100", "--max-trials", "10"}, "--trials 100 is more than --max-trials 10"},
		{[]string{"--max-trials", "10"}, "runs 100000 trials by default, more than the 10"},
		{[]string{"--timeout", "0s"}, "--timeout must be a positive duration"},
		{[]string{"--computations", "0"}, "--computations must be ≥ 1"},
		{[]string{"--addr", "256.1.1.1:0"}, "--addr 256.1.1.1:0:"},
		{[]string{"--set", "parties.rusia.reservation=0.5"}, `parties.rusia: not in the scenario (did you mean "russia"?)`},
		{[]string{"no-such-scenario"}, "no scenario file or embedded scenario named no-such-scenario"},
		{[]string{"-o", "dir"}, "unknown shorthand flag: 'o'"},
	}
	for _, tt := range tests {
		r := cli(t, append([]string{"serve"}, tt.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
			t.Errorf("serve %v: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, r.code, r.stdout, r.stderr, tt.want)
		}
	}
}
