package results

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// A shard is a slice of a run, a compare or a sweep, run by one process of
// many (a Slurm array task, a Kubernetes Indexed Job pod) into its own
// directory, DIR/shard-I-of-N: a run or a compare takes a range of chunks
// of every scenario's trials and keeps their aggregates; a sweep takes a
// range of points and keeps their rows. Merge combines the N shards into
// the very files the command writes in one process.

// shardFile names a shard's manifest: written last, it says the shard is
// complete.
const shardFile = "shard.json"

// shardFormat is the version of the shard directory's layout; shards of
// another layout are not merged.
const shardFormat = 1

// ShardManifest describes one shard: which command wrote it, which shard
// of how many, and everything the merged output's manifest records, which
// every shard of one job holds alike.
type ShardManifest struct {
	Tool string `json:"tool"`
	// Format is the version of the shard's layout (1).
	Format int `json:"format"`
	// Command is "run", "compare" or "sweep".
	Command string `json:"command"`
	Index   int    `json:"index"`
	Count   int    `json:"count"`
	// Manifest is the manifest of the whole job's output, Files aside.
	Manifest Manifest `json:"manifest"`
	// Chunks are, for each scenario of a run or compare, the chunk range
	// of its trials this shard ran; Points the range of a sweep's points.
	Chunks []sim.ChunkRange `json:"chunks,omitempty"`
	Points [2]int           `json:"points"`
	// Files are the files of the shard besides shard.json.
	Files []string `json:"files"`
	// SHA256 is the SHA-256 of each of Files, in hex: merge refuses a
	// shard whose file has changed since it was written (a flipped bit,
	// a truncated copy) rather than merge it silently.
	SHA256 map[string]string `json:"sha256"`
}

// checksum is the hex SHA-256 of b.
func checksum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// verify refuses a shard without its files' checksums, or one whose file
// does not match its checksum, naming the file.
func (s Shard) verify() error {
	if len(s.SHA256) == 0 {
		return fmt.Errorf("%w: %s has no checksums of its files: an earlier peacesim wrote it; run the shard again", ErrShards, filepath.Join(s.Dir, shardFile))
	}
	for _, name := range s.Files {
		b, err := os.ReadFile(filepath.Join(s.Dir, name))
		if err != nil {
			return fmt.Errorf("%w: %v", ErrShards, err)
		}
		if want, ok := s.SHA256[name]; !ok || checksum(b) != want {
			return fmt.Errorf("%w: %s does not match its checksum in shard.json: it changed after the shard was written; run shard %d again",
				ErrShards, filepath.Join(s.Dir, name), s.Index)
		}
	}
	return nil
}

// ShardDir is the directory of shard index of count under dir:
// shard-I-of-N, I zero-padded to N's width so that the shards sort in
// order.
func ShardDir(dir string, index, count int) string {
	w := len(strconv.Itoa(count))
	return filepath.Join(dir, fmt.Sprintf("shard-%0*d-of-%d", w, index, count))
}

// modelFile and aggregateFile are the files of scenario j of a run shard.
func modelFile(j int) string     { return fmt.Sprintf("model-%d.json", j) }
func aggregateFile(j int) string { return fmt.Sprintf("aggregate-%d.bin", j) }

// ShardDone reports whether dir holds a complete shard (its shard.json),
// and whether it is the shard man describes: the same job, index and
// count.
func ShardDone(dir string, man ShardManifest) (done, same bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, shardFile))
	if errors.Is(err, fs.ErrNotExist) {
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	var got ShardManifest
	if err := json.Unmarshal(b, &got); err != nil {
		return true, false, nil
	}
	got.Files, man.Files, got.SHA256, man.SHA256 = nil, nil, nil, nil
	want, _ := json.Marshal(man)
	have, _ := json.Marshal(got)
	return true, string(want) == string(have), nil
}

// WriteRunShard writes a shard of a run or compare into dir: for each
// scenario its model and the aggregate of its chunks, then shard.json,
// atomically (an interrupted shard leaves no shard.json, and is run again).
func WriteRunShard(dir string, man ShardManifest, models []*sim.Model, aggs []*sim.Aggregate, force bool) error {
	if len(models) != len(aggs) {
		return fmt.Errorf("results: %d models, %d aggregates", len(models), len(aggs))
	}
	var outs []output
	man.Files, man.SHA256 = nil, map[string]string{}
	add := func(name string, b []byte) {
		outs = append(outs, output{name, func(w io.Writer) error {
			_, err := w.Write(b)
			return err
		}})
		man.Files, man.SHA256[name] = append(man.Files, name), checksum(b)
	}
	for j := range models {
		var model bytes.Buffer
		if err := writeIndented(&model, models[j]); err != nil {
			return err
		}
		agg, err := aggs[j].MarshalBinary()
		if err != nil {
			return err
		}
		add(modelFile(j), model.Bytes())
		add(aggregateFile(j), agg)
	}
	outs = append(outs, output{shardFile, func(w io.Writer) error { return writeIndented(w, man) }})
	return writeDir(dir, outs, force)
}

// OpenSweepShard prepares dir for a sweep shard's tables, as OpenStream
// does; CommitShard closes it with its shard.json.
func OpenSweepShard(dir string, tables []string, force bool) (*Stream, error) {
	names := SweepFiles(tables)
	names = append(names[:len(names)-1], shardFile) // shard.json instead of manifest.json
	return OpenStream(dir, names, force)
}

// CommitShard writes the shard's shard.json and renames its files into
// place, shard.json last.
func (s *Stream) CommitShard(man ShardManifest) error {
	man.Files, man.SHA256 = nil, map[string]string{}
	for i, name := range s.names {
		if name != shardFile {
			man.Files = append(man.Files, name)
			man.SHA256[name] = hex.EncodeToString(s.hashes[i].Sum(nil))
		}
	}
	return s.commit(shardFile, func(w io.Writer) error { return writeIndented(w, man) })
}

// ErrShards reports shards that cannot be merged: of different jobs,
// repeated, or an incomplete set.
var ErrShards = errors.New("the shards do not make one whole")

// Shard is a shard read back: its manifest and directory.
type Shard struct {
	Dir string
	ShardManifest
}

// FindShards reads the shards under the directories given: each is a
// shard directory (it holds shard.json) or holds shard-*-of-* directories.
func FindShards(dirs []string) ([]Shard, error) {
	var found []Shard
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, shardFile)); err == nil {
			s, err := readShard(d)
			if err != nil {
				return nil, err
			}
			found = append(found, s)
			continue
		}
		entries, err := os.ReadDir(d)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, e := range entries {
			if !e.IsDir() || !strings.HasPrefix(e.Name(), "shard-") {
				continue
			}
			sub := filepath.Join(d, e.Name())
			if _, err := os.Stat(filepath.Join(sub, shardFile)); err != nil {
				continue // an incomplete shard: its index is reported missing
			}
			s, err := readShard(sub)
			if err != nil {
				return nil, err
			}
			found = append(found, s)
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("%w: %s holds no complete shard (shard-I-of-N directories with a shard.json)", ErrShards, d)
		}
	}
	return found, nil
}

func readShard(dir string) (Shard, error) {
	b, err := os.ReadFile(filepath.Join(dir, shardFile))
	if err != nil {
		return Shard{}, err
	}
	var man ShardManifest
	if err := json.Unmarshal(b, &man); err != nil || man.Tool != "peacesim" {
		return Shard{}, fmt.Errorf("%w: %s: not a peacesim shard", ErrShards, filepath.Join(dir, shardFile))
	}
	return Shard{Dir: dir, ShardManifest: man}, nil
}

// CheckShards verifies that the shards are the N shards of one job, each
// once, and returns them in index order. A set with shards missing is an
// error naming them, ready for `sbatch --array=2,5`.
func CheckShards(shards []Shard) ([]Shard, error) {
	if len(shards) == 0 {
		return nil, fmt.Errorf("%w: no shard given", ErrShards)
	}
	first := shards[0]
	job := func(s Shard) string {
		m := s.ShardManifest
		m.Index, m.Files, m.Chunks, m.Points, m.SHA256 = 0, nil, nil, [2]int{}, nil
		b, _ := json.Marshal(m)
		return string(b)
	}
	byIndex := make([]*Shard, first.Count)
	for i := range shards {
		s := &shards[i]
		switch {
		case s.Format != shardFormat:
			return nil, fmt.Errorf("%w: %s has shard format %d, this peacesim merges %d", ErrShards, s.Dir, s.Format, shardFormat)
		case s.Count != first.Count:
			return nil, fmt.Errorf("%w: %s is a shard of %d, %s of %d", ErrShards, s.Dir, s.Count, first.Dir, first.Count)
		case job(*s) != job(first):
			return nil, fmt.Errorf("%w: %s and %s are shards of different jobs (%s)", ErrShards, first.Dir, s.Dir, differ(first.ShardManifest, s.ShardManifest))
		case s.Index < 0 || s.Index >= s.Count:
			return nil, fmt.Errorf("%w: %s has index %d of %d", ErrShards, s.Dir, s.Index, s.Count)
		case byIndex[s.Index] != nil:
			return nil, fmt.Errorf("%w: shard %d of %d twice: %s and %s", ErrShards, s.Index, s.Count, byIndex[s.Index].Dir, s.Dir)
		}
		if err := s.verify(); err != nil {
			return nil, err
		}
		byIndex[s.Index] = s
	}
	var missing []string
	out := make([]Shard, 0, first.Count)
	for i, s := range byIndex {
		if s == nil {
			missing = append(missing, strconv.Itoa(i))
			continue
		}
		out = append(out, *s)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: %d of %d shards are missing: %s (with Slurm: sbatch --array=%s … --shards %d)", ErrShards,
			len(missing), first.Count, strings.Join(missing, ", "), strings.Join(missing, ","), first.Count)
	}
	return out, nil
}

// differ names what tells two shard manifests of different jobs apart.
func differ(a, b ShardManifest) string {
	var d []string
	if a.Command != b.Command {
		d = append(d, fmt.Sprintf("command %s and %s", a.Command, b.Command))
	}
	if a.Manifest.Version != b.Manifest.Version {
		d = append(d, fmt.Sprintf("peacesim %s and %s", a.Manifest.Version, b.Manifest.Version))
	}
	sa, sb := a.Manifest.Scenarios, b.Manifest.Scenarios
	if len(sa) != len(sb) {
		d = append(d, fmt.Sprintf("%d and %d scenarios", len(sa), len(sb)))
	} else {
		for i := range sa {
			switch {
			case sa[i].ScenarioHash != sb[i].ScenarioHash:
				d = append(d, fmt.Sprintf("scenario %s: another scenario or overrides", sa[i].Scenario))
			case sa[i].Seed != sb[i].Seed:
				d = append(d, fmt.Sprintf("scenario %s: seeds %d and %d", sa[i].Scenario, sa[i].Seed, sb[i].Seed))
			case sa[i].Trials != sb[i].Trials:
				d = append(d, fmt.Sprintf("scenario %s: %d and %d trials", sa[i].Scenario, sa[i].Trials, sb[i].Trials))
			case sa[i].Round != sb[i].Round:
				d = append(d, fmt.Sprintf("scenario %s: rounds %d and %d reported (--round)", sa[i].Scenario, sa[i].Round, sb[i].Round))
			case !slices.Equal(sa[i].Overrides, sb[i].Overrides):
				d = append(d, fmt.Sprintf("scenario %s: overrides %q and %q", sa[i].Scenario, sa[i].Overrides, sb[i].Overrides))
			}
		}
	}
	if len(d) == 0 {
		d = append(d, "their designs or toolchains differ")
	}
	return strings.Join(d, "; ")
}

// MergeRun merges the shards of a run or compare (in index order, checked
// by CheckShards) into the runs they are the shards of: for each scenario,
// its model and the result of every chunk of its trials.
func MergeRun(shards []Shard) ([]Run, error) {
	first := shards[0]
	var runs []Run
	for j := range first.Manifest.Scenarios {
		var m sim.Model
		b, err := os.ReadFile(filepath.Join(first.Dir, modelFile(j)))
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrShards, modelFile(j), err)
		}
		if ScenarioHash(&m) != first.Manifest.Scenarios[j].ScenarioHash {
			return nil, fmt.Errorf("%w: %s of %s does not hash to its manifest's scenario_hash", ErrShards, modelFile(j), first.Dir)
		}
		var total *sim.Aggregate
		for _, s := range shards {
			b, err := os.ReadFile(filepath.Join(s.Dir, aggregateFile(j)))
			if err != nil {
				return nil, err
			}
			a := new(sim.Aggregate)
			if err := a.UnmarshalBinary(b); err != nil {
				return nil, fmt.Errorf("%s: %w", filepath.Join(s.Dir, aggregateFile(j)), err)
			}
			if total == nil {
				total = a
			} else if err := total.Merge(a); err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrShards, s.Dir, err)
			}
		}
		trials := first.Manifest.Scenarios[j].Trials
		if c := total.Chunks(); len(c) != 1 || c[0] != (sim.ChunkRange{First: 0, End: sim.ChunkCount(trials)}) || total.Trials() != trials {
			return nil, fmt.Errorf("%w: the shards of %s cover %d of its %d trials (chunks %v)", ErrShards,
				first.Manifest.Scenarios[j].Scenario, total.Trials(), trials, c)
		}
		r, err := total.Result(&m)
		if err != nil {
			return nil, err
		}
		mm := m
		runs = append(runs, Run{Model: &mm, Result: r})
	}
	return runs, nil
}

// MergeSweep writes into w the table of file (sweep.csv or a
// sweep_TABLE.csv) made of the shards' in index order: one header, then
// their rows, which are the points in order.
func MergeSweep(shards []Shard, file string, w io.Writer) error {
	for i, s := range shards {
		b, err := os.ReadFile(filepath.Join(s.Dir, file))
		if err != nil {
			return err
		}
		text := string(b)
		if i > 0 {
			nl := strings.IndexByte(text, '\n')
			if nl < 0 {
				return fmt.Errorf("%w: %s has no header", ErrShards, filepath.Join(s.Dir, file))
			}
			text = text[nl+1:]
		}
		if _, err := io.WriteString(w, text); err != nil {
			return err
		}
	}
	return nil
}

// MergeOptions say which shards Merge combines, and where to.
type MergeOptions struct {
	// Dirs are shard directories, or directories holding shard-I-of-N
	// ones (FindShards).
	Dirs []string
	// Out is the directory that receives the merged tables and
	// manifest.json; Force overwrites outputs already there.
	Out   string
	Force bool
	// Version is the peacesim version merging: shards another version
	// wrote are refused, as its numbers may differ.
	Version string
}

// Merged says what Merge combined.
type Merged struct {
	// Command is the command whose shards they were: run, compare or
	// sweep.
	Command string
	Shards  int
}

// Merge combines the shards of a run, a compare or a sweep into the very
// files the command writes in one process, byte for byte, atomically:
// nothing is written unless every shard is there and they agree. Shards
// that cannot be merged — not shards, of different jobs or versions, a
// shard twice, an incomplete set — are an error that is ErrShards
// (errors.Is) and says why, naming the shards missing; an output in the
// way is CheckDir's error. A cancelled ctx stops it before anything is
// written, with ctx's error.
func Merge(ctx context.Context, opts MergeOptions) (Merged, error) {
	found, err := FindShards(opts.Dirs)
	if err != nil {
		return Merged{}, refuse(err)
	}
	shards, err := CheckShards(found)
	if err != nil {
		return Merged{}, refuse(err)
	}
	first := shards[0]
	if v := first.Manifest.Version; v != opts.Version {
		return Merged{}, refuse(fmt.Errorf("the shards were written by peacesim %s; merge them with that version (this is %s)", v, opts.Version))
	}
	if err := ctx.Err(); err != nil {
		return Merged{}, err
	}
	switch first.Command {
	case "run", "compare":
		err = mergeRunInto(opts, shards)
	case "sweep":
		err = mergeSweepInto(ctx, opts, shards)
	default:
		err = refuse(fmt.Errorf("%s: shards of %q, which merge does not know", first.Dir, first.Command))
	}
	if err != nil {
		return Merged{}, err
	}
	return Merged{Command: first.Command, Shards: len(shards)}, nil
}

// mergeRunInto writes the merged tables of a run's or compare's shards
// into opts.Out, as WriteDir does.
func mergeRunInto(opts MergeOptions, shards []Shard) error {
	runs, err := MergeRun(shards)
	if err != nil {
		return refuse(err)
	}
	paired := runs[0].Result.Paired != nil
	if err := CheckDir(opts.Out, Files(paired, RunModels(runs)...), opts.Force); err != nil {
		return err
	}
	man := shards[0].Manifest
	man.Scenarios = slices.Clone(man.Scenarios)
	for j, run := range runs {
		// The plan knew the evidence, not what it would keep.
		if j < len(man.Scenarios) && man.Scenarios[j].Evidence != nil {
			man.Scenarios[j].Evidence = newEvidence(run.Model, run.Result)
		}
	}
	return WriteDir(opts.Out, man, opts.Force, runs...)
}

// mergeSweepInto writes the merged tables of a sweep's shards into
// opts.Out, each the shards' rows in order, and the manifest last.
func mergeSweepInto(ctx context.Context, opts MergeOptions, shards []Shard) error {
	first := shards[0]
	man := first.Manifest
	if man.Sweep == nil {
		return refuse(fmt.Errorf("%s: a sweep shard without its design", first.Dir))
	}
	files := SweepFiles(man.Sweep.Tables)
	stream, err := OpenStream(opts.Out, files, opts.Force)
	if err != nil {
		return err
	}
	defer stream.Abort()
	for _, f := range files[:len(files)-1] {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := MergeSweep(shards, f, stream.File(f)); err != nil {
			return err
		}
	}
	return stream.Commit(man)
}

// refusal is an error of the shards given to Merge: it is ErrShards
// (errors.Is), whatever its message says.
type refusal struct{ err error }

func (r *refusal) Error() string        { return r.err.Error() }
func (r *refusal) Unwrap() error        { return r.err }
func (r *refusal) Is(target error) bool { return target == ErrShards }

// refuse marks err as a refusal of the shards given.
func refuse(err error) error { return &refusal{err} }
