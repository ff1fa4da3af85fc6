package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
)

func TestScenariosShow(t *testing.T) {
	want, ok := scenarios.Lookup(scenarios.Default)
	if !ok {
		t.Fatalf("default scenario %s is not embedded", scenarios.Default)
	}
	r := cli(t, "scenarios", "show", scenarios.Default)
	if r.code != exitOK || r.stdout != string(want) {
		t.Errorf("exit %d; stdout is not the embedded source unchanged", r.code)
	}
}

func TestScenariosWithoutSubcommandLists(t *testing.T) {
	list, bare := cli(t, "scenarios", "list"), cli(t, "scenarios")
	if bare.code != exitOK || bare.stdout != list.stdout {
		t.Errorf("peacesim scenarios: exit %d, stdout %q; want the list", bare.code, bare.stdout)
	}
	if !strings.Contains(list.stdout, scenarios.Default) {
		t.Errorf("list does not name the default scenario:\n%s", list.stdout)
	}
}

func TestScenariosListNames(t *testing.T) {
	r := cli(t, "scenarios", "list", "--names")
	want := strings.Join(scenarioNames(), "\n") + "\n"
	if r.code != exitOK || r.stdout != want {
		t.Errorf("exit %d, stdout %q; want %q", r.code, r.stdout, want)
	}
	if !strings.Contains(r.stdout, scenarios.Default+"\n") {
		t.Errorf("--names lacks the default scenario: %q", r.stdout)
	}
}

// TestScenariosInit: the template is written whole, with next steps on
// stderr; a second init refuses to overwrite without --force.
func TestScenariosInit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "study.toml")

	r := cli(t, "scenarios", "init", path)
	if r.code != exitOK {
		t.Fatalf("first init: exit %d: %s", r.code, r.stderr)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, scenarios.Template()) {
		t.Fatalf("%s does not hold the template (err %v)", path, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want empty", r.stdout)
	}
	for _, step := range []string{"peacesim validate " + path, "peacesim run " + path} {
		if !strings.Contains(r.stderr, step) {
			t.Errorf("next steps lack %q:\n%s", step, r.stderr)
		}
	}

	edited := []byte("# my edits\n")
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := cli(t, "scenarios", "init", path); r.code != exitUsage {
		t.Errorf("second init: exit %d, want %d", r.code, exitUsage)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, edited) {
		t.Error("second init without --force changed the file")
	}
	if r := cli(t, "scenarios", "init", "--force", path); r.code != exitOK {
		t.Errorf("init --force: exit %d: %s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, scenarios.Template()) {
		t.Error("init --force did not rewrite the file")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d entries in %s, want 2, the scenario and its schema: a temporary file was left behind", len(entries), dir)
	}
}

// TestScenariosInitSchema: init writes the schema the template's first
// line names beside it, keeps one a user has (saying so) unless --force,
// and leaves this peacesim's own alone.
func TestScenariosInitSchema(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "study.toml")
	schema := filepath.Join(dir, scenarios.SchemaFile)
	if r := cli(t, "scenarios", "init", path); r.code != exitOK {
		t.Fatalf("init: exit %d: %s", r.code, r.stderr)
	}
	if first, _, _ := strings.Cut(string(scenarios.Template()), "\n"); first != "#:schema ./"+scenarios.SchemaFile {
		t.Fatalf("the template begins %q, which names no schema beside it", first)
	}
	if b, err := os.ReadFile(schema); err != nil || !bytes.Equal(b, scenarios.Schema()) {
		t.Fatalf("%s is not the schema (err %v)", schema, err)
	}

	other := filepath.Join(dir, "other.toml")
	if r := cli(t, "scenarios", "init", other); r.code != exitOK || strings.Contains(r.stderr, scenarios.SchemaFile) {
		t.Errorf("init beside this peacesim's schema: exit %d, stderr:\n%s", r.code, r.stderr)
	}

	old := []byte(`{"title": "an older schema"}`)
	if err := os.WriteFile(schema, old, 0o644); err != nil {
		t.Fatal(err)
	}
	third := filepath.Join(dir, "third.toml")
	r := cli(t, "scenarios", "init", third)
	if b, _ := os.ReadFile(schema); r.code != exitOK || !bytes.Equal(b, old) {
		t.Errorf("init without --force changed the schema a user has (exit %d)", r.code)
	}
	if !strings.Contains(r.stderr, "kept "+schema) || !strings.Contains(r.stderr, "peacesim scenarios schema > "+schema) {
		t.Errorf("init does not say it kept the schema and how to refresh it:\n%s", r.stderr)
	}
	if r := cli(t, "scenarios", "init", "--force", third); r.code != exitOK {
		t.Fatalf("init --force: exit %d: %s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(schema); !bytes.Equal(b, scenarios.Schema()) {
		t.Error("init --force did not bring the schema up to date")
	}
}

// TestScenariosSchema: the command prints the schema, the very bytes of
// the file the repository ships beside the scenarios.
func TestScenariosSchema(t *testing.T) {
	r := cli(t, "scenarios", "schema")
	if r.code != exitOK || r.stdout != string(scenarios.Schema()) {
		t.Fatalf("scenarios schema: exit %d; stdout is not the schema", r.code)
	}
	shipped, err := os.ReadFile(filepath.Join("..", "..", "scenarios", scenarios.SchemaFile))
	if err != nil || r.stdout != string(shipped) {
		t.Errorf("scenarios schema differs from scenarios/%s (err %v)", scenarios.SchemaFile, err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc["$schema"] != "http://json-schema.org/draft-07/schema#" {
		t.Errorf("not a draft-07 JSON Schema (err %v)", err)
	}
	if r := cli(t, "scenarios", "schema", "extra"); r.code != exitUsage {
		t.Errorf("scenarios schema extra: exit %d, want %d", r.code, exitUsage)
	}
}

// TestScenariosInitNotWritable: init into a directory that refuses new
// files is exit 2 with the message run -o gives there, not a raw error of
// the temporary file. (/proc refuses them even to root.)
func TestScenariosInitNotWritable(t *testing.T) {
	if _, err := os.Stat("/proc"); err != nil {
		t.Skip(err)
	}
	r := cli(t, "scenarios", "init", "/proc/peacesim-scenario.toml")
	want := "peacesim: /proc/peacesim-scenario.toml: cannot write there: /proc refuses a new file ("
	if r.code != exitUsage || !strings.HasPrefix(r.stderr, want) {
		t.Errorf("exit %d, stderr %q; want %d and %q…", r.code, r.stderr, exitUsage, want)
	}
}

// TestScenariosInitMakesNoDirectories: init writes the file it is asked
// for, in a directory that exists; it creates no directory the user did
// not ask for.
func TestScenariosInitMakesNoDirectories(t *testing.T) {
	dir := t.TempDir()
	r := cli(t, "scenarios", "init", filepath.Join(dir, "no", "such", "x.toml"))
	if r.code != exitUsage || !strings.Contains(r.stderr, "there is no directory") {
		t.Errorf("exit %d, stderr %q; want 2 and a missing directory", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); !os.IsNotExist(err) {
		t.Errorf("init created a directory: %v", err)
	}
}

// TestTemplateValidates: the file init writes passes validate as it is.
func TestTemplateValidates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scenario.toml")
	if r := cli(t, "scenarios", "init", path); r.code != exitOK {
		t.Fatalf("init: exit %d: %s", r.code, r.stderr)
	}
	if r := cli(t, "validate", path); r.code != exitOK {
		t.Errorf("validate of the template: exit %d:\n%s", r.code, r.stderr)
	}
}

func TestScenariosInitDefaultPath(t *testing.T) {
	t.Chdir(t.TempDir())
	if r := cli(t, "scenarios", "init"); r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(defaultInitPath); err != nil {
		t.Error(err)
	}
}

func TestScenariosInitToStdout(t *testing.T) {
	t.Chdir(t.TempDir())
	r := cli(t, "scenarios", "init", "-")
	if r.code != exitOK || r.stdout != string(scenarios.Template()) {
		t.Errorf("init -: exit %d; stdout is not the template", r.code)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`init - wrote a file named "-"`)
	}
}

func TestScenariosShowSuggestsAFullName(t *testing.T) {
	short := strings.SplitN(scenarios.Default, "-", 2)[0] // "miami"
	r := cli(t, "scenarios", "show", short)
	if want := "did you mean " + scenarios.Default + "?"; r.code != exitUsage || !strings.Contains(r.stderr, want) {
		t.Errorf("show %s: exit %d, stderr %q; want %d and %q", short, r.code, r.stderr, exitUsage, want)
	}
}
