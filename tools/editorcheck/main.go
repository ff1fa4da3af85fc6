// Command editorcheck holds the scenario format's JSON Schema to peacesim
// validate through taplo, the TOML language server editors run (make
// test-editor, scripts/test-editor.sh). Two checks:
//
//	editorcheck corpus -taplo BIN -peacesim BIN -schema URL -golden FILE [-update] FILE...
//
// runs peacesim validate --format json and taplo check on each file of
// the bad-input corpus, and says of every problem validate reports
// whether taplo marks the same line ("taplo:", with its message: an
// editor shows it as you type) or not ("validate only"); the list is compared with the golden file, which
// -update rewrites, so that what the schema catches is reviewed as it
// changes. And
//
//	editorcheck mutants -taplo BIN -schema URL DIR
//
// runs taplo on the mutants go test ./scenarios -mutants-dir DIR wrote,
// and checks taplo marks nothing in each file the loader accepts and
// something in each of which the loader reports what the schema claims to
// catch (DIR/expect.tsv).
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: editorcheck corpus|mutants …")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "corpus":
		err = corpus(os.Args[2:], os.Stdout)
	case "mutants":
		err = mutants(os.Args[2:], os.Stdout)
	default:
		err = fmt.Errorf("unknown check %q: corpus or mutants", os.Args[1])
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "editorcheck: FAIL: %v\n", err)
		os.Exit(1)
	}
}

// mark is one error taplo reports: its message and where it points. A
// message about a table is marked on the table's header and on each of
// its keys, one mark each.
type mark struct {
	file, msg string
	line, col int
	// group numbers the error the mark is of: taplo prints the marks of
	// one error one after the other, each with the error's message.
	group int
}

var (
	errorLine = regexp.MustCompile(`^error: (.*)$`)
	spanLine  = regexp.MustCompile(`┌─ (.*):(\d+):(\d+)$`)
	// A file taplo cannot read at all, such as one that is not UTF-8.
	invalidFile = regexp.MustCompile(`ERROR taplo:lint_files: invalid file error=(.*) path="(.*)"$`)
)

// parseTaplo reads the marks of taplo check's output (--colors never).
func parseTaplo(out string) []mark {
	var marks []mark
	msg, group := "", 0
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimRight(line, "\r")
		if m := errorLine.FindStringSubmatch(line); m != nil {
			if m[1] != msg {
				group++
			}
			msg = m[1]
			continue
		}
		if m := spanLine.FindStringSubmatch(line); m != nil && msg != "" {
			l, _ := strconv.Atoi(m[2])
			c, _ := strconv.Atoi(m[3])
			marks = append(marks, mark{file: m[1], msg: msg, line: l, col: c, group: group})
			continue
		}
		if m := invalidFile.FindStringSubmatch(line); m != nil && m[1] != "schema validation failed" {
			group++
			marks = append(marks, mark{file: m[2], msg: m[1], group: group})
		}
	}
	return marks
}

// taplo runs taplo check with the schema on files and returns its marks,
// or an error when it ends without reporting (a crash).
func taplo(bin, schema string, files ...string) ([]mark, string, error) {
	args := append([]string{"check", "--no-auto-config", "--colors", "never", "--schema", schema}, files...)
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	marks := parseTaplo(out.String())
	var exit *exec.ExitError
	switch {
	case err == nil:
		return marks, out.String(), nil
	case errors.As(err, &exit) && strings.Contains(out.String(), "operation failed error=some files were not valid"):
		return marks, out.String(), nil
	}
	return marks, out.String(), fmt.Errorf("taplo check %s: %v", strings.Join(files, " "), err)
}

// diagnostic is one problem of peacesim validate --format json.
type diagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Key      string `json:"key"`
	Message  string `json:"message"`
	Severity string `json:"severity"`
}

func validate(bin, file string) ([]diagnostic, error) {
	cmd := exec.Command(bin, "validate", "--format", "json", file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run() // exit 2 on problems: the document says which
	var doc struct {
		Diagnostics []diagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		return nil, fmt.Errorf("peacesim validate --format json %s: %v\n%s", file, err, stderr.String())
	}
	return doc.Diagnostics, nil
}

// lastKey is the last key of a key path, without its quotes or indices.
func lastKey(path string) string {
	for strings.HasSuffix(path, "]") {
		i := strings.LastIndex(path, "[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	if strings.HasSuffix(path, `"`) {
		if i := strings.LastIndex(path[:len(path)-1], `"`); i >= 0 {
			return path[i+1 : len(path)-1]
		}
	}
	return path[strings.LastIndex(path, ".")+1:]
}

// firstKey is the first key of a key path.
func firstKey(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

// objectLevel says whether a message of taplo's is about a table rather
// than a value: it is then marked on the table's header (or its opening
// brace) and on each of its keys, and says something only of the key it
// names. Such are the messages of required and unknown keys and of the
// rules that tie keys together, a "not" marked more than once (the one
// of an id, propertyNames, is marked on every key of the table), and any
// message marked on more than one line.
func objectLevel(e mark, marks []mark) bool {
	for _, s := range []string{"is a required property", "Additional properties", "valid under more than one"} {
		if strings.Contains(e.msg, s) {
			return true
		}
	}
	n, lines, onLine := 0, map[int]bool{}, 0
	for _, m := range marks {
		if m.group == e.group {
			n++
			lines[m.line] = true
			if m.line == e.line {
				onLine++
			}
		}
	}
	if onLine == 1 && e.col > 1 {
		// Alone on its line and not at its start: a value's own mark, as
		// a table's error marks the key and the value of each entry, and
		// a header at its start. (Two errors of one message, one after
		// the other, read as one.)
		return false
	}
	return len(lines) > 1 || strings.Contains(e.msg, " is not allowed for ") && n > 1
}

// first is the first mark of e's error.
func first(e mark, marks []mark) mark {
	for _, m := range marks {
		if m.group == e.group {
			return m
		}
	}
	return mark{}
}

// names says whether a message names key, quoted as taplo quotes names.
func names(msg, key string) bool {
	return strings.Contains(msg, "'"+key+"'") || strings.Contains(msg, strconv.Quote(key))
}

// verdict says whether taplo's marks of a file catch a problem validate
// reports, d, and with which message. A problem of a value is caught by a
// mark on its line between its column and next, the column of the next
// problem on the line (0: none): a message about the value, one about a
// table that names the problem's key, or one about the table whose header
// is where the problem is. A problem of the whole file (no
// key: not TOML, nested too deep) is caught by any mark on its line or of
// the whole file; a problem of no line, by a message naming its table.
//
// Of several marks that catch it, the one naming its key is taken, else
// the message taplo marks least often (a table's message is marked on
// each of its keys; a value's, on the value).
func verdict(d diagnostic, next int, marks []mark) (string, bool) {
	key := lastKey(d.Key)
	all := marks
	count := map[string]int{}
	for _, m := range marks {
		count[m.msg]++
	}
	marks = slices.Clone(marks)
	slices.SortStableFunc(marks, func(a, b mark) int {
		an, bn := names(a.msg, key), names(b.msg, key)
		switch {
		case an && !bn:
			return -1
		case bn && !an:
			return 1
		}
		return count[a.msg] - count[b.msg]
	})
	for _, m := range marks {
		switch {
		case d.Line == 0 && d.Key != "":
			if k := firstKey(d.Key); k != "" && names(m.msg, k) {
				return m.msg, true
			}
		case d.Key == "":
			if m.line == d.Line || m.line == 0 {
				return m.msg, true
			}
		case m.line == d.Line && m.col >= d.Column && (next == 0 || m.col < next):
			if names(m.msg, key) || !objectLevel(m, all) || first(m, all) == m && m.col == d.Column {
				return m.msg, true
			}
		}
	}
	return "", false
}

// nextColumns gives each problem of ds the column of the next problem on
// its line, 0 for the last.
func nextColumns(ds []diagnostic) []int {
	next := make([]int, len(ds))
	for i, d := range ds {
		for _, e := range ds {
			if e.Line == d.Line && e.Column > d.Column && (next[i] == 0 || e.Column < next[i]) {
				next[i] = e.Column
			}
		}
	}
	return next
}

// corpus runs the corpus check.
func corpus(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	taploBin := fs.String("taplo", "taplo", "the taplo command")
	peacesim := fs.String("peacesim", "peacesim", "the peacesim command")
	schema := fs.String("schema", "", "the schema's URL")
	golden := fs.String("golden", "", "the golden list")
	update := fs.Bool("update", false, "rewrite the golden list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var b strings.Builder
	caught, only := 0, 0
	marksOf, crashes := taploEach(*taploBin, *schema, fs.Args())
	for _, file := range fs.Args() {
		ds, err := validate(*peacesim, file)
		if err != nil {
			return err
		}
		marks, crash := marksOf[file], crashes[file]
		name := filepath.Base(file)
		next := nextColumns(ds)
		for i, d := range ds {
			if d.Severity != "error" {
				continue
			}
			where := fmt.Sprintf("%s:%d %s", name, d.Line, d.Key)
			msg, ok := verdict(d, next[i], marks)
			switch {
			case crash != "":
				only++
				fmt.Fprintf(&b, "%s: validate only (taplo crashes: %s)\n", where, crash)
			case ok:
				caught++
				fmt.Fprintf(&b, "%s: taplo: %s\n", where, msg)
			default:
				only++
				fmt.Fprintf(&b, "%s: validate only: %s\n", where, d.Message)
			}
		}
	}
	got := b.String()
	fmt.Fprintf(w, "editorcheck: %d problems of %d files: taplo marks %d at validate's line, %d only validate reports\n", caught+only, len(fs.Args()), caught, only)
	if *update {
		return os.WriteFile(*golden, []byte(got), 0o644)
	}
	want, err := os.ReadFile(*golden)
	if err != nil {
		return err
	}
	if got != string(want) {
		return fmt.Errorf("what the schema catches differs from %s (UPDATE=1 make test-editor rewrites it; review the diff):\n%s", *golden, diff(string(want), got))
	}
	fmt.Fprintf(w, "editorcheck: PASS: the corpus as %s says\n", *golden)
	return nil
}

// taploEach runs taplo on files, all at once, as one start of taplo takes
// seconds, and returns the marks of each file, by its path as given. taplo
// ends without a word on some inputs (a stack overflow on deep nesting),
// taking every other file's marks with it: then each half is run on its
// own, down to the files that crash it, whose crash is returned, which is
// a result too — validate reports those files as a problem.
func taploEach(bin, schema string, files []string) (map[string][]mark, map[string]string) {
	marksOf, crashes := map[string][]mark{}, map[string]string{}
	var run func(files []string)
	run = func(files []string) {
		marks, out, err := taplo(bin, schema, files...)
		switch {
		case err == nil:
			for _, m := range marks {
				for _, f := range files {
					if filepath.Base(m.file) == filepath.Base(f) {
						marksOf[f] = append(marksOf[f], m)
					}
				}
			}
		case len(files) == 1:
			crashes[files[0]] = firstLine(lastPart(out))
		default:
			run(files[:len(files)/2])
			run(files[len(files)/2:])
		}
	}
	run(files)
	return marksOf, crashes
}

// lastPart is the end of a long output, where a crash says what it was.
func lastPart(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "Error:") || strings.Contains(line, "panicked") {
			return line
		}
	}
	return s
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// diff lists the lines of got not in want (+) and of want not in got (-).
func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for _, l := range wl {
		if l != "" && !slices.Contains(gl, l) {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range gl {
		if l != "" && !slices.Contains(wl, l) {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

// mutants runs the mutants check.
func mutants(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("mutants", flag.ContinueOnError)
	taploBin := fs.String("taplo", "taplo", "the taplo command")
	schema := fs.String("schema", "", "the schema's URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("mutants takes the directory of the mutants")
	}
	dir := fs.Arg(0)
	expect, err := os.ReadFile(filepath.Join(dir, "expect.tsv"))
	if err != nil {
		return err
	}
	type want struct{ file, verdict, what string }
	var wants []want
	var files []string
	for _, line := range strings.Split(strings.TrimSpace(string(expect)), "\n") {
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 {
			return fmt.Errorf("expect.tsv: %q is no FILE, VERDICT, WHAT line", line)
		}
		wants = append(wants, want{f[0], f[1], f[2]})
		files = append(files, filepath.Join(dir, f[0]))
	}
	marks, _, err := taplo(*taploBin, *schema, files...)
	if err != nil {
		return err
	}
	marked := map[string]string{}
	for _, m := range marks {
		if _, ok := marked[filepath.Base(m.file)]; !ok {
			marked[filepath.Base(m.file)] = m.msg
		}
	}
	var bad []string
	counts := map[string]int{}
	for _, x := range wants {
		counts[x.verdict]++
		msg, ok := marked[x.file]
		switch {
		case x.verdict == "valid" && ok:
			bad = append(bad, fmt.Sprintf("%s (%s): the loader accepts it, taplo marks %q", x.file, x.what, msg))
		case x.verdict == "caught" && !ok:
			bad = append(bad, fmt.Sprintf("%s (%s): the loader reports what the schema claims to catch, taplo marks nothing", x.file, x.what))
		}
	}
	fmt.Fprintf(w, "editorcheck: %d mutants: %d the loader accepts, %d it refuses for what the schema catches, %d for what it does not\n",
		len(wants), counts["valid"], counts["caught"], counts["either"])
	if counts["valid"] == 0 || counts["caught"] == 0 {
		return errors.New("expect.tsv has no valid mutant or no caught one: nothing was checked")
	}
	if len(bad) > 0 {
		return fmt.Errorf("taplo and the loader disagree on %d mutants:\n%s", len(bad), strings.Join(bad, "\n"))
	}
	fmt.Fprintln(w, "editorcheck: PASS: taplo agrees with the loader on every mutant")
	return nil
}
