package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evidenceFile is a scenario with an acceptance and a pathway observed,
// the second of reliability 0.9 (docs/model.md#evidence).
const evidenceFile = "testdata/evidence.toml"

// withoutEvidence writes evidenceFile with its [[evidence]] cut off, and
// returns its path.
func withoutEvidence(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(evidenceFile)
	if err != nil {
		t.Fatal(err)
	}
	cut := strings.Index(string(src), "[[evidence]]")
	if cut < 0 {
		t.Fatal("testdata/evidence.toml has no [[evidence]]")
	}
	path := filepath.Join(t.TempDir(), "prior.toml")
	if err := os.WriteFile(path, src[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestEvidenceRun: a run with evidence says in one line how much of the
// prior it kept, writes posterior.csv and records the evidence in the
// manifest; --evidence none runs the prior, whose tables are those of the
// file without its evidence, byte for byte, hash included.
func TestEvidenceRun(t *testing.T) {
	dir := t.TempDir()
	r := cli(t, "run", evidenceFile, "--trials", "20000", "-o", filepath.Join(dir, "post"))
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "Conditioned on 2 observations: ") || !strings.Contains(r.stdout, "of the 20000 trials kept") {
		t.Errorf("stdout does not say what the evidence kept:\n%s", r.stdout)
	}
	post, err := os.ReadFile(filepath.Join(dir, "post", "posterior.csv"))
	if err != nil || !strings.Contains(string(post), "evidence,parties.ukraine.reservation,") {
		t.Fatalf("posterior.csv: %v\n%s", err, post)
	}
	var man struct {
		Scenarios []struct {
			Trials   int64
			Evidence *struct {
				Hash    string
				Prior   int64 `json:"prior_trials"`
				Kept    int64 `json:"kept_trials"`
				Entries []map[string]any
			}
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "post", "manifest.json"))
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	ev := man.Scenarios[0].Evidence
	if ev == nil || ev.Prior != 20000 || ev.Kept <= 0 || ev.Kept >= 20000 || len(ev.Entries) != 2 || !strings.HasPrefix(ev.Hash, "sha256:") ||
		man.Scenarios[0].Trials != 20000 {
		t.Errorf("the manifest records %+v", man.Scenarios[0])
	}

	prior := withoutEvidence(t)
	for _, out := range []struct{ name, file, flag string }{{"none", evidenceFile, "none"}, {"file", prior, ""}} {
		args := []string{"run", out.file, "--trials", "20000", "-q", "-o", filepath.Join(dir, out.name)}
		if out.flag != "" {
			args = append(args, "--evidence", out.flag)
		}
		if r := cli(t, args...); r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	for _, f := range []string{"pathways.csv", "acceptance.csv", "margins.csv", "timeline.csv"} {
		a, _ := os.ReadFile(filepath.Join(dir, "none", f))
		b, _ := os.ReadFile(filepath.Join(dir, "file", f))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s of --evidence none differs from the file's without evidence", f)
		}
		p, _ := os.ReadFile(filepath.Join(dir, "post", f))
		if string(p) == string(a) {
			t.Errorf("%s: the evidence changed nothing", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none", "posterior.csv")); err == nil {
		t.Error("a run without evidence wrote posterior.csv")
	}
	hash := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(dir, name, "manifest.json"))
		i := strings.Index(string(b), `"scenario_hash"`)
		return string(b[i : i+90])
	}
	if hash("none") != hash("file") || hash("none") == hash("post") {
		t.Errorf("hashes: --evidence none %s, the file without %s, with evidence %s", hash("none"), hash("file"), hash("post"))
	}
}

// TestEvidenceRefused: a bad --evidence, a study that cannot condition on
// evidence, and PRIM over weighed trials are usage errors (exit 2);
// evidence that no trial reproduces is a failure (exit 1) that writes
// nothing.
func TestEvidenceRefused(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"run", evidenceFile, "--evidence", "all"}, exitUsage, `--evidence takes "none"`},
		{[]string{"sensitivity", evidenceFile, "--trials", "2000"}, exitUsage, "sensitivity does not condition on evidence"},
		{[]string{"optimize", evidenceFile, "--target", "framework_agreement", "--package", "revised", "--objective", "nash", "--max-evals", "20",
			"--set", "issues.troop_cap.negotiable=[400, 1200]"}, exitUsage, "the study takes the trials evidence keeps, not trials it weighs"},
		{[]string{"bargain", evidenceFile, "--package", "revised", "--set", "issues.troop_cap.negotiable=[400, 1200]"}, exitUsage,
			"the study takes the trials evidence keeps, not trials it weighs"},
		{[]string{"discover", evidenceFile, "--trials", "5000", "--package", "revised", "--pathway", "framework_agreement"}, exitUsage, "the study takes the trials evidence keeps, not trials it weighs"},
		{[]string{"run", evidenceFile, "--trials", "5000", "-o", filepath.Join(dir, "none"),
			"--set", "evidence[0].accepted=true", "--set", "evidence[0].round=6", "--set", "evidence[1].reliability=1", "--set", "evidence[1].reached=true",
			"--set", "packages.us_28_point.troop_cap=0"}, exitFailure, "no trial reproduces the evidence"},
	} {
		r := cli(t, c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.says) {
			t.Errorf("%v: exit %d, want %d; stderr %q does not say %q", c.args, r.code, c.code, r.stderr, c.says)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none")); err == nil {
		t.Error("a run whose evidence no trial reproduces wrote its directory")
	}
	// Sensitivity runs on the prior; optimize's probabilities condition
	// on the evidence, weighed or not.
	if r := cli(t, "sensitivity", evidenceFile, "--trials", "2000", "--evidence", "none", "-q"); r.code != exitOK {
		t.Errorf("sensitivity --evidence none: exit %d: %s", r.code, r.stderr)
	}
	if r := cli(t, "bargain", evidenceFile, "--trials", "2000", "--package", "revised", "-q",
		"--set", "issues.troop_cap.negotiable=[400, 1200]", "--set", "evidence[1].reliability=1"); r.code != exitOK {
		t.Errorf("bargain with exact evidence: exit %d: %s", r.code, r.stderr)
	}
	if r := cli(t, "optimize", evidenceFile, "--trials", "2000", "--target", "framework_agreement", "--package", "revised", "--max-evals", "20", "-q",
		"--set", "issues.troop_cap.negotiable=[400, 1200]"); r.code != exitOK {
		t.Errorf("optimize with evidence: exit %d: %s", r.code, r.stderr)
	}
}

// TestEvidenceShards: the shards of a run with evidence merge to the
// whole run's directory, byte for byte, the manifest's kept and
// effective trials included.
func TestEvidenceShards(t *testing.T) {
	dir := t.TempDir()
	for i := range 3 {
		if r := cli(t, "run", evidenceFile, "--trials", "20000", "-q", "--shard", fmt.Sprintf("%d/3", i), "-o", filepath.Join(dir, "sh")); r.code != exitOK {
			t.Fatalf("shard %d: exit %d: %s", i, r.code, r.stderr)
		}
	}
	if r := cli(t, "merge", filepath.Join(dir, "sh"), "-o", filepath.Join(dir, "merged")); r.code != exitOK {
		t.Fatalf("merge: exit %d: %s", r.code, r.stderr)
	}
	if r := cli(t, "run", evidenceFile, "--trials", "20000", "-q", "-o", filepath.Join(dir, "whole")); r.code != exitOK {
		t.Fatalf("run: exit %d: %s", r.code, r.stderr)
	}
	files, _ := os.ReadDir(filepath.Join(dir, "whole"))
	for _, f := range files {
		a, _ := os.ReadFile(filepath.Join(dir, "whole", f.Name()))
		b, err := os.ReadFile(filepath.Join(dir, "merged", f.Name()))
		if err != nil || string(a) != string(b) {
			t.Errorf("%s of the merged shards differs from the whole run's (%v)", f.Name(), err)
		}
	}
}
