package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/peacesim/peacesim/sim"
)

// The cluster files of docs/cluster.md: the Slurm array script and the
// Kubernetes manifests. make test-slurm runs the script on a real Slurm
// cluster; these tests check, without one, that the files ask peacesim for
// what the shard flags expect and that the commands they form run.
const (
	sbatchScript = "../../deploy/slurm/sweep.sbatch"
	k8sJob       = "../../deploy/k8s/sweep-job.yaml"
	k8sResults   = "../../deploy/k8s/results-pod.yaml"
)

// k8sObject is the part of a Kubernetes object the tests read: a Job, a
// Pod or a PersistentVolumeClaim.
type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		// A Job's.
		CompletionMode string `yaml:"completionMode"`
		Completions    *int   `yaml:"completions"`
		Parallelism    *int   `yaml:"parallelism"`
		Template       struct {
			Spec k8sPodSpec `yaml:"spec"`
		} `yaml:"template"`
		// A Pod's.
		k8sPodSpec `yaml:",inline"`
		// A PersistentVolumeClaim's.
		AccessModes []string `yaml:"accessModes"`
	} `yaml:"spec"`
}

type k8sPodSpec struct {
	RestartPolicy string `yaml:"restartPolicy"`
	Containers    []struct {
		Name         string   `yaml:"name"`
		Image        string   `yaml:"image"`
		Command      []string `yaml:"command"`
		Args         []string `yaml:"args"`
		VolumeMounts []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
		} `yaml:"volumeMounts"`
	} `yaml:"containers"`
	Volumes []struct {
		Name                  string `yaml:"name"`
		PersistentVolumeClaim *struct {
			ClaimName string `yaml:"claimName"`
		} `yaml:"persistentVolumeClaim"`
	} `yaml:"volumes"`
}

// readK8s decodes every document of a manifest file.
func readK8s(t *testing.T, file string) []k8sObject {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var objs []k8sObject
	for {
		var o k8sObject
		if err := dec.Decode(&o); errors.Is(err, io.EOF) {
			return objs
		} else if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		objs = append(objs, o)
	}
}

// claimAt is the PersistentVolumeClaim a pod's container mounts at the
// directory holding dir, and where; empty if none does.
func claimAt(spec k8sPodSpec, dir string) (claim, mount string) {
	claims := map[string]string{}
	for _, v := range spec.Volumes {
		if v.PersistentVolumeClaim != nil {
			claims[v.Name] = v.PersistentVolumeClaim.ClaimName
		}
	}
	for _, c := range spec.Containers {
		for _, m := range c.VolumeMounts {
			rel, under := strings.CutPrefix(path.Clean(dir), path.Clean(m.MountPath))
			if claims[m.Name] != "" && under && (rel == "" || strings.HasPrefix(rel, "/")) {
				return claims[m.Name], m.MountPath
			}
		}
	}
	return "", ""
}

// flagValue is the value of the flag named by any of names in args (as
// "-o DIR", "--out DIR" or "--out=DIR"), and its index; −1 if absent.
func flagValue(args []string, names ...string) (string, int) {
	for i, a := range args {
		for _, n := range names {
			if a == n && i+1 < len(args) {
				return args[i+1], i + 1
			}
			if v, ok := strings.CutPrefix(a, n+"="); ok {
				return v, i
			}
		}
	}
	return "", -1
}

// withFlag is args with the value of flag name (given as "name value")
// replaced by v.
func withFlag(t *testing.T, args []string, v string, names ...string) []string {
	t.Helper()
	_, i := flagValue(args, names...)
	if i < 0 {
		t.Fatalf("%v has no %s", args, names[0])
	}
	out := slices.Clone(args)
	if strings.Contains(out[i], "=") && strings.HasPrefix(out[i], "-") {
		name, _, _ := strings.Cut(out[i], "=")
		out[i] = name + "=" + v
	} else {
		out[i] = v
	}
	return out
}

// withoutFlag is args without the flag name and its value.
func withoutFlag(args []string, name string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == name:
			i++
		case strings.HasPrefix(args[i], name+"="):
		default:
			out = append(out, args[i])
		}
	}
	return out
}

// sameFiles fails unless dir got holds the files of dir want, byte for byte.
func sameFiles(t *testing.T, want, got string) {
	t.Helper()
	w, g := readDir(t, want), readDir(t, got)
	if len(g) != len(w) {
		t.Errorf("%d files merged, want %d", len(g), len(w))
	}
	for name, b := range w {
		if !bytes.Equal(g[name], b) {
			t.Errorf("%s differs from the unsharded command's", name)
		}
	}
}

// TestKubernetesIndexedJob: the Job is an Indexed Job whose pods run
// peacesim with --shards equal to its completions into a directory of the
// claim they mount; the results pod mounts that claim at the same place;
// and the pods' command, run once per completion index (with fewer trials),
// merges into the files of the unsharded command.
func TestKubernetesIndexedJob(t *testing.T) {
	objs := readK8s(t, k8sJob)
	var job *k8sObject
	claims := map[string]bool{}
	for i, o := range objs {
		switch o.Kind {
		case "Job":
			if job != nil {
				t.Fatalf("%s: more than one Job", k8sJob)
			}
			job = &objs[i]
		case "PersistentVolumeClaim":
			claims[o.Metadata.Name] = true
			if !slices.Contains(o.Spec.AccessModes, "ReadWriteMany") {
				t.Errorf("claim %s: accessModes %v: pods on several nodes write to it: ReadWriteMany", o.Metadata.Name, o.Spec.AccessModes)
			}
		}
	}
	if job == nil {
		t.Fatalf("%s: no Job", k8sJob)
	}
	spec := job.Spec
	if spec.CompletionMode != "Indexed" {
		t.Errorf("completionMode %q: want Indexed, which sets JOB_COMPLETION_INDEX", spec.CompletionMode)
	}
	if spec.Completions == nil || *spec.Completions < 1 {
		t.Fatalf("completions: want the number of shards, got %v", spec.Completions)
	}
	n := *spec.Completions
	if p := spec.Parallelism; p != nil && (*p < 1 || *p > n) {
		t.Errorf("parallelism %d: want 1 to completions (%d)", *p, n)
	}
	pod := spec.Template.Spec
	if pod.RestartPolicy != "Never" && pod.RestartPolicy != "OnFailure" {
		t.Errorf("restartPolicy %q: a Job's pods need Never or OnFailure", pod.RestartPolicy)
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	argv := append(slices.Clone(c.Command), c.Args...)
	if len(argv) < 2 || path.Base(argv[0]) != "peacesim" {
		t.Fatalf("the container runs %q, want peacesim", argv)
	}
	args := argv[1:]
	if s, _ := flagValue(args, "--shards"); s != strconv.Itoa(n) {
		t.Errorf("--shards %q, want the Job's completions, %d", s, n)
	}
	if s, i := flagValue(args, "--shard"); i >= 0 {
		t.Errorf("--shard %s: the index comes from the Job: give --shards only", s)
	}
	out, i := flagValue(args, "-o", "--out")
	if i < 0 {
		t.Fatalf("%q: no -o: the shards must go to the shared volume", args)
	}
	claim, mount := claimAt(pod, out)
	if claim == "" {
		t.Fatalf("-o %s is on no PersistentVolumeClaim the pod mounts", out)
	}
	if !claims[claim] {
		t.Errorf("the pod mounts claim %q, which %s does not define", claim, k8sJob)
	}
	for _, o := range readK8s(t, k8sResults) {
		if o.Kind != "Pod" {
			continue
		}
		if got, at := claimAt(o.Spec.k8sPodSpec, out); got != claim || at != mount {
			t.Errorf("%s mounts claim %q at %q, want %q at %q, as the Job's pods", k8sResults, got, at, claim, mount)
		}
	}

	// Every pod's command, as the Job runs it, on few trials: a chunk a
	// shard for a run or a compare, split by chunks; a sweep is split by
	// points.
	dir := t.TempDir()
	trials := n * sim.ChunkSize
	if args[0] == "sweep" {
		trials = 1000
	}
	args = withFlag(t, args, filepath.Join(dir, "results"), "-o", "--out")
	args = withFlag(t, args, strconv.Itoa(trials), "--trials")
	for i := range n {
		t.Setenv(envK8sIndex, strconv.Itoa(i))
		if r := cli(t, args...); r.code != exitOK {
			t.Fatalf("pod %d: peacesim %q: exit %d: %s", i, args, r.code, r.stderr)
		}
	}
	os.Unsetenv(envK8sIndex)
	if r := cli(t, "merge", filepath.Join(dir, "results"), "-o", filepath.Join(dir, "merged")); r.code != exitOK {
		t.Fatalf("merge: exit %d: %s", r.code, r.stderr)
	}
	whole := withFlag(t, withoutFlag(args, "--shards"), filepath.Join(dir, "whole"), "-o", "--out")
	if r := cli(t, whole...); r.code != exitOK {
		t.Fatalf("peacesim %q: exit %d: %s", whole, r.code, r.stderr)
	}
	sameFiles(t, filepath.Join(dir, "whole"), filepath.Join(dir, "merged"))
}

// slurmTask is the environment Slurm gives one task of an array.
type slurmTask struct{ id, lo, hi, step, count int }

func (s slurmTask) env() []string {
	return []string{
		"SLURM_ARRAY_TASK_ID=" + strconv.Itoa(s.id),
		"SLURM_ARRAY_TASK_MIN=" + strconv.Itoa(s.lo),
		"SLURM_ARRAY_TASK_MAX=" + strconv.Itoa(s.hi),
		"SLURM_ARRAY_TASK_STEP=" + strconv.Itoa(s.step),
		"SLURM_ARRAY_TASK_COUNT=" + strconv.Itoa(s.count),
	}
}

// sbatchRun runs the array script as one task of an array would, with a
// stand-in for peacesim that records its arguments and the Slurm array
// variables it was given; it returns them and the script's exit status.
func sbatchRun(t *testing.T, task slurmTask, extraEnv []string, args ...string) (argv, slurmEnv []string, code int) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the sbatch script with")
	}
	dir := t.TempDir()
	stub := filepath.Join(dir, "peacesim")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" >\"$0.args\"\nenv | grep '^SLURM_ARRAY' | sort >\"$0.env\"\n"
	if err := os.WriteFile(stub, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bash, append([]string{sbatchScript}, args...)...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "PEACESIM=" + stub}, task.env()...)
	cmd.Env = append(cmd.Env, extraEnv...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return nil, nil, exit.ExitCode()
	}
	lines := func(f string) []string {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("%s: %v (stderr: %s)", f, err, stderr.String())
		}
		return strings.Fields(string(b))
	}
	return lines(stub + ".args"), lines(stub + ".env"), 0
}

// TestSlurmArrayScript: the sbatch script runs peacesim with --shard auto
// in an array of every shard, 0-(N-1), and with --shards N when
// PEACESIM_SHARDS=N, for a resubmission of some shards; without it, peacesim
// itself refuses an array of only some shards (--shard auto would take
// --array=1,3 for shards 0 and 1 of 2), writing nothing.
func TestSlurmArrayScript(t *testing.T) {
	study := []string{"sweep", "--vary", "packages.miami_20_point.troop_cap=400:1000:100", "--trials", "3000"}
	tail := func(argv []string, n int) []string { return argv[max(0, len(argv)-n):] }

	t.Run("default study", func(t *testing.T) {
		argv, _, code := sbatchRun(t, slurmTask{0, 0, 3, 1, 4}, nil)
		if code != 0 || len(argv) == 0 || argv[0] != "sweep" {
			t.Fatalf("exit %d, peacesim %q: want a sweep", code, argv)
		}
		if got := tail(argv, 4); !slices.Equal(got, []string{"--shard", "auto", "-o", "results"}) {
			t.Errorf("peacesim %q: want it to end in --shard auto -o results", argv)
		}
	})
	t.Run("workers from --cpus-per-task", func(t *testing.T) {
		argv, _, _ := sbatchRun(t, slurmTask{1, 0, 3, 1, 4}, []string{"SLURM_CPUS_PER_TASK=8"}, study...)
		if w, _ := flagValue(argv, "--workers"); w != "8" {
			t.Errorf("peacesim %q: want --workers 8", argv)
		}
	})
	t.Run("some shards with PEACESIM_SHARDS", func(t *testing.T) {
		argv, env, code := sbatchRun(t, slurmTask{3, 1, 3, 1, 2}, []string{"PEACESIM_SHARDS=4", "PEACESIM_OUT=study"}, study...)
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		if got := tail(argv, 4); !slices.Equal(got, []string{"--shards", "4", "-o", "study"}) {
			t.Errorf("peacesim %q: want it to end in --shards 4 -o study", argv)
		}
		if !slices.Contains(env, "SLURM_ARRAY_TASK_ID=3") {
			t.Errorf("peacesim saw %q: --shards takes the index from SLURM_ARRAY_TASK_ID", env)
		}
	})
	for _, task := range []slurmTask{{1, 1, 3, 1, 2}, {3, 1, 3, 1, 2}, {2, 0, 2, 1, 2}, {2, 2, 3, 1, 2}} {
		t.Run("some shards without PEACESIM_SHARDS", func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "shards")
			argv, env, code := sbatchRun(t, task, []string{"PEACESIM_OUT=" + out}, study...)
			if code != 0 {
				t.Fatalf("task %+v: script exit %d", task, code)
			}
			r := replay(t, argv, env)
			if r.code != exitUsage || !strings.Contains(r.stderr, "give --shards N") {
				t.Errorf("task %+v: peacesim %q: exit %d (%s): want exit %d asking for --shards N", task, argv, r.code, r.stderr, exitUsage)
			}
			if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("task %+v: refused, yet %s exists (%v)", task, out, err)
			}
		})
	}

	// The commands of an array's 4 tasks, and of a resubmission of 1 and 3,
	// run as peacesim would in them and merged, make the unsharded files.
	dir := t.TempDir()
	out := filepath.Join(dir, "shards")
	type submission struct {
		tasks []slurmTask
		env   []string
	}
	for _, s := range []submission{
		{[]slurmTask{{0, 0, 2, 1, 2}, {2, 0, 2, 1, 2}}, []string{"PEACESIM_SHARDS=4"}}, // --array=0,2
		{[]slurmTask{{0, 0, 3, 1, 4}, {1, 0, 3, 1, 4}, {2, 0, 3, 1, 4}, {3, 0, 3, 1, 4}}, nil},
	} {
		for _, task := range s.tasks {
			argv, env, code := sbatchRun(t, task, append(s.env, "PEACESIM_OUT="+out), study...)
			if code != 0 {
				t.Fatalf("task %+v: exit %d", task, code)
			}
			r := replay(t, argv, env)
			if r.code != exitOK {
				t.Fatalf("task %+v: peacesim %q: exit %d: %s", task, argv, r.code, r.stderr)
			}
		}
	}
	if r := cli(t, "merge", out, "-o", filepath.Join(dir, "merged")); r.code != exitOK {
		t.Fatalf("merge: exit %d: %s", r.code, r.stderr)
	}
	if r := cli(t, append(study, "-q", "-o", filepath.Join(dir, "whole"))...); r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	sameFiles(t, filepath.Join(dir, "whole"), filepath.Join(dir, "merged"))
}

// replay runs peacesim in this process with the arguments and the Slurm
// array variables the script gave its stand-in.
func replay(t *testing.T, argv, env []string) cliResult {
	t.Helper()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	defer func() {
		for _, kv := range env {
			k, _, _ := strings.Cut(kv, "=")
			os.Unsetenv(k)
		}
	}()
	return cli(t, argv...)
}
