package results

import (
	"regexp"
	"runtime"
	"testing"
)

func TestNewManifest(t *testing.T) {
	m, r := fixture()
	man := NewManifest("v1.2.3")
	sr := NewScenarioRun(m, r, "fixture.toml")
	if man.Tool != "peacesim" || man.Version != "v1.2.3" || man.GoVersion != runtime.Version() || len(man.Scenarios) != 0 {
		t.Errorf("manifest = %+v", man)
	}
	if sr.Scenario != "fixture" || sr.File != "fixture.toml" || sr.Seed != r.Seed || sr.Trials != r.Trials ||
		sr.Overrides == nil || sr.Packages == nil {
		t.Errorf("scenario run = %+v", sr)
	}
	if sr.ScenarioHash != ScenarioHash(m) {
		t.Errorf("scenario_hash = %s, want %s", sr.ScenarioHash, ScenarioHash(m))
	}
	// Test binaries may or may not carry module information.
	if ok, _ := regexp.MatchString(`^(unknown|v\d+\.\d+\.\d+.*)$`, man.GonumVersion); !ok {
		t.Errorf("gonum_version = %q", man.GonumVersion)
	}
	if man.Files == nil || len(man.Files) != 0 {
		t.Errorf("files = %#v, want empty", man.Files)
	}
}

func TestScenarioHash(t *testing.T) {
	m, _ := fixture()
	h := ScenarioHash(m)
	if ok, _ := regexp.MatchString(`^sha256:[0-9a-f]{64}$`, h); !ok {
		t.Fatalf("hash %q is not sha256:<64 hex digits>", h)
	}
	m2, _ := fixture()
	if got := ScenarioHash(m2); got != h {
		t.Errorf("equal models hash differently: %s, %s", got, h)
	}
	m2.Packages[1].Values[0] = 801
	if ScenarioHash(m2) == h {
		t.Error("changing a package value does not change the hash")
	}
	m2, _ = fixture()
	m2.Params[5].Dist.P[1] = 601
	if ScenarioHash(m2) == h {
		t.Error("changing a red-line threshold does not change the hash")
	}
	// A non-finite number cannot be JSON-encoded; the hash must still be
	// defined and deterministic rather than an error after a finished run.
	m2.Issues[0].Hi = posInf()
	if a, b := ScenarioHash(m2), ScenarioHash(m2); a != b || a == h {
		t.Errorf("hash of a model with +Inf: %s, %s", a, b)
	}
}
