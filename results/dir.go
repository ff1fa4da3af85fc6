package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/peacesim/peacesim/sim"
)

// ErrExists reports that an output already exists and would be
// overwritten; the caller retries with force (the CLI's --force).
var ErrExists = errors.New("output files already exist")

// ErrNotDir reports that an output directory's path names something that is
// not a directory.
var ErrNotDir = errors.New("is not a directory")

// ErrIsDir reports that a directory stands where an output file is to go:
// even with force it is not replaced, since it may hold anything.
var ErrIsDir = errors.New("is a directory")

// manifestName is the manifest's file name in an output directory.
const manifestName = "manifest.json"

// filePerm is the mode of the files written: os.CreateTemp makes them 0600,
// but results are meant to be shared and read by other tools.
const filePerm = 0o644

// Files are the names WriteDir writes into an output directory, in the
// order it writes them, for a result with paired differences of packages
// (sim.Options.Paired) or without, of the models given: what CheckDir is
// to check before such a run. timeline.csv is among them when a model has
// a timeline.
func Files(paired bool, models ...*sim.Model) []string {
	return append(CSVFiles(paired, models...), manifestName)
}

// CSVFiles are the tables WriteDir writes, in order, for a result with
// paired differences or without, of the models given: what the Files of
// its manifest list. A caller that prints the manifest of a run it also
// wrote to a directory sets Files to them.
func CSVFiles(paired bool, models ...*sim.Model) []string {
	var names []string
	for _, t := range runTables(paired, anyTimeline(models), anyEvidence(models)) {
		names = append(names, t.name())
	}
	return names
}

// RunModels are the models of the runs, in order: what Files and CSVFiles
// take.
func RunModels(runs []Run) []*sim.Model {
	models := make([]*sim.Model, len(runs))
	for i, run := range runs {
		models[i] = run.Model
	}
	return models
}

// ErrNotWritable reports that an output directory cannot be written: it,
// or the nearest of its parents that exists, refuses a new file.
var ErrNotWritable = errors.New("cannot write there")

// ErrBusy reports an output directory that another peacesim is writing:
// its claim, lockName, is there.
var ErrBusy = errors.New("is being written by another peacesim")

// lockName is the file by which one writer claims an output directory for
// the whole of its write (created with O_EXCL, removed when the set is in
// place or abandoned), so that two writers started together cannot both
// pass the check for existing outputs and replace each other's files.
const lockName = ".peacesim.lock"

// claim takes dir for one writer, or fails with ErrBusy when another
// holds it. release gives it back.
func claim(dir string) (release func(), err error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, busy(dir)
	}
	if err != nil {
		return nil, refused("output directory "+dir, dir, err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	f.Close()
	return func() { os.Remove(path) }, nil
}

// busy is the error of a directory another writer has claimed.
func busy(dir string) error {
	return fmt.Errorf("output directory %s %w (%s): wait for it, or use another -o; if no peacesim is writing there (one was killed), remove that file",
		dir, ErrBusy, filepath.Join(dir, lockName))
}

// CheckDir reports, before a run, whether WriteDir would fail to write into
// dir: when dir names a file (ErrNotDir), when no file can be created in it
// or in the nearest of its parents that exists (ErrNotWritable), when a
// directory stands where an output is to go (ErrIsDir, with or without
// force), and, unless force is set, when outputs are already there
// (ErrExists, naming them). A user learns it before a long simulation
// rather than after it. files are the names the run will write (Files).
// It creates and removes a probe file; WriteDir checks again.
func CheckDir(dir string, files []string, force bool) error {
	// The nearest path from dir up that exists: what MkdirAll would build in.
	existing := dir
	for {
		info, err := os.Stat(existing)
		if err == nil {
			if !info.IsDir() {
				return fmt.Errorf("output directory %s: %s %w", dir, existing, ErrNotDir)
			}
			break
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return fmt.Errorf("output directory %s: %w", dir, err)
		}
		existing = parent
	}
	if _, err := os.Lstat(filepath.Join(dir, lockName)); err == nil {
		return busy(dir)
	}
	probe, err := os.CreateTemp(existing, ".peacesim-probe-*")
	if err != nil {
		return refused("output directory "+dir, existing, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	var outs []output
	for _, name := range files {
		outs = append(outs, output{name: name})
	}
	return checkTargets(dir, outs, force)
}

// refused is the error of a directory that would not take a new file, for
// the reason err gives (permission denied, a read-only file system…):
// ErrNotWritable, for CheckDir before a run and for the writers alike, so a
// user gets one message and one exit status whichever finds it. what names
// the output.
func refused(what, dir string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w: %s refuses a new file (%v)", what, ErrNotWritable, dir, err)
}

// WriteFile writes data to path atomically (a temporary file in the same
// directory, then a rename), refusing to replace an existing file unless
// force is set: the error then wraps ErrExists.
func WriteFile(path string, data []byte, force bool) error {
	return writeOutputs(filepath.Dir(path), []output{{name: filepath.Base(path), write: func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}}}, force, false)
}

// output is one file of an output directory and how to write it.
type output struct {
	name  string
	write func(io.Writer) error
}

// WriteDir writes pathways.csv, acceptance.csv, red_lines.csv, margins.csv,
// blocking.csv, comparisons.csv when r holds paired differences (sim.Options.Paired),
// timeline.csv when a run is over a timeline, and manifest.json into dir, creating it if missing (Files lists them). The
// manifest's Files is set to the CSV names.
//
// Writing is atomic per file and all-or-nothing for the set: each file is
// written to a temporary file in dir, and only when all are complete
// are they renamed into place, manifest.json last — so a directory holding a
// manifest holds complete CSVs, and an interrupted run or a full disk leaves
// earlier outputs untouched and no temporary files behind.
//
// Without force, if any of the files exists, WriteDir writes nothing and
// returns an error wrapping ErrExists that names them.
//
// Several runs (a batch) share one set of tables, each holding the rows of
// every run told apart by the scenario column.
func WriteDir(dir string, man Manifest, force bool, runs ...Run) error {
	ts, err := buildAll(runs)
	if err != nil {
		return err
	}
	var outs []output
	man.Files = nil
	for _, t := range ts {
		name := t.name + ".csv"
		outs = append(outs, output{name, func(w io.Writer) error { return writeCSV(w, t) }})
		man.Files = append(man.Files, name)
	}
	outs = append(outs, output{manifestName, func(w io.Writer) error { return writeManifest(w, man) }})
	return writeDir(dir, outs, force)
}

// CSVTable is one table of a run as WriteDir writes it: its file name
// and its bytes.
type CSVTable struct {
	File string
	Data []byte
}

// EncodeCSV returns the tables WriteDir writes for the runs, in its
// order, each the very bytes of its file: a caller that serves the
// tables rather than writing them (peacesim serve) gives what
// `peacesim run -o` would have written.
func EncodeCSV(runs ...Run) ([]CSVTable, error) {
	ts, err := buildAll(runs)
	if err != nil {
		return nil, err
	}
	out := make([]CSVTable, len(ts))
	for i, t := range ts {
		var b bytes.Buffer
		if err := writeCSV(&b, t); err != nil {
			return nil, err
		}
		out[i] = CSVTable{File: t.name + ".csv", Data: b.Bytes()}
	}
	return out, nil
}

// writeDir writes outs into dir atomically, as WriteDir describes: a set,
// with the directory claimed for the write and, with force, the earlier
// set replaced whole. It is separate so that tests can inject a failing
// output.
func writeDir(dir string, outs []output, force bool) error {
	return writeOutputs(dir, outs, force, true)
}

// writeOutputs writes outs into dir atomically; set says they are a
// directory's set of outputs (writeDir), not one file among a user's own
// (WriteFile), which neither claims the directory nor replaces a set.
func writeOutputs(dir string, outs []output, force, set bool) (err error) {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return fmt.Errorf("output directory %s: %w", dir, ErrNotDir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return fmt.Errorf("output directory %s: %w (%v)", dir, ErrNotWritable, err)
		}
		return fmt.Errorf("output directory: %w", err)
	}
	var stale []string
	if set {
		release, err := claim(dir)
		if err != nil {
			return err
		}
		defer release()
		stale = staleOutputs(dir, outs, force)
	}
	if err := checkTargets(dir, outs, force); err != nil {
		return err
	}
	temps := make([]string, 0, len(outs))
	defer func() {
		// On any error, remove every temporary file; those already renamed
		// are gone and Remove fails harmlessly on them.
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	for _, o := range outs {
		tmp, err := writeTemp(dir, o)
		if tmp != "" {
			temps = append(temps, tmp)
		}
		if err != nil {
			return err
		}
	}
	for i, o := range outs {
		if err := os.Rename(temps[i], filepath.Join(dir, o.name)); err != nil {
			return fmt.Errorf("%s: %w", o.name, err)
		}
	}
	removeAll(dir, stale)
	return nil
}

// staleOutputs are, when force replaces a set, the files of the set there
// before — those its manifest.json or shard.json lists, and that file
// itself — that the new set does not write: a forced write replaces the
// directory's set, so that no table of an earlier command stays beside
// the new ones. Files peacesim did not list are never touched.
func staleOutputs(dir string, outs []output, force bool) []string {
	if !force {
		return nil
	}
	writes := map[string]bool{}
	for _, o := range outs {
		writes[o.name] = true
	}
	var stale []string
	for _, index := range []string{manifestName, shardFile} {
		b, err := os.ReadFile(filepath.Join(dir, index))
		if err != nil {
			continue
		}
		var listed struct {
			Files []string `json:"files"`
		}
		if json.Unmarshal(b, &listed) != nil {
			continue
		}
		for _, name := range append(listed.Files, index) {
			if name == filepath.Base(name) && !strings.HasPrefix(name, ".") && !writes[name] && !slices.Contains(stale, name) {
				stale = append(stale, name)
			}
		}
	}
	return stale
}

// removeAll removes the named files of dir, those that exist.
func removeAll(dir string, names []string) {
	for _, name := range names {
		os.Remove(filepath.Join(dir, name))
	}
}

// checkTargets looks at the outputs' final names before anything is written.
// Without force, an existing file is an error wrapping ErrExists that names
// every such file. Even with force, a directory in the way is an error now,
// rather than a failed rename after some files were already replaced.
func checkTargets(dir string, outs []output, force bool) error {
	var existing []string
	for _, o := range outs {
		info, err := os.Lstat(filepath.Join(dir, o.name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return fmt.Errorf("%s: %w", o.name, err)
		case info.IsDir():
			return fmt.Errorf("output %s %w: remove or rename it (--force overwrites files, never directories)",
				filepath.Join(dir, o.name), ErrIsDir)
		}
		existing = append(existing, filepath.Join(dir, o.name))
	}
	if len(existing) > 0 && !force {
		return fmt.Errorf("%w: %s (use --force to overwrite)", ErrExists, strings.Join(existing, ", "))
	}
	return nil
}

// writeTemp writes one output to a new temporary file in dir — the same
// file system as its final name, so the rename is atomic — synced to disk
// before it is renamed. It returns the temporary file's name whenever it was
// created, so that the caller can remove it.
func writeTemp(dir string, o output) (string, error) {
	f, err := os.CreateTemp(dir, "."+o.name+".tmp-*")
	if err != nil {
		// dir exists (writeDir made it): it refuses the file.
		return "", refused(filepath.Join(dir, o.name), dir, err)
	}
	name := f.Name()
	err = o.write(f)
	if err == nil {
		err = f.Chmod(filePerm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return name, fmt.Errorf("%s: %w", o.name, err)
	}
	return name, nil
}
