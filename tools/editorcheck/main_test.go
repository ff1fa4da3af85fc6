package main

import "testing"

// taploOutput is taplo check's output for two mistakes: an unknown key,
// marked on its table's header and on each key of the table, and a value
// of the wrong type; then a file it cannot read.
const taploOutput = ` INFO taplo:lint_files:collect_files: found files total=1 excluded=0 cwd="/x"
error: Additional properties are not allowed ('autor' was unexpected)
  ┌─ /x/a.toml:1:1
  │
1 │ ╭ [scenario]
2 │ │ id = "a"
3 │ │ autor = "b"
  │ ╰───────^ Additional properties are not allowed ('autor' was unexpected)

error: Additional properties are not allowed ('autor' was unexpected)
  ┌─ /x/a.toml:2:1
  │
2 │ id = "a"
  │ ^^ Additional properties are not allowed ('autor' was unexpected)

error: Additional properties are not allowed ('autor' was unexpected)
  ┌─ /x/a.toml:3:1
  │
3 │ autor = "b"
  │ ^^^^^ Additional properties are not allowed ('autor' was unexpected)

error: "many" is not of type "integer"
  ┌─ /x/a.toml:3:9
  │
3 │ trials = "many"
  │          ^^^^^^ "many" is not of type "integer"

ERROR taplo:lint_files: invalid file error=schema validation failed path="/x/a.toml"
ERROR taplo:lint_files: invalid file error=invalid utf-8 sequence of 1 bytes from index 0 path="/x/b.toml"
ERROR operation failed error=some files were not valid
`

func TestParseTaplo(t *testing.T) {
	marks := parseTaplo(taploOutput)
	want := []mark{
		{"/x/a.toml", "Additional properties are not allowed ('autor' was unexpected)", 1, 1, 1},
		{"/x/a.toml", "Additional properties are not allowed ('autor' was unexpected)", 2, 1, 1},
		{"/x/a.toml", "Additional properties are not allowed ('autor' was unexpected)", 3, 1, 1},
		{"/x/a.toml", `"many" is not of type "integer"`, 3, 9, 2},
		{"/x/b.toml", "invalid utf-8 sequence of 1 bytes from index 0", 0, 0, 3},
	}
	if len(marks) != len(want) {
		t.Fatalf("got %d marks, want %d: %+v", len(marks), len(want), marks)
	}
	for i := range want {
		if marks[i] != want[i] {
			t.Errorf("mark %d: got %+v, want %+v", i, marks[i], want[i])
		}
	}
}

// TestVerdict: a problem is caught by a mark at its line from its column
// on, about its value or naming its key; a table's message that names
// another key, or a mark past the next problem, does not catch it; a
// problem of no line is caught by a message naming its table.
func TestVerdict(t *testing.T) {
	marks := parseTaplo(taploOutput)
	for _, c := range []struct {
		d      diagnostic
		next   int
		msg    string
		caught bool
	}{
		{diagnostic{Line: 3, Column: 1, Key: "scenario.autor"}, 0, "Additional properties are not allowed ('autor' was unexpected)", true},
		{diagnostic{Line: 3, Column: 1, Key: "run.trials"}, 0, `"many" is not of type "integer"`, true},
		{diagnostic{Line: 3, Column: 1, Key: "run.trials"}, 5, "", false},
		{diagnostic{Line: 2, Column: 1, Key: "scenario.id"}, 0, "", false},
		{diagnostic{Line: 7, Column: 1, Key: "issues.a"}, 0, "", false},
		{diagnostic{Line: 0, Key: "many"}, 0, `"many" is not of type "integer"`, true},
		{diagnostic{Line: 0, Key: "issues"}, 0, "", false},
		{diagnostic{Line: 1, Column: 1}, 0, "invalid utf-8 sequence of 1 bytes from index 0", true},
	} {
		msg, ok := verdict(c.d, c.next, marks)
		if ok != c.caught || msg != c.msg {
			t.Errorf("%+v: got %q, %v; want %q, %v", c.d, msg, ok, c.msg, c.caught)
		}
	}
}

func TestLastKey(t *testing.T) {
	for path, want := range map[string]string{
		"parties.ukraine.stakes.nato.wieght": "wieght",
		"pathways[1].tracks[1]":              "tracks",
		"issues.\"a.b\"":                     "a.b",
		"timeline.marks.3":                   "3",
		"colour":                             "colour",
	} {
		if got := lastKey(path); got != want {
			t.Errorf("lastKey(%q) = %q, want %q", path, got, want)
		}
	}
}
