package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestOneWriterPerOutput: two peacesim processes started together, each
// writing run -o D into the same fresh D without --force: one writes its
// whole set, the other exits 2 (the directory is being written, or its
// outputs exist), every time; nothing is lost or mixed, and no claim is
// left behind.
func TestOneWriterPerOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "peacesim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for try := range 10 {
		dir := filepath.Join(t.TempDir(), "out")
		codes := make([]int, 2)
		var stderr [2]bytes.Buffer
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(bin, "run", "--trials", "2000", "--seed", string(rune('1'+i)), "-q", "-o", dir)
				cmd.Stderr = &stderr[i]
				err := cmd.Run()
				var exit *exec.ExitError
				if errors.As(err, &exit) {
					codes[i] = exit.ExitCode()
				} else if err != nil {
					codes[i] = -1
				}
			}()
		}
		wg.Wait()
		slices.Sort(codes)
		if !slices.Equal(codes, []int{exitOK, exitUsage}) {
			t.Fatalf("try %d: exit statuses %v, want one 0 and one 2\n%s\n%s", try, codes, stderr[0].String(), stderr[1].String())
		}
		man := readManifest(t, dir)
		seed := man.Scenarios[0].Seed
		for _, name := range man.Files {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || (name == "pathways.csv" && !strings.Contains(string(b), ","+string(rune('0'+seed))+"\n")) {
				t.Fatalf("try %d: %s is not the winner's (seed %d): %v", try, name, seed, err)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".peacesim.lock")); !os.IsNotExist(err) {
			t.Fatalf("try %d: the claim on the directory is left behind: %v", try, err)
		}
	}
}

// TestForceReplacesTheSet: a forced run into a sweep's directory replaces
// the sweep's set — its sweep.csv does not stay beside the run's tables —
// and leaves a file peacesim did not write alone; a claim left by a killed
// writer is refused with how to clear it.
func TestForceReplacesTheSet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if r := cli(t, "sweep", "--vary", "packages.miami_20_point.troop_cap=400:1000:300", "--trials", "500", "-q", "-o", dir); r.code != exitOK {
		t.Fatalf("sweep: exit %d: %s", r.code, r.stderr)
	}
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := cli(t, "run", "--trials", "500", "-q", "-o", dir, "--force"); r.code != exitOK {
		t.Fatalf("run --force: exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "sweep.csv")); !os.IsNotExist(err) {
		t.Errorf("the sweep's sweep.csv stayed beside the run's tables: %v", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("a file peacesim did not write was removed: %v", err)
	}
	if man := readManifest(t, dir); man.Sweep != nil || !slices.Contains(man.Files, "pathways.csv") {
		t.Errorf("manifest %+v: want the run's", man)
	}

	if err := os.WriteFile(filepath.Join(dir, ".peacesim.lock"), []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"run", "--trials", "500", "-q", "-o", dir, "--force"},
		{"sweep", "--vary", "packages.miami_20_point.troop_cap=400:1000:300", "--trials", "500", "-q", "-o", dir, "--force"},
	} {
		if r := cli(t, args...); r.code != exitUsage || !strings.Contains(r.stderr, "is being written by another peacesim") || !strings.Contains(r.stderr, "remove that file") {
			t.Errorf("%s into a claimed directory: exit %d, stderr %q", args[0], r.code, r.stderr)
		}
	}
}
