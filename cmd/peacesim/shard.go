package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
)

// shardSpec is the shard a process runs: index (0-based) of count.
type shardSpec struct{ index, count int }

// The environment of the schedulers a shard may take its index from.
const (
	envSlurmID    = "SLURM_ARRAY_TASK_ID"
	envSlurmMin   = "SLURM_ARRAY_TASK_MIN"
	envSlurmCount = "SLURM_ARRAY_TASK_COUNT"
	envSlurmStep  = "SLURM_ARRAY_TASK_STEP"
	envK8sIndex   = "JOB_COMPLETION_INDEX"
)

// resolveShard decides which shard this process runs, from --shard and
// --shards and the scheduler's environment (getenv):
//
//   - --shard I/N: shard I (0-based) of N, as given;
//   - --shard auto: from a Slurm job array, I = (SLURM_ARRAY_TASK_ID −
//     SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP and N =
//     SLURM_ARRAY_TASK_COUNT, so --array=0-3 and --array=1-7:2 both give
//     shards 0…3 of 4;
//   - --shards N: from a Kubernetes Indexed Job, I = JOB_COMPLETION_INDEX.
//
// The flags name the shard; the environment, where a scheduler set it,
// must agree with them: --shard I/N in a Slurm array task or an Indexed
// Job pod whose index says otherwise is a usage error, as are both flags
// at once. nil means no shard: the whole job in this process.
func resolveShard(shard string, shards int, getenv func(string) string) (*shardSpec, error) {
	slurm, slurmErr := slurmShard(getenv)
	k8s, k8sErr := k8sIndex(getenv)
	switch {
	case shard != "" && shards != 0:
		return nil, usageErrorf("--shard and --shards both say which shard: give one")
	case shards < 0:
		return nil, usageErrorf("--shards must be ≥ 1, got %d", shards)
	case shard == "auto":
		if slurmErr != nil {
			return nil, slurmErr
		}
		if slurm == nil {
			return nil, usageErrorf("--shard auto takes the shard from a Slurm job array, but %s is not set: run it with sbatch --array, or give --shard I/N", envSlurmID)
		}
		return slurm, nil
	case shards > 0:
		if k8sErr != nil {
			return nil, k8sErr
		}
		if k8s < 0 {
			return nil, usageErrorf("--shards %d takes the shard's index from a Kubernetes Indexed Job, but %s is not set: give --shard I/N instead", shards, envK8sIndex)
		}
		if k8s >= shards {
			return nil, usageErrorf("%s=%d, but --shards %d makes shards 0 to %d", envK8sIndex, k8s, shards, shards-1)
		}
		if slurm != nil && (slurm.index != k8s || slurm.count != shards) {
			return nil, usageErrorf("--shards %d with %s=%d is shard %d of %d, but the Slurm array says shard %d of %d", shards, envK8sIndex, k8s, k8s, shards, slurm.index, slurm.count)
		}
		return &shardSpec{k8s, shards}, nil
	case shard == "":
		return nil, nil
	}
	i, n, ok := strings.Cut(shard, "/")
	index, err1 := strconv.Atoi(strings.TrimSpace(i))
	count, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || count < 1 || index < 0 || index >= count {
		return nil, usageErrorf("--shard must be I/N with 0 ≤ I < N (e.g. --shard 0/4), or auto, got %q", shard)
	}
	s := &shardSpec{index, count}
	if slurm != nil && *slurm != *s {
		return nil, usageErrorf("--shard %d/%d, but this Slurm array task is shard %d of %d (%s): give --shard auto, or run outside the array", index, count, slurm.index, slurm.count, envSlurmID)
	}
	if k8s >= 0 && k8s != index {
		return nil, usageErrorf("--shard %d/%d, but this Indexed Job pod has %s=%d: give --shards %d", index, count, envK8sIndex, k8s, count)
	}
	return s, nil
}

// slurmShard reads the shard of a Slurm array task; nil outside one.
func slurmShard(getenv func(string) string) (*shardSpec, error) {
	if getenv(envSlurmID) == "" {
		return nil, nil
	}
	num := func(name string, def int) (int, error) {
		v := getenv(name)
		if v == "" && def >= 0 {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, usageErrorf("%s=%q is not a number", name, v)
		}
		return n, nil
	}
	id, err := num(envSlurmID, -1)
	if err != nil {
		return nil, err
	}
	lo, err := num(envSlurmMin, 0)
	if err != nil {
		return nil, err
	}
	step, err := num(envSlurmStep, 1)
	if err != nil {
		return nil, err
	}
	count, err := num(envSlurmCount, -1)
	if err != nil {
		return nil, err
	}
	if step < 1 || count < 1 || id < lo || (id-lo)%step != 0 || (id-lo)/step >= count {
		return nil, usageErrorf("the Slurm array task %s=%d (%s=%d, %s=%d, %s=%d) is not one of the array's tasks", envSlurmID, id, envSlurmMin, lo, envSlurmStep, step, envSlurmCount, count)
	}
	return &shardSpec{(id - lo) / step, count}, nil
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
		lo, hi := s.part(sim.ChunkCount(opts[j].Trials))
		if lo == hi {
			return usageErrorf("%d shards of %s's %d chunks of %d trials: some would have none; use at most %d shards, or more trials",
				s.count, m.ID, sim.ChunkCount(opts[j].Trials), sim.ChunkSize, sim.ChunkCount(opts[j].Trials))
		}
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
