package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// shardJob is a command whose shards are merged in the tests.
var shardJobs = []struct {
	name string
	args []string
}{
	{"run", []string{"run", "--trials", "17000"}},
	{"run of a batch", []string{"run", "miami-2025", "testdata/good.toml", "--trials", "13000"}},
	{"run of some packages", []string{"run", "--packages", "us_28_point,miami_20_point", "--trials", "17000"}},
	{"compare", []string{"compare", "--trials", "17000"}},
	{"run over a timeline", []string{"run", timelineScenario, "--trials", "17000"}},
	{"run of a mark's round", []string{"run", timelineScenario, "--round", "end_of_year", "--trials", "17000"}},
	{"batch over a timeline and not", []string{"run", timelineScenario, "testdata/good.toml", "--trials", "13000"}},
	{"compare of a round", []string{"compare", timelineScenario, "--round", "2", "--trials", "17000"}},
	{"sweep", []string{"sweep", "--vary", "packages.miami_20_point.troop_cap=400:1000:100", "--tables", "acceptance", "--trials", "3000"}},
}

// readDir reads every file of dir.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// shardInto runs shards of job into dir and returns the cli results.
func shardInto(t *testing.T, args []string, dir string, shards ...string) {
	t.Helper()
	for _, s := range shards {
		if r := cli(t, append(args, "--shard", s, "-o", dir, "-q")...); r.code != exitOK {
			t.Fatalf("%v --shard %s: exit %d: %s", args, s, r.code, r.stderr)
		}
	}
}

// TestShardsMerge: a run, a batch, a compare and a sweep split into 1, 3
// and 4 shards merge into the very files of the unsharded command.
func TestShardsMerge(t *testing.T) {
	for _, job := range shardJobs {
		t.Run(job.name, func(t *testing.T) {
			whole := filepath.Join(t.TempDir(), "whole")
			if r := cli(t, append(job.args, "-o", whole, "-q")...); r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			want := readDir(t, whole)
			for _, n := range []int{1, 3, 4} {
				dir, out := filepath.Join(t.TempDir(), "shards"), filepath.Join(t.TempDir(), "merged")
				var shards []string
				for i := n - 1; i >= 0; i-- { // in any order
					shards = append(shards, strconv.Itoa(i)+"/"+strconv.Itoa(n))
				}
				shardInto(t, job.args, dir, shards...)
				if r := cli(t, "merge", dir, "-o", out); r.code != exitOK {
					t.Fatalf("%d shards: merge: exit %d: %s", n, r.code, r.stderr)
				}
				got := readDir(t, out)
				if len(got) != len(want) {
					t.Errorf("%d shards: %d files merged, want %d", n, len(got), len(want))
				}
				for name, b := range want {
					if !bytes.Equal(got[name], b) {
						t.Errorf("%d shards: %s differs from the unsharded run's", n, name)
					}
				}
			}
		})
	}
}

// TestMergeRefuses: shards of different jobs, a shard twice, and an
// incomplete set are refused (exit 2) with the reason; the missing shards
// are named for a resubmission.
func TestMergeRefuses(t *testing.T) {
	base := []string{"run", "--trials", "17000"}
	dir := filepath.Join(t.TempDir(), "a")
	shardInto(t, base, dir, "0/4", "1/4", "3/4")
	other := func(args ...string) string {
		d := filepath.Join(t.TempDir(), "b")
		shardInto(t, args, d, "2/4")
		return filepath.Join(d, "shard-2-of-4")
	}
	cases := []struct {
		name string
		dirs []string
		want string
	}{
		{"missing", []string{dir}, "1 of 4 shards are missing: 2 (with Slurm: sbatch --array=2 … --shards 4)"},
		{"another seed", []string{dir, other(append(base, "--seed", "9")...)}, "seeds 20251220 and 9"},
		{"other trials", []string{dir, other("run", "--trials", "18000")}, "17000 and 18000 trials"},
		{"another override", []string{dir, other(append(base, "--set", "run.seed=1")...)}, "another scenario or overrides"},
		{"another command", []string{dir, other("compare", "--trials", "17000")}, "command run and compare"},
		{"twice", []string{dir, filepath.Join(dir, "shard-0-of-4")}, "shard 0 of 4 twice"},
		{"of another count", []string{dir, filepath.Join(func() string {
			d := filepath.Join(t.TempDir(), "c")
			shardInto(t, base, d, "2/3")
			return d
		}(), "shard-2-of-3")}, "is a shard of 3"},
	}
	for _, c := range cases {
		out := filepath.Join(t.TempDir(), "out")
		r := cli(t, append(append([]string{"merge"}, c.dirs...), "-o", out)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", c.name, r.code, r.stderr, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: a refused merge wrote %s", c.name, out)
		}
	}
}

// TestShardSkipsWhatIsDone: a shard whose complete output exists is
// skipped unless --force, so that a failed array is resubmitted whole; a
// complete shard of another job is in the way.
func TestShardSkipsWhatIsDone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	args := []string{"run", "--trials", "9000", "--shard", "1/2", "-o", dir}
	if r := cli(t, args...); r.code != exitOK {
		t.Fatal(r.stderr)
	}
	aggregate := filepath.Join(dir, "shard-1-of-2", "aggregate-0.bin")
	stamp := time0(t, aggregate)
	if r := cli(t, args...); r.code != exitOK || !strings.Contains(r.stderr, "is complete; skipped") {
		t.Errorf("again: exit %d, stderr %q; want a skip", r.code, r.stderr)
	}
	if time0(t, aggregate) != stamp {
		t.Error("a complete shard was run again")
	}
	if r := cli(t, append(args, "--force")...); r.code != exitOK || strings.Contains(r.stderr, "skipped") {
		t.Errorf("--force: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := cli(t, "run", "--trials", "9000", "--seed", "4", "--shard", "1/2", "-o", dir); r.code != exitUsage || !strings.Contains(r.stderr, "holds a shard of another job") {
		t.Errorf("another job: exit %d, stderr %q", r.code, r.stderr)
	}
}

// time0 is the modification time of a file, to tell whether it was
// written again.
func time0(t *testing.T, file string) int64 {
	t.Helper()
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	return fi.ModTime().UnixNano()
}

// TestResolveShard: the shard from the flags and the scheduler's
// environment, with their precedence and contradictions.
func TestResolveShard(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	array := func(id, lo, hi, count int) func(string) string {
		return env("SLURM_ARRAY_TASK_ID", strconv.Itoa(id), "SLURM_ARRAY_TASK_MIN", strconv.Itoa(lo),
			"SLURM_ARRAY_TASK_MAX", strconv.Itoa(hi), "SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", strconv.Itoa(count))
	}
	slurm := array(2, 0, 3, 4) // --array=0-3
	cases := []struct {
		name        string
		shard       string
		shards      int
		getenv      func(string) string
		want        *shardSpec
		wantErrPart string
	}{
		{"none", "", 0, env(), nil, ""},
		{"explicit", "2/4", 0, env(), &shardSpec{2, 4}, ""},
		{"auto from an array of every shard", "auto", 0, slurm, &shardSpec{2, 4}, ""},
		{"auto without Slurm", "auto", 0, env(), nil, "SLURM_ARRAY_TASK_ID is not set"},
		// Resubmissions of missing shards of 8: Slurm counts only their tasks.
		{"auto without the array's extent", "auto", 0, env("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "4"), nil,
			"SLURM_ARRAY_TASK_MAX is not set in this task (SLURM_ARRAY_TASK_ID=3)"},
		{"auto in --array=2,5", "auto", 0, array(5, 2, 5, 2), nil, "give --shards N"},
		{"auto in --array=2-3", "auto", 0, array(2, 2, 3, 2), nil, "give --shards N"},
		{"auto in --array=0,2", "auto", 0, array(0, 0, 2, 2), nil, "give --shards N"},
		{"auto in --array=0-6:2", "auto", 0, env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "6", "SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_COUNT", "4"), nil, "give --shards N"},
		{"--shards N in --array=2,5", "", 8, array(5, 2, 5, 2), &shardSpec{5, 8}, ""},
		{"--shards N in an array beyond it", "", 4, array(5, 2, 5, 2), nil, "SLURM_ARRAY_TASK_ID=5, but --shards 4 makes shards 0 to 3"},
		{"explicit agreeing with Slurm", "2/4", 0, slurm, &shardSpec{2, 4}, ""},
		{"explicit agreeing with a resubmission", "5/8", 0, array(5, 2, 5, 2), &shardSpec{5, 8}, ""},
		{"explicit contradicting Slurm", "1/4", 0, slurm, nil, "SLURM_ARRAY_TASK_ID=2"},
		{"Kubernetes", "", 3, env("JOB_COMPLETION_INDEX", "2"), &shardSpec{2, 3}, ""},
		{"--shards without a scheduler", "", 3, env(), nil, "neither is set"},
		{"Kubernetes index beyond", "", 3, env("JOB_COMPLETION_INDEX", "3"), nil, "makes shards 0 to 2"},
		{"Slurm and Kubernetes disagree", "", 4, env("JOB_COMPLETION_INDEX", "1", "SLURM_ARRAY_TASK_ID", "2"), nil, "which shard"},
		{"explicit contradicting Kubernetes", "1/3", 0, env("JOB_COMPLETION_INDEX", "2"), nil, "JOB_COMPLETION_INDEX=2"},
		{"both flags", "1/3", 3, env(), nil, "give one"},
		{"malformed", "4/4", 0, env(), nil, "0 ≤ I < N"},
		{"not a Slurm task", "auto", 0, array(4, 0, 3, 4), nil, "outside its array"},
		{"not a number", "auto", 0, env("SLURM_ARRAY_TASK_ID", "x"), nil, `SLURM_ARRAY_TASK_ID="x" is not a number`},
	}
	for _, c := range cases {
		got, err := resolveShard(c.shard, c.shards, c.getenv)
		switch {
		case c.wantErrPart != "" && (err == nil || !strings.Contains(err.Error(), c.wantErrPart) || exitCode(err) != exitUsage):
			t.Errorf("%s: err %v, want a usage error with %q", c.name, err, c.wantErrPart)
		case c.wantErrPart == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.wantErrPart == "" && (got == nil) != (c.want == nil), got != nil && c.want != nil && *got != *c.want:
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestShardNeeds: a shard needs -o, and trials rather than a precision.
func TestShardNeeds(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--shard", "0/2"}, "give -o"},
		{[]string{"run", "--shard", "0/2", "-o", t.TempDir(), "--precision", "0.01"}, "give --trials with --shard"},
		{[]string{"run", "--trials", "100", "--shard", "1/3", "-o", t.TempDir()}, "some shards would have none"},
	} {
		if r := cli(t, c.args...); r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// TestMergeRefusesChangedShards: merge refuses a shard whose file has one
// bit flipped since it was written — of a run's aggregate, of a sweep's
// table — naming the file, rather than merging a changed figure; and a
// shard without checksums, which it cannot check.
func TestMergeRefusesChangedShards(t *testing.T) {
	for _, c := range []struct {
		args []string
		file string
	}{
		{[]string{"run", "--trials", "9000"}, "aggregate-0.bin"},
		{[]string{"sweep", "--vary", "packages.miami_20_point.troop_cap=400:1000:300", "--trials", "2000"}, "sweep.csv"},
	} {
		dir := filepath.Join(t.TempDir(), "s")
		for i := range 2 {
			if r := cli(t, append(c.args, "-q", "--shard", strconv.Itoa(i)+"/2", "-o", dir)...); r.code != exitOK {
				t.Fatalf("%v shard %d: %s", c.args, i, r.stderr)
			}
		}
		if r := cli(t, "merge", dir, "-o", filepath.Join(t.TempDir(), "m")); r.code != exitOK {
			t.Fatalf("%v: merge of intact shards: %s", c.args, r.stderr)
		}
		file := filepath.Join(dir, "shard-1-of-2", c.file)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 0x10
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "m")
		if r := cli(t, "merge", dir, "-o", out); r.code != exitUsage || !strings.Contains(r.stderr, file+" does not match its checksum") {
			t.Errorf("%v: a flipped bit in %s: exit %d, stderr %q", c.args, c.file, r.code, r.stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v: a refused merge wrote %s", c.args, out)
		}
	}

	dir := filepath.Join(t.TempDir(), "s")
	for i := range 2 {
		cli(t, "run", "--trials", "9000", "-q", "--shard", strconv.Itoa(i)+"/2", "-o", dir)
	}
	index := filepath.Join(dir, "shard-0-of-2", "shard.json")
	b, _ := os.ReadFile(index)
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	delete(raw, "sha256")
	b, _ = json.Marshal(raw)
	os.WriteFile(index, b, 0o644)
	if r := cli(t, "merge", dir, "-o", filepath.Join(t.TempDir(), "m")); r.code != exitUsage || !strings.Contains(r.stderr, "has no checksums of its files") {
		t.Errorf("a shard without checksums: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestShardsFailAlike: a job of more shards than chunks (or a sweep's
// points) is refused by every one of its shards alike, with the smallest
// trials that work, and none writes anything; --shards 0 is refused, not
// taken for no shards.
func TestShardsFailAlike(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--trials", "5000"}, "some shards would have none; give at least 8193 trials, or use at most 2 shards"},
		{[]string{"sweep", "--vary", "packages.miami_20_point.troop_cap=400:1000:300", "--trials", "1000"}, "3 shards of 3 points"},
	} {
		dir := filepath.Join(t.TempDir(), "s")
		shards := "3"
		if c.args[0] == "sweep" {
			shards = "4"
			c.want = "4 shards of 3 points: some shards would have none; use at most 3 shards"
		}
		for i := range 3 {
			r := cli(t, append(c.args, "-q", "--shard", strconv.Itoa(i)+"/"+shards, "-o", dir)...)
			if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
				t.Errorf("%v shard %d: exit %d, stderr %q; want 2 and %q", c.args, i, r.code, r.stderr, c.want)
			}
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%v: a refused shard wrote %s", c.args, dir)
		}
	}
	if r := cli(t, "run", "--shards", "0", "-q", "-o", t.TempDir()); r.code != exitUsage || !strings.Contains(r.stderr, "--shards must be ≥ 1, got 0") {
		t.Errorf("--shards 0: exit %d, stderr %q", r.code, r.stderr)
	}
}
