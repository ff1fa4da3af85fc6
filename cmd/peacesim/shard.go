package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sweep"
)

// shardSpec is the shard a process runs: index (0-based) of count.
type shardSpec struct{ index, count int }

// The environment of the schedulers a shard may take its index from.
const (
	envSlurmID    = "SLURM_ARRAY_TASK_ID"
	envSlurmMin   = "SLURM_ARRAY_TASK_MIN"
	envSlurmMax   = "SLURM_ARRAY_TASK_MAX"
	envSlurmCount = "SLURM_ARRAY_TASK_COUNT"
	envSlurmStep  = "SLURM_ARRAY_TASK_STEP"
	envK8sIndex   = "JOB_COMPLETION_INDEX"
)

// resolveShard decides which shard this process runs, from --shard and
// --shards and the scheduler's environment (getenv):
//
//   - --shard I/N: shard I (0-based) of N, as given;
//   - --shard auto: in a Slurm job array of every shard, --array=0-(N-1),
//     I = SLURM_ARRAY_TASK_ID and N = SLURM_ARRAY_TASK_COUNT;
//   - --shards N: I from the scheduler, SLURM_ARRAY_TASK_ID in a Slurm
//     array or JOB_COMPLETION_INDEX in a Kubernetes Indexed Job.
//
// --shard auto refuses any other array: Slurm describes an array by its
// own tasks only, so a resubmission of the missing shards 2 and 5 of 8
// (--array=2,5) has a count of 2, and --array=2-3 looks just like 0-1 of
// 2 shifted; read as shards of 2 they would silently be another job.
// Such a resubmission says N itself, with --shards 8.
//
// The flags name the shard; the environment, where a scheduler set it,
// must agree with them: --shard I/N in an array task or an Indexed Job
// pod whose index is not I is a usage error, as are both flags at once.
// nil means no shard: the whole job in this process.
func resolveShard(shard string, shards int, getenv func(string) string) (*shardSpec, error) {
	slurm, err := readArrayTask(getenv)
	if err != nil {
		return nil, err
	}
	k8s, err := k8sIndex(getenv)
	if err != nil {
		return nil, err
	}
	switch {
	case shard != "" && shards != 0:
		return nil, usageErrorf("--shard and --shards both say which shard: give one")
	case shards < 0:
		return nil, usageErrorf("--shards must be ≥ 1, got %d", shards)
	case shard == "auto":
		return autoShard(slurm)
	case shards > 0:
		return indexedShard(shards, slurm, k8s)
	case shard == "":
		return nil, nil
	}
	return givenShard(shard, slurm, k8s)
}

// autoShard is --shard auto: the task of a Slurm array of every shard.
func autoShard(slurm *arrayTask) (*shardSpec, error) {
	if slurm == nil {
		return nil, usageErrorf("--shard auto takes the shard from a Slurm job array, but %s is not set: run it with sbatch --array, or give --shard I/N", envSlurmID)
	}
	if unset := slurm.unsetExtent(); len(unset) > 0 {
		return nil, usageErrorf("--shard auto reads the array's extent from Slurm, but %s %s not set in this task (%s=%d): give --shard I/N, or --shards N, which takes I from %s",
			strings.Join(unset, " and "), isAre(len(unset)), envSlurmID, slurm.id, envSlurmID)
	}
	if !slurm.everyShard() {
		return nil, usageErrorf("--shard auto needs an array of every shard, --array=0-(N-1), to know N, but this array is of %d tasks from %d to %d (%s, %s, %s): to run some of the shards of N, give --shards N, which takes I from %s (e.g. sbatch --array=2,5 … --shards 8)",
			slurm.count, slurm.min, slurm.max, envSlurmMin, envSlurmMax, envSlurmCount, envSlurmID)
	}
	return &shardSpec{slurm.id, slurm.count}, nil
}

// indexedShard is --shards N: the index from the Slurm array task, or
// else from the Kubernetes Indexed Job (k8s, −1 outside one); where both
// are set they must agree.
func indexedShard(shards int, slurm *arrayTask, k8s int) (*shardSpec, error) {
	index, from := k8s, envK8sIndex
	switch {
	case slurm != nil && k8s >= 0 && slurm.id != k8s:
		return nil, usageErrorf("%s=%d but %s=%d: which shard is this?", envSlurmID, slurm.id, envK8sIndex, k8s)
	case slurm != nil:
		index, from = slurm.id, envSlurmID
	case k8s < 0:
		return nil, usageErrorf("--shards %d takes the shard's index from a Slurm array (%s) or a Kubernetes Indexed Job (%s), but neither is set: give --shard I/N instead", shards, envSlurmID, envK8sIndex)
	}
	if index >= shards {
		return nil, usageErrorf("%s=%d, but --shards %d makes shards 0 to %d", from, index, shards, shards-1)
	}
	return &shardSpec{index, shards}, nil
}

// givenShard is --shard I/N, which the scheduler's index, where one is
// set, must not contradict.
func givenShard(shard string, slurm *arrayTask, k8s int) (*shardSpec, error) {
	i, n, ok := strings.Cut(shard, "/")
	index, err1 := strconv.Atoi(strings.TrimSpace(i))
	count, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || count < 1 || index < 0 || index >= count {
		return nil, usageErrorf("--shard must be I/N with 0 ≤ I < N (e.g. --shard 0/4), or auto, got %q", shard)
	}
	if slurm != nil && slurm.id != index {
		return nil, usageErrorf("--shard %d/%d, but this Slurm array task has %s=%d: give --shards %d, or run outside the array", index, count, envSlurmID, slurm.id, count)
	}
	if k8s >= 0 && k8s != index {
		return nil, usageErrorf("--shard %d/%d, but this Indexed Job pod has %s=%d: give --shards %d", index, count, envK8sIndex, k8s, count)
	}
	return &shardSpec{index, count}, nil
}

// arrayTask is what Slurm tells a task of a job array about itself, and
// which of the array's variables it did not set (their values are then
// the defaults of a task alone in its array).
type arrayTask struct {
	id, min, max, step, count int
	missing                   []string
}

// unsetExtent lists the variables of the array's extent (its first and
// last task and its count) that Slurm did not set: without them the array
// cannot be told to be one of every shard.
func (a *arrayTask) unsetExtent() []string {
	var unset []string
	for _, name := range []string{envSlurmMin, envSlurmMax, envSlurmCount} {
		if slices.Contains(a.missing, name) {
			unset = append(unset, name)
		}
	}
	return unset
}

// everyShard reports whether the array is 0-(N-1), step 1: then, and only
// then, its count is the number of shards.
func (a *arrayTask) everyShard() bool {
	return a.min == 0 && a.step == 1 && a.max == a.count-1
}

// readArrayTask reads the Slurm array task this process is; nil outside one.
func readArrayTask(getenv func(string) string) (*arrayTask, error) {
	if getenv(envSlurmID) == "" {
		return nil, nil
	}
	var a arrayTask
	num := func(name string, def int) (int, error) {
		v := getenv(name)
		if v == "" && def >= 0 {
			a.missing = append(a.missing, name)
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, usageErrorf("%s=%q is not a number", name, v)
		}
		return n, nil
	}
	var err error
	if a.id, err = num(envSlurmID, -1); err != nil {
		return nil, err
	}
	if a.min, err = num(envSlurmMin, a.id); err != nil {
		return nil, err
	}
	if a.max, err = num(envSlurmMax, a.id); err != nil {
		return nil, err
	}
	if a.step, err = num(envSlurmStep, 1); err != nil {
		return nil, err
	}
	if a.count, err = num(envSlurmCount, 1); err != nil {
		return nil, err
	}
	if a.id < a.min || a.id > a.max {
		return nil, usageErrorf("the Slurm array task %s=%d is outside its array, %s=%d to %s=%d", envSlurmID, a.id, envSlurmMin, a.min, envSlurmMax, a.max)
	}
	return &a, nil
}

// isAre is "is" for one, "are" for more.
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// k8sIndex reads an Indexed Job's completion index; −1 outside one.
func k8sIndex(getenv func(string) string) (int, error) {
	v := getenv(envK8sIndex)
	if v == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return -1, usageErrorf("%s=%q is not an index", envK8sIndex, v)
	}
	return n, nil
}

// shard resolves the options' shard from the flags and the process's
// environment, and checks what a shard needs: an output directory, and
// trials given rather than a precision.
func (o *ScenarioOptions) shard() (*shardSpec, error) {
	if o.Shards == 0 && o.gave("shards") {
		return nil, usageErrorf("--shards must be ≥ 1, got 0")
	}
	s, err := resolveShard(o.Shard, o.Shards, os.Getenv)
	if err != nil || s == nil {
		return s, err
	}
	if o.Out == "" {
		return nil, usageErrorf("a shard writes its part to -o DIR (as DIR/shard-I-of-N), for peacesim merge DIR to combine: give -o")
	}
	if o.Precision > 0 {
		return nil, usageErrorf("--precision chooses the trials as it goes, which shards cannot share: give --trials with --shard")
	}
	return s, nil
}

// part is the share [lo, hi) of n items of shard s: contiguous, in order,
// as even as whole items allow.
func (s shardSpec) part(n int64) (lo, hi int64) {
	return n * int64(s.index) / int64(s.count), n * int64(s.index+1) / int64(s.count)
}

// skipDone reports that the shard's directory already holds this shard,
// complete: a resubmitted array runs only its failed tasks. A complete
// shard of another job there is in the way (exit 2) unless --force.
func (o *ScenarioOptions) skipDone(dir string, man results.ShardManifest) (bool, error) {
	done, same, err := results.ShardDone(dir, man)
	if err != nil || !done || o.Force {
		return false, err
	}
	if !same {
		return false, usageErrorf("%s holds a shard of another job (%w): use another -o, or --force", dir, results.ErrExists)
	}
	fmt.Fprintf(o.Stderr, "peacesim: %s is complete; skipped (--force runs it again)\n", dir)
	return true, nil
}

// runShards runs the chunks of shard s of every model's trials and writes
// their aggregates to the shard's directory: a run or a compare, split.
func (o *ScenarioOptions) runShards(ctx context.Context, s *shardSpec, command string, models []*sim.Model, opts []sim.Options, man results.Manifest) error {
	sm := results.ShardManifest{Tool: "peacesim", Format: 1, Command: command, Index: s.index, Count: s.count, Manifest: man}
	for j, m := range models {
		// Every index of the job refuses alike: the check is of the job
		// (its shards and trials), not of this shard's share.
		chunks := sim.ChunkCount(opts[j].Trials)
		if chunks < int64(s.count) {
			return usageErrorf("%d shards of %s's %d trials (%d chunks of %d): some shards would have none; give at least %d trials, or use at most %d shards",
				s.count, m.ID, opts[j].Trials, chunks, sim.ChunkSize, int64(s.count-1)*sim.ChunkSize+1, chunks)
		}
		lo, hi := s.part(chunks)
		sm.Chunks = append(sm.Chunks, sim.ChunkRange{First: lo, End: hi})
	}
	dir := results.ShardDir(o.Out, s.index, s.count)
	if skip, err := o.skipDone(dir, sm); skip || err != nil {
		return err
	}
	var total int64
	for j := range models {
		total += min(sm.Chunks[j].End*sim.ChunkSize, opts[j].Trials) - sm.Chunks[j].First*sim.ChunkSize
	}
	bar := o.progress(total)
	var aggs []*sim.Aggregate
	for j, m := range models {
		so := opts[j]
		so.Chunks = sm.Chunks[j]
		if bar != nil {
			so.Progress = bar.add
		}
		o.warnWorkers(m, so)
		a, err := sim.Simulate(ctx, m, so)
		if err != nil {
			bar.finish(err)
			return err
		}
		aggs = append(aggs, a)
	}
	bar.finish(nil)
	return results.WriteRunShard(dir, sm, models, aggs, o.Force)
}

// shardPoints is the share of a sweep's points that shard s runs (all of
// them without a shard). It points out at the shard's directory, with the
// shard's manifest; skip reports that the shard is complete already.
func (o *ScenarioOptions) shardPoints(s *shardSpec, points []sweep.Point, man results.Manifest, out *results.SweepOutput) (_ []sweep.Point, skip bool, _ error) {
	if s == nil {
		return points, false, nil
	}
	if len(points) < s.count { // every index alike: a check of the job
		return nil, false, usageErrorf("%d shards of %d points: some shards would have none; use at most %d shards", s.count, len(points), len(points))
	}
	lo, hi := s.part(int64(len(points)))
	out.Dir = results.ShardDir(o.Out, s.index, s.count)
	out.Shard = &results.ShardManifest{Tool: "peacesim", Format: 1, Command: "sweep", Index: s.index, Count: s.count,
		Manifest: man, Points: [2]int{int(lo), int(hi)}}
	if skip, err := o.skipDone(out.Dir, *out.Shard); skip || err != nil {
		return nil, skip, err
	}
	o.Quiet = o.Quiet || o.Format != "table" // stdout shows a shard's points as a table only
	return points[lo:hi], false, nil
}
