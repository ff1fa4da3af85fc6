package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// VersionOptions are the inputs of peacesim version.
type VersionOptions struct {
	Stdout io.Writer
}

// newVersionCmd binds peacesim version.
func newVersionCmd() *cobra.Command {
	opts := &VersionOptions{}
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of peacesim, Go and gonum",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Stdout = cmd.OutOrStdout()
			return runVersion(cmd.Context(), opts)
		},
	}
}

// runVersion prints "peacesim VERSION (go1.x, gonum vX)".
func runVersion(_ context.Context, opts *VersionOptions) error {
	_, err := fmt.Fprintf(opts.Stdout, "peacesim %s\n", versionDetails())
	return err
}
