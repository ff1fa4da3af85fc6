package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
)

// TestValidateJSON: --format json writes one diagnostic per problem and
// per warning, each with every field, in the text output's order and
// words; nothing on stderr; exit 2 on a problem, 0 with warnings alone.
func TestValidateJSON(t *testing.T) {
	files := []string{"testdata/good.toml", "testdata/bad.toml", "testdata/missing.toml"}
	text := cli(t, append([]string{"validate"}, files...)...)
	r := cli(t, append([]string{"validate", "--format", "json"}, files...)...)
	if r.code != exitUsage || text.code != exitUsage {
		t.Fatalf("exit %d (text %d), want %d", r.code, text.code, exitUsage)
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q, want empty: the problems are on stdout", r.stderr)
	}
	var doc struct {
		Diagnostics []map[string]any `json:"diagnostics"`
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("stdout is not the document: %v\n%s", err, r.stdout)
	}
	fields := []string{"file", "line", "column", "key", "message", "severity", "suggestion"}
	var lines []string
	for _, d := range doc.Diagnostics {
		var keys []string
		for k := range d {
			keys = append(keys, k)
		}
		if len(keys) != len(fields) {
			t.Errorf("diagnostic has %v, want exactly %v", keys, fields)
		}
		p := scenarios.Problem{File: d["file"].(string), Line: int(d["line"].(float64)), Col: int(d["column"].(float64)), Key: d["key"].(string), Msg: d["message"].(string)}
		if d["severity"] != scenarios.SeverityError {
			t.Errorf("severity %v for a problem", d["severity"])
		}
		lines = append(lines, p.Error())
	}
	if got, want := strings.Join(lines, "\n")+"\n", text.stderr; got != want {
		t.Errorf("the diagnostics are not the text output's problems:\n--- json ---\n%s--- text ---\n%s", got, want)
	}
	var suggested bool
	for _, d := range doc.Diagnostics {
		suggested = suggested || d["suggestion"] != ""
	}
	if !suggested {
		t.Error("no diagnostic carries a suggestion; testdata/bad.toml has a did-you-mean")
	}

	// Warnings alone: exit 0, each a warning. A factor that steps in a
	// scenario of one round, with no effects, changes nothing, twice.
	path := filepath.Join(t.TempDir(), "drift.toml")
	src := string(scenarios.Template()) + "\n[factors.drift]\nvalue = 0\nstep = \"normal(0, 0.1)\"\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r = cli(t, "validate", "--format", "json", path)
	doc.Diagnostics = nil
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != exitOK || r.stderr != "" {
		t.Fatalf("exit %d, %v:\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if len(doc.Diagnostics) != 2 {
		t.Errorf("%d diagnostics, want the 2 warnings", len(doc.Diagnostics))
	}
	for _, d := range doc.Diagnostics {
		if d["severity"] != scenarios.SeverityWarning {
			t.Errorf("a valid file's diagnostic is %v, want a warning", d["severity"])
		}
	}

	// A good file: an empty list, not null.
	r = cli(t, "validate", "--format", "json", "testdata/good.toml")
	if r.code != exitOK || strings.TrimSpace(r.stdout) != "{\n  \"diagnostics\": []\n}" {
		t.Errorf("exit %d, stdout %q", r.code, r.stdout)
	}
	if r := cli(t, "validate", "--format", "yaml", "testdata/good.toml"); r.code != exitUsage {
		t.Errorf("--format yaml: exit %d, want %d", r.code, exitUsage)
	}
}

// TestDiagnosticShape holds the JSON of a diagnostic to its documented
// shape (docs/editor.md#diagnostics): the names and types of its
// fields, which editors and CI scripts rely on.
func TestDiagnosticShape(t *testing.T) {
	b, err := json.Marshal(scenarios.Diagnostic{File: "f.toml", Line: 3, Column: 1, Key: "a.b", Message: "m", Severity: "error", Suggestion: "s"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"file":"f.toml","line":3,"column":1,"key":"a.b","message":"m","severity":"error","suggestion":"s"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	if n := reflect.TypeOf(scenarios.Diagnostic{}).NumField(); n != 7 {
		t.Errorf("%d fields: a field added is a change of the documented shape", n)
	}
}
