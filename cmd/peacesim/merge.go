package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
)

// MergeOptions are the inputs of peacesim merge.
type MergeOptions struct {
	// Dirs are shard directories, or directories holding shard-I-of-N.
	Dirs  []string
	Out   string
	Force bool
	// Stderr receives what was merged.
	Stderr io.Writer
}

// newMergeCmd binds peacesim merge to a MergeOptions.
func newMergeCmd() *cobra.Command {
	opts := &MergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge DIR... -o OUT",
		Short: "Combine the shards of a run, compare or sweep into its tables",
		Long: `Merge combines the shards that run, compare or sweep wrote with --shard
(each into DIR/shard-I-of-N) into the very files the command writes in one
process, byte for byte. A DIR is the directory given to -o, holding the
shard directories, or a shard directory itself.

It refuses shards of different scenarios, overrides, seeds, trials, designs
or peacesim versions, a shard given twice, and an incomplete set, naming the
missing shards so that only those run again (with Slurm, sbatch --array=2,5 … --shards N).`,
		Example: `  peacesim sweep --vary packages.miami_20_point.troop_cap=400:1000:10 --shard auto -o study/   # in each array task
  peacesim merge study/ -o merged/`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dirs = args
			opts.Stderr = cmd.ErrOrStderr()
			if !cmd.Flags().Changed("out") || opts.Out == "" {
				return usageErrorf("merge writes to -o OUT: give a directory")
			}
			return runMerge(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "write the merged tables and manifest.json to `DIR`")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite existing outputs in the --out directory")
	_ = cmd.MarkFlagDirname("out")
	return cmd
}

// runMerge reads and checks the shards, then writes the merged output
// atomically: nothing is written unless every shard is there and agrees.
func runMerge(ctx context.Context, opts *MergeOptions) error {
	found, err := results.FindShards(opts.Dirs)
	if err != nil {
		return usageErrorf("%w", err)
	}
	shards, err := results.CheckShards(found)
	if err != nil {
		return usageErrorf("%w", err)
	}
	first := shards[0]
	if v := first.Manifest.Version; v != versionString() {
		return usageErrorf("the shards were written by peacesim %s; merge them with that version (this is %s)", v, versionString())
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	man := first.Manifest
	switch first.Command {
	case "run", "compare":
		runs, err := results.MergeRun(shards)
		if err != nil {
			return usageErrorf("%w", err)
		}
		paired := runs[0].Result.Paired != nil
		if err := results.CheckDir(opts.Out, results.Files(paired), opts.Force); err != nil {
			return err
		}
		if err := results.WriteDir(opts.Out, man, opts.Force, runs...); err != nil {
			return err
		}
	case "sweep":
		if man.Sweep == nil {
			return usageErrorf("%s: a sweep shard without its design", first.Dir)
		}
		files := results.SweepFiles(man.Sweep.Tables)
		stream, err := results.OpenStream(opts.Out, files, opts.Force)
		if err != nil {
			return err
		}
		defer stream.Abort()
		for _, f := range files[:len(files)-1] {
			if err := results.MergeSweep(shards, f, stream.File(f)); err != nil {
				return err
			}
		}
		if err := stream.Commit(man); err != nil {
			return err
		}
	default:
		return usageErrorf("%s: shards of %q, which merge does not know", first.Dir, first.Command)
	}
	fmt.Fprintf(opts.Stderr, "merged %d shards of a %s into %s\n", len(shards), first.Command, opts.Out)
	return nil
}
