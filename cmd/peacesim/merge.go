package main

import (
	"context"
	"errors"
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

// runMerge merges the shards (results.Merge): nothing is written unless
// every shard is there and agrees. Shards that do not make one whole are
// the user's to fix (exit 2).
func runMerge(ctx context.Context, opts *MergeOptions) error {
	merged, err := results.Merge(ctx, results.MergeOptions{Dirs: opts.Dirs, Out: opts.Out, Force: opts.Force, Version: versionString()})
	if errors.Is(err, results.ErrShards) {
		return &usageError{err}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Stderr, "merged %d shards of a %s into %s\n", merged.Shards, merged.Command, opts.Out)
	return nil
}
