package scenarios

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaPath is the shipped schema, Schema()'s output.
var schemaPath = SchemaFile

// TestSchemaFileFresh holds scenarios/peacesim.schema.json, the file
// editors read, to Schema(): a change of the format that is not
// regenerated fails here. go test -update rewrites it.
func TestSchemaFileFresh(t *testing.T) {
	want := Schema()
	if *update {
		if err := os.WriteFile(schemaPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("scenarios/%s is stale: regenerate it with\n\tgo test ./scenarios -run TestSchemaFileFresh -update\nor\n\tpeacesim scenarios schema > scenarios/%s", SchemaFile, SchemaFile)
	}
	if !bytes.Equal(Schema(), want) {
		t.Error("Schema() differs from one call to the next")
	}
}

// TestSchemaDirectives: the embedded scenarios and the template begin with
// the directive that points an editor at the schema beside them.
func TestSchemaDirectives(t *testing.T) {
	files := map[string][]byte{"template": Template()}
	for _, e := range Library() {
		files[e.Name], _ = Lookup(e.Name)
	}
	for name, src := range files {
		if first, _, _ := strings.Cut(string(src), "\n"); first != SchemaDirective {
			t.Errorf("%s begins with %q, not %q", name, first, SchemaDirective)
		}
	}
}

// TestSchemaWordsFromTemplate holds every description of the format to
// the words of the init template: each is written in its comments
// (whitespace and the comment marks aside), so the hover text of an
// editor says what the template says.
func TestSchemaWordsFromTemplate(t *testing.T) {
	var comments []string
	for _, line := range strings.Split(string(Template()), "\n") {
		if _, c, ok := strings.Cut(line, "#"); ok {
			for _, w := range strings.Fields(c) {
				if w != "#" { // a comment's second column
					comments = append(comments, w)
				}
			}
		}
	}
	text := strings.Join(comments, " ")
	formats := map[string]tableFormat{
		"scenario": scenarioFormat, "run": runFormat, "issues": issueFormat, "stakes": stakeFormat,
		"red_lines": redLineFormat, "parties": partyFormat, "effects": effectFormat, "factors": factorFormat,
		"packages": packageFormat, "pathways": pathwayFormat, "timeline": timelineFormat,
		"evidence": evidenceFormat, "sweep": sweepFormat,
	}
	for name, f := range formats {
		docs := []string{f.doc}
		for _, fd := range f.fields {
			docs = append(docs, fd.doc)
		}
		if d, ok := f.extra["description"].(string); ok {
			docs = append(docs, d)
		}
		for _, d := range docs {
			if d = strings.Join(strings.Fields(d), " "); !strings.Contains(text, d) {
				t.Errorf("%s: the template's comments do not say %q", name, d)
			}
		}
	}
}

// compiledSchema is Schema() compiled by a JSON Schema validator of its
// own, for the agreement tests.
func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource("peacesim.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("peacesim.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// asJSON turns a decoded TOML value into the JSON value an editor's
// language server validates: arrays of tables become arrays, dates and
// times strings (a local date as YYYY-MM-DD), and nan and inf null, as
// taplo reads them.
func asJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = asJSON(x)
		}
		return out
	case []map[string]any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = asJSON(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = asJSON(x)
		}
		return out
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return json.Number(fmt.Sprint(v))
	case int64:
		return json.Number(fmt.Sprint(v))
	case time.Time:
		if v.Location().String() == tomlLocalDate {
			return v.Format(dateLayout)
		}
		return v.Format(time.RFC3339Nano)
	}
	return v
}

// agreementFile is a valid scenario file the mutations start from, with
// the resolver of its bases.
type agreementFile struct {
	name  string
	src   []byte
	bases BaseResolver
}

func agreementFiles(t *testing.T) []agreementFile {
	t.Helper()
	var files []agreementFile
	for _, pattern := range []string{"../docs/examples/*.toml", "testdata/*.toml", "testdata/variants/*.toml"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, agreementFile{name: p, src: src, bases: dirBases})
		}
	}
	files = append(files, agreementFile{name: "template", src: Template()})
	for _, e := range Library() {
		src, _ := Lookup(e.Name)
		files = append(files, agreementFile{name: e.Name, src: src})
	}
	return files
}

// mutant is a scenario file changed in one place: what was done, and the
// key path it was done at.
type mutant struct {
	what, path string
	root       map[string]any
}

// mutants changes root in every place: an unknown key added to each
// table, each key removed, and each value replaced by a value of each
// type of TOML; every one a fresh copy.
func mutants(root map[string]any) []mutant {
	var out []mutant
	others := []any{"zz", int64(7), -1.5, true, []any{}, map[string]any{}}
	var walk func(path []any)
	walk = func(path []any) {
		v := getAt(root, path)
		switch v := v.(type) {
		case map[string]any:
			out = append(out, mutant{"unknown key zz_unknown", keyOf(path), setAt(root, append(slices.Clone(path), "zz_unknown"), int64(1))})
			keys := slicesSorted(v)
			for _, k := range keys {
				p := append(slices.Clone(path), k)
				out = append(out, mutant{"key removed", keyOf(p), setAt(root, p, nil)})
				walk(p)
			}
		case []map[string]any:
			for i := range v {
				walk(append(slices.Clone(path), i))
			}
		case []any:
			for i := range v {
				walk(append(slices.Clone(path), i))
			}
		}
		if len(path) > 0 {
			for _, x := range others {
				out = append(out, mutant{fmt.Sprintf("value replaced by %s", describe(x)), keyOf(path), setAt(root, path, x)})
			}
		}
	}
	walk(nil)
	return out
}

func slicesSorted(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// keyOf writes a path of keys and indices as a key path.
func keyOf(path []any) string {
	s := ""
	for _, p := range path {
		switch p := p.(type) {
		case string:
			s = joinKey(s, p)
		case int:
			s = indexKey(s, p)
		}
	}
	return s
}

func getAt(v any, path []any) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p.(string)]
		case []map[string]any:
			v = x[p.(int)]
		case []any:
			v = x[p.(int)]
		}
	}
	return v
}

// setAt returns a deep copy of root with the value at path set to v, or
// removed when v is nil.
func setAt(root map[string]any, path []any, v any) map[string]any {
	c := deepCopy(root).(map[string]any)
	var parent any = c
	for _, p := range path[:len(path)-1] {
		parent = getAt(parent, []any{p})
	}
	last := path[len(path)-1]
	switch x := parent.(type) {
	case map[string]any:
		if v == nil {
			delete(x, last.(string))
		} else {
			x[last.(string)] = v
		}
	case []map[string]any:
		if m, ok := v.(map[string]any); ok {
			x[last.(int)] = m
		} else if v != nil {
			// An element of an array of tables that is no table: the array
			// becomes one of values.
			arr := make([]any, len(x))
			for i := range x {
				arr[i] = x[i]
			}
			arr[last.(int)] = v
			setParent(c, path[:len(path)-1], arr)
		}
	case []any:
		if v != nil {
			x[last.(int)] = v
		}
	}
	return c
}

func setParent(root map[string]any, path []any, v any) {
	parent := getAt(root, path[:len(path)-1])
	switch x := parent.(type) {
	case map[string]any:
		x[path[len(path)-1].(string)] = v
	case []map[string]any:
		x[path[len(path)-1].(int)] = v.(map[string]any)
	case []any:
		x[path[len(path)-1].(int)] = v
	}
}

// deepCopy copies a decoded TOML tree.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(v))
		for k, x := range v {
			c[k] = deepCopy(x)
		}
		return c
	case []map[string]any:
		c := make([]map[string]any, len(v))
		for i, x := range v {
			c[i] = deepCopy(x).(map[string]any)
		}
		return c
	case []any:
		c := make([]any, len(v))
		for i, x := range v {
			c[i] = deepCopy(x)
		}
		return c
	}
	return v
}

// encodeTOML writes a decoded tree back as a file (the decoder's dates
// keep their kind: a local date is written as one).
func encodeTOML(t *testing.T, root map[string]any) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(root); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The messages of the problems the schema claims to catch, by the start
// of their text: an unknown key, a missing one, a value of the wrong type.
var schemaCatches = []string{
	"unknown key", "missing:",
	"must be a string,", "must be true or false", "must be a table,", "must be an array", "must be a whole number",
	"must be a number,", "must be a number or a distribution", "must be a plain number",
}

// allMutants checks every mutant of every file; without it, go test
// checks one mutant of each kind of each key of each kind of table, in
// the first file that has it (see sample), and none of the default
// scenario's, whose tables the others have, to keep go test quick.
var allMutants = flag.Bool("all-mutants", false, "check every mutant of every file in TestSchemaAgreesWithLoader")

// sample keeps every mutant when all is set, and otherwise the first of
// each change of each shape of key path (see shapeOf) not in seen, which
// it adds them to.
func sample(ms []mutant, all bool, seen map[string]bool) []mutant {
	if all {
		return ms
	}
	var out []mutant
	for _, m := range ms {
		if k := m.what + " " + shapeOf(m.path); !seen[k] {
			seen[k] = true
			out = append(out, m)
		}
	}
	return out
}

// idTables are the tables whose keys are ids or other names of the file.
var idTables = []string{"issues", "parties", "factors", "packages", "stakes", "marks", scheduleKey, "values", "reservation", overridesKey}

// shapeOf is a key path with its ids and indices elided,
// parties.*.red_lines[].weight: the same key of every table of its kind.
func shapeOf(path string) string {
	segs, _ := parseKeyPath(path)
	var b strings.Builder
	for i, s := range segs {
		switch {
		case s.isIndex:
			b.WriteString("[]")
		case i > 0 && !segs[i-1].isIndex && slices.Contains(idTables, segs[i-1].key):
			b.WriteString(".*")
		default:
			if i > 0 {
				b.WriteString(".")
			}
			b.WriteString(s.key)
		}
	}
	return b.String()
}

// typedByOthers says whether the value at a key path takes its type from
// another table of the file, which a schema cannot see: a package's value
// of an issue (a number, a level or a bool by the issue's kind) and a
// variant's overrides (typed by the key path they name in the base).
func typedByOthers(path string) bool {
	if strings.HasPrefix(path, overridesKey) {
		return true
	}
	segs, _ := parseKeyPath(path)
	return len(segs) >= 3 && segs[0].key == "packages" && !slices.Contains([]string{labelKey, extendsKey, scheduleKey}, segs[2].key)
}

// mutantsDir, when set, is where TestSchemaAgreesWithLoader writes the
// mutants it checks, each as a file, with expect.tsv saying what an
// editor must make of each (see writeMutant): make test-editor checks
// them with taplo, the real client, as this test does with a validator of
// its own.
var mutantsDir = flag.String("mutants-dir", "", "write the mutants of TestSchemaAgreesWithLoader and what an editor must say of each to this directory")

// writeMutant writes mutant k, src, to mutantsDir and its line of
// expect.tsv: "valid" when the loader accepts it (an editor must mark
// nothing), "caught" when the loader reports a problem the schema claims
// to catch (schemaCatches; an editor must mark something), else "either".
func writeMutant(t *testing.T, expect *strings.Builder, k int, name string, m mutant, src []byte, lerr error, caught bool) {
	t.Helper()
	file := fmt.Sprintf("mutant-%04d.toml", k)
	if err := os.WriteFile(filepath.Join(*mutantsDir, file), src, 0o644); err != nil {
		t.Fatal(err)
	}
	verdict := "either"
	switch {
	case lerr == nil:
		verdict = "valid"
	case caught:
		verdict = "caught"
	}
	fmt.Fprintf(expect, "%s\t%s\t%s, %s at %s\n", file, verdict, name, m.what, m.path)
}

// caughtBySchema is the problem of ps that the schema claims to catch
// (schemaCatches) at a mutant's key path of a type no other table decides
// (typedByOthers), or nil.
func caughtBySchema(m mutant, ps Problems) *Problem {
	if typedByOthers(m.path) {
		return nil
	}
	for i, p := range ps {
		for _, c := range schemaCatches {
			if strings.HasPrefix(p.Msg, c) {
				return &ps[i]
			}
		}
	}
	return nil
}

// TestSchemaAgreesWithLoader checks the schema against the loader on
// every valid file of the repository and on each of its mutants — an
// unknown key in every table, every key removed, every value replaced by
// one of each type: the schema never refuses a file the loader accepts
// (an editor never marks a good file wrong), and whenever the loader
// reports an unknown key, a missing key or a value of the wrong type
// (schemaCatches), the schema refuses the file too.
func TestSchemaAgreesWithLoader(t *testing.T) {
	s := compiledSchema(t)
	checked := 0
	seen := map[string]bool{}  // the shapes of the mutants checked
	var expect strings.Builder // expect.tsv, with -mutants-dir
	for _, f := range agreementFiles(t) {
		var root map[string]any
		if _, err := toml.Decode(string(f.src), &root); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if err := s.Validate(asJSON(root)); err != nil {
			t.Errorf("%s: the schema refuses a file the loader accepts: %v", f.name, err)
			continue
		}
		if f.name == Default && !*allMutants {
			continue
		}
		ms := sample(mutants(root), *allMutants, seen)
		for _, m := range ms {
			checked++
			src := encodeTOML(t, m.root)
			var opts []Option
			if f.bases != nil {
				opts = append(opts, Bases(f.bases))
			}
			_, lerr := Load(filepath.Base(f.name), src, opts...)
			var back map[string]any
			if _, err := toml.Decode(string(src), &back); err != nil {
				t.Fatalf("%s, %s at %s: the mutant does not decode: %v", f.name, m.what, m.path, err)
			}
			serr := s.Validate(asJSON(back))
			var ps Problems
			errors.As(lerr, &ps)
			caught := caughtBySchema(m, ps)
			if *mutantsDir != "" {
				writeMutant(t, &expect, checked, f.name, m, src, lerr, caught != nil)
			}
			switch {
			case serr != nil && lerr == nil:
				t.Errorf("%s, %s at %s: the schema refuses what the loader accepts:\n%v", f.name, m.what, m.path, serr)
			case serr == nil && caught != nil:
				t.Errorf("%s, %s at %s: the loader says %v; the schema accepts it", f.name, m.what, m.path, caught)
			}
		}
	}
	if *mutantsDir != "" {
		if err := os.WriteFile(filepath.Join(*mutantsDir, "expect.tsv"), []byte(expect.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d mutants checked", checked)
	if checked < 500 { // every kind of key of every kind of table is well over that
		t.Errorf("only %d mutants checked", checked)
	}
}
