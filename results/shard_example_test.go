package results_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// Two processes each run a range of the chunks of a run's trials into a
// shard of their own; Merge combines the shards into the very tables of
// the whole run. A set with a shard missing is refused, naming it.
func ExampleMerge() {
	ctx := context.Background()
	src, _ := scenarios.Lookup(scenarios.Default)
	m, err := scenarios.Load(scenarios.Default+".toml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := sim.Options{Trials: 3 * sim.ChunkSize, Seed: 7}
	man := results.NewManifest("v0.1.0")
	man.Scenarios = append(man.Scenarios, results.NewScenarioRun(m, &sim.Result{Trials: opts.Trials, Seed: opts.Seed}, "miami-2025.toml"))
	dir, err := os.MkdirTemp("", "peacesim-shards")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	for i, chunks := range []sim.ChunkRange{{First: 0, End: 2}, {First: 2, End: 3}} {
		shard := opts
		shard.Chunks = chunks
		a, err := sim.Simulate(ctx, m, shard)
		if err != nil {
			fmt.Println(err)
			return
		}
		sm := results.ShardManifest{Tool: "peacesim", Format: 1, Command: "run", Index: i, Count: 2,
			Manifest: man, Chunks: []sim.ChunkRange{chunks}}
		if err := results.WriteRunShard(results.ShardDir(dir, i, 2), sm, []*sim.Model{m}, []*sim.Aggregate{a}, false); err != nil {
			fmt.Println(err)
			return
		}
	}
	out := filepath.Join(dir, "merged")
	merged, err := results.Merge(ctx, results.MergeOptions{Dirs: []string{dir}, Out: out, Version: "v0.1.0"})
	fmt.Println(merged.Shards, "shards of a", merged.Command, err)

	r, err := sim.Run(ctx, m, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	var whole bytes.Buffer
	if err := results.WritePathways(&whole, results.Run{Model: m, Result: r}); err != nil {
		fmt.Println(err)
		return
	}
	got, _ := os.ReadFile(filepath.Join(out, "pathways.csv"))
	fmt.Println("pathways.csv as of one run:", bytes.Equal(got, whole.Bytes()))

	_ = os.RemoveAll(results.ShardDir(dir, 1, 2))
	_, err = results.Merge(ctx, results.MergeOptions{Dirs: []string{dir}, Out: filepath.Join(dir, "again"), Version: "v0.1.0"})
	fmt.Println(errors.Is(err, results.ErrShards), err)
	// Output:
	// 2 shards of a run <nil>
	// pathways.csv as of one run: true
	// true the shards do not make one whole: 1 of 2 shards are missing: 1 (with Slurm: sbatch --array=1 … --shards 2)
}
