package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

func posInf() float64 { return math.Inf(1) }

// outputNames returns the files WriteDir writes, in order.
func outputNames() []string {
	return []string{"pathways.csv", "acceptance.csv", "red_lines.csv", "margins.csv", "blocking.csv", "manifest.json"}
}

// listDir returns the names in dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// readAll returns the contents of every output in dir.
func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range outputNames() {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

func TestWriteDir(t *testing.T) {
	m, r := fixture()
	man := testManifest(m, r)
	dir := filepath.Join(t.TempDir(), "out", "run1") // created if missing

	if err := WriteDir(dir, man, false, Run{m, r}); err != nil {
		t.Fatal(err)
	}
	if got := listDir(t, dir); !slices.Equal(got, sorted(outputNames())) {
		t.Fatalf("dir holds %v, want %v", got, sorted(outputNames()))
	}
	first := readAll(t, dir)

	// The files are exactly what the writers produce.
	var buf bytes.Buffer
	if err := WritePathways(&buf, Run{m, r}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first["pathways.csv"], buf.Bytes()) {
		t.Error("pathways.csv differs from WritePathways")
	}
	var got Manifest
	if err := json.Unmarshal(first["manifest.json"], &got); err != nil {
		t.Fatal(err)
	}
	if want := outputNames()[:5]; !slices.Equal(got.Files, want) {
		t.Errorf("manifest files = %v, want %v", got.Files, want)
	}
	if b := first["manifest.json"]; !bytes.HasSuffix(b, []byte("}\n")) || !bytes.Contains(b, []byte("\n  \"tool\": \"peacesim\",\n")) {
		t.Errorf("manifest.json is not indented by two spaces with a trailing newline:\n%s", b)
	}
	if info, err := os.Stat(filepath.Join(dir, "margins.csv")); err != nil || info.Mode().Perm() != filePerm {
		t.Errorf("margins.csv mode = %v, %v; want %v", info.Mode().Perm(), err, os.FileMode(filePerm))
	}

	// Without force: an error naming the files, and nothing touched.
	r.Pathways[0][0].Count++ // a different result, so an overwrite would show
	err := WriteDir(dir, man, false, Run{m, r})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second WriteDir: error = %v, want ErrExists", err)
	}
	for _, want := range append(outputNames(), "--force") {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	assertUnchanged(t, dir, first)

	// With force: overwritten.
	if err := WriteDir(dir, man, true, Run{m, r}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(readAll(t, dir)["pathways.csv"], first["pathways.csv"]) {
		t.Error("force did not overwrite pathways.csv")
	}
	if got := listDir(t, dir); !slices.Equal(got, sorted(outputNames())) {
		t.Errorf("after force dir holds %v", got)
	}
}

// TestWriteDirOneExisting checks that a single stray output blocks the run
// and that only it is named.
func TestWriteDirOneExisting(t *testing.T) {
	m, r := fixture()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "margins.csv"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteDir(dir, testManifest(m, r), false, Run{m, r})
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "margins.csv") || strings.Contains(err.Error(), "pathways.csv") {
		t.Fatalf("error = %v", err)
	}
	if got := listDir(t, dir); !slices.Equal(got, []string{"margins.csv"}) {
		t.Errorf("dir holds %v, want only margins.csv", got)
	}
}

func assertUnchanged(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	if got := listDir(t, dir); !slices.Equal(got, sorted(outputNames())) {
		t.Errorf("dir holds %v, want %v", got, sorted(outputNames()))
	}
	for name, b := range readAll(t, dir) {
		if !bytes.Equal(b, want[name]) {
			t.Errorf("%s changed", name)
		}
	}
}

// TestWriteDirFailure injects a failing output (a full disk on one file)
// and checks that nothing is renamed and no temporary file is left.
func TestWriteDirFailure(t *testing.T) {
	errDisk := errors.New("disk full")
	good := func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }
	bad := func(w io.Writer) error { good(w); return errDisk }
	for _, failAt := range []int{0, 2, 4} {
		t.Run(outputNames()[failAt], func(t *testing.T) {
			for _, prior := range []bool{false, true} {
				dir := t.TempDir()
				var before map[string][]byte
				if prior {
					m, r := fixture()
					if err := WriteDir(dir, testManifest(m, r), false, Run{m, r}); err != nil {
						t.Fatal(err)
					}
					before = readAll(t, dir)
				}
				outs := make([]output, len(outputNames()))
				for i, name := range outputNames() {
					outs[i] = output{name, good}
					if i == failAt {
						outs[i].write = bad
					}
				}
				err := writeDir(dir, outs, true)
				if !errors.Is(err, errDisk) || !strings.Contains(err.Error(), outputNames()[failAt]) {
					t.Fatalf("error = %v, want %v naming %s", err, errDisk, outputNames()[failAt])
				}
				if prior {
					assertUnchanged(t, dir, before)
				} else if got := listDir(t, dir); len(got) != 0 {
					t.Errorf("failed write left %v", got)
				}
			}
		})
	}
}

// TestWriteDirUnderFile fails to create the directory (its parent is a
// regular file: a failure mode that holds even as root).
func TestWriteDirUnderFile(t *testing.T) {
	m, r := fixture()
	parent := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(parent, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteDir(filepath.Join(parent, "out"), testManifest(m, r), true, Run{m, r})
	if err == nil {
		t.Fatal("WriteDir under a regular file succeeded")
	}
	if errors.Is(err, ErrExists) {
		t.Errorf("error = %v, should not be ErrExists", err)
	}
	if got := listDir(t, filepath.Dir(parent)); !slices.Equal(got, []string{"file"}) {
		t.Errorf("left %v", got)
	}
}

// TestWriteDirDirectoryInTheWay puts a directory where the last CSV goes:
// even with force, WriteDir must refuse before replacing any file.
func TestWriteDirDirectoryInTheWay(t *testing.T) {
	m, r := fixture()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "margins.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteDir(dir, testManifest(m, r), true, Run{m, r})
	if !errors.Is(err, ErrIsDir) || !strings.Contains(err.Error(), "margins.csv") {
		t.Fatalf("error = %v, want ErrIsDir naming margins.csv", err)
	}
	if got := listDir(t, dir); !slices.Equal(got, []string{"margins.csv"}) {
		t.Errorf("dir holds %v, want only margins.csv", got)
	}
}

// TestWriteDirRenameFailure makes a rename fail after the checks (the
// target appears as a directory between check and rename) and checks that
// no temporary file survives and the manifest is not written.
func TestWriteDirRenameFailure(t *testing.T) {
	dir := t.TempDir()
	write := func(w io.Writer) error { _, err := io.WriteString(w, "x\n"); return err }
	outs := []output{{"a.csv", write}, {"b.csv", func(w io.Writer) error {
		// Runs after the checks, before any rename: a directory appears
		// where b.csv is to go.
		if err := os.Mkdir(filepath.Join(dir, "b.csv"), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "b.csv", "keep"), nil, 0o644); err != nil {
			return err
		}
		return write(w)
	}}, {"manifest.json", write}}
	if err := writeDir(dir, outs, true); err == nil {
		t.Fatal("rename onto a non-empty directory succeeded")
	}
	for _, name := range listDir(t, dir) {
		if strings.Contains(name, ".tmp-") {
			t.Errorf("temporary file %s left behind", name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil {
		t.Error("manifest.json written although b.csv failed")
	}
}

func TestFilesAreWhatWriteDirWrites(t *testing.T) {
	if got := Files(false); !slices.Equal(got, outputNames()) {
		t.Errorf("Files() = %v, want %v", got, outputNames())
	}
	if got := CSVFiles(false); !slices.Equal(got, outputNames()[:5]) {
		t.Errorf("CSVFiles() = %v, want %v", got, outputNames()[:5])
	}
}

func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	if err := CheckDir(filepath.Join(dir, "missing", "out"), Files(false), false); err != nil {
		t.Errorf("a directory that does not exist: %v", err)
	}
	if err := CheckDir(dir, Files(false), false); err != nil {
		t.Errorf("an empty directory: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "margins.csv"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := CheckDir(dir, Files(false), false)
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "margins.csv") {
		t.Errorf("CheckDir with margins.csv present = %v, want ErrExists naming it", err)
	}
	if err := CheckDir(dir, Files(false), true); err != nil {
		t.Errorf("CheckDir with margins.csv present and force: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("CheckDir left %d files behind, want only margins.csv", len(entries)-1)
	}
}

// TestCheckDirDirectoryInTheWay: a directory where an output is to go is
// found before the run, with or without force, as ErrIsDir naming it.
func TestCheckDirDirectoryInTheWay(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "pathways.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, force := range []bool{false, true} {
		err := CheckDir(dir, Files(false), force)
		if !errors.Is(err, ErrIsDir) || !strings.Contains(err.Error(), filepath.Join(dir, "pathways.csv")) {
			t.Errorf("CheckDir(force=%v) = %v, want ErrIsDir naming pathways.csv", force, err)
		}
	}
}

func TestCheckDirNotWritable(t *testing.T) {
	if os.Geteuid() == 0 {
		// root writes anywhere; a directory that refuses it is a read-only
		// file system, which /proc is.
		if err := CheckDir("/proc/peacesim-out", Files(false), true); !errors.Is(err, ErrNotWritable) {
			t.Errorf("CheckDir(/proc/peacesim-out) = %v, want ErrNotWritable", err)
		}
		return
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	if err := CheckDir(filepath.Join(dir, "a", "out"), Files(false), true); !errors.Is(err, ErrNotWritable) {
		t.Errorf("CheckDir(a read-only directory) = %v, want ErrNotWritable", err)
	}
}

// TestWriteFileNotWritable: a directory that refuses the temporary file is
// ErrNotWritable with a message saying where, as CheckDir reports it,
// rather than the raw error of os.CreateTemp.
func TestWriteFileNotWritable(t *testing.T) {
	dir := "/proc" // refuses a new file even to root
	if os.Geteuid() != 0 {
		dir = t.TempDir()
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o755)
	} else if _, err := os.Stat(dir); err != nil {
		t.Skip(err)
	}
	path := filepath.Join(dir, "peacesim-scenario.toml")
	err := WriteFile(path, []byte("x"), false)
	if !errors.Is(err, ErrNotWritable) || !strings.HasPrefix(err.Error(), path+": cannot write there: "+dir+" refuses a new file (") {
		t.Errorf("WriteFile(%s) = %v, want ErrNotWritable saying %s refuses a new file", path, err, dir)
	}
}

// TestRefused maps the errors of creating a file, whatever the system
// call's reason, to ErrNotWritable with that reason.
func TestRefused(t *testing.T) {
	for _, reason := range []error{fs.ErrPermission, syscall.EACCES, syscall.EROFS, syscall.ENOENT} {
		err := refused("out/pathways.csv", "out", &fs.PathError{Op: "open", Path: "out/.pathways.csv.tmp-1", Err: reason})
		want := "out/pathways.csv: cannot write there: out refuses a new file (" + reason.Error() + ")"
		if !errors.Is(err, ErrNotWritable) || err.Error() != want {
			t.Errorf("refused(%v) = %v, want ErrNotWritable and %q", reason, err, want)
		}
	}
}

func TestOutputDirIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CheckDir(file, Files(false), false); !errors.Is(err, ErrNotDir) {
		t.Errorf("CheckDir(a file) = %v, want ErrNotDir", err)
	}
	if err := writeDir(file, nil, true); !errors.Is(err, ErrNotDir) {
		t.Errorf("writeDir(a file) = %v, want ErrNotDir", err)
	}
}

func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scenario.toml")
	if err := WriteFile(path, []byte("one"), false); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("two"), false); !errors.Is(err, ErrExists) {
		t.Errorf("second write without force: err = %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Errorf("file is %q after a refused write, want %q", b, "one")
	}
	if err := WriteFile(path, []byte("two"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "two" {
		t.Errorf("file is %q after a forced write, want %q", b, "two")
	}
	if names := listDir(t, filepath.Dir(path)); !slices.Equal(names, []string{"scenario.toml"}) {
		t.Errorf("directory holds %v, want only scenario.toml", names)
	}
}

// TestMergedShardsWriteTheSameFiles: a run's chunks split into 1, 3 and 4
// ranges of uneven sizes, simulated apart and merged, give the very bytes
// of the whole run in every table (docs/model.md#aggregates).
func TestMergedShardsWriteTheSameFiles(t *testing.T) {
	src, _ := scenarios.Lookup(scenarios.Default)
	m, err := scenarios.Load(scenarios.Default+".toml", src)
	if err != nil {
		t.Fatal(err)
	}
	opt := sim.Options{Trials: 10*sim.ChunkSize - 100, Seed: 3, Paired: true}
	write := func(r *sim.Result) map[string][]byte {
		dir := t.TempDir()
		if err := WriteDir(dir, testManifest(m, r), false, Run{m, r}); err != nil {
			t.Fatal(err)
		}
		return readAll(t, dir)
	}
	whole, err := sim.Run(t.Context(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := write(whole)
	for _, cuts := range [][]int64{{0, 10}, {0, 6, 7, 10}, {0, 1, 2, 8, 10}} {
		var total *sim.Aggregate
		for i := len(cuts) - 2; i >= 0; i-- { // last range first
			o := opt
			o.Chunks = sim.ChunkRange{First: cuts[i], End: cuts[i+1]}
			a, err := sim.Simulate(t.Context(), m, o)
			if err != nil {
				t.Fatal(err)
			}
			if total == nil {
				total = a
			} else if err := total.Merge(a); err != nil {
				t.Fatal(err)
			}
		}
		r, err := total.Result(m)
		if err != nil {
			t.Fatal(err)
		}
		got := write(r)
		for name, b := range want {
			if !bytes.Equal(got[name], b) {
				t.Errorf("ranges %v: %s differs from the whole run's", cuts, name)
			}
		}
	}
}

// TestEncodeCSVIsWhatWriteDirWrites: the tables EncodeCSV gives are the
// files WriteDir writes, in its order and byte for byte, for a run and for
// a batch of two.
func TestEncodeCSVIsWhatWriteDirWrites(t *testing.T) {
	m, r := fixture()
	other := *m
	other.ID = "other"
	for _, runs := range [][]Run{{{m, r}}, {{m, r}, {&other, r}}} {
		dir := t.TempDir()
		if err := WriteDir(dir, testManifest(m, r), true, runs...); err != nil {
			t.Fatal(err)
		}
		tables, err := EncodeCSV(runs...)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, tb := range tables {
			names = append(names, tb.File)
			want, err := os.ReadFile(filepath.Join(dir, tb.File))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(tb.Data, want) {
				t.Errorf("%d runs: %s differs from the file WriteDir writes", len(runs), tb.File)
			}
		}
		if want := CSVFiles(false, RunModels(runs)...); !slices.Equal(names, want) {
			t.Errorf("%d runs: EncodeCSV gives %v, WriteDir writes %v", len(runs), names, want)
		}
	}
	if _, err := EncodeCSV(); err == nil {
		t.Error("EncodeCSV of no run: no error")
	}
}
