package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/scenarios"
)

// ValidateOptions are the inputs of peacesim validate.
type ValidateOptions struct {
	Files []string
	// Stdout receives one "FILE: ok (…)" line per valid file, Stderr the
	// warnings of the valid files (scenarios.Warnings).
	Stdout, Stderr io.Writer
}

// newValidateCmd binds peacesim validate to a ValidateOptions.
func newValidateCmd() *cobra.Command {
	opts := &ValidateOptions{}
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and list every problem",
		Long: `Validate loads each scenario file and reports every problem at once, one
per line as FILE:LINE:COL: key: message, on stderr. Each valid file gets a
summary line on stdout, and its warnings (what loads but changes nothing,
such as a factor's step in a scenario without a [timeline]) on stderr.
The exit status is 2 if any file has a problem; warnings leave it 0.`,
		Example: `  peacesim validate scenario.toml
  peacesim validate scenarios/*.toml`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"toml"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			opts.Stdout = cmd.OutOrStdout()
			opts.Stderr = cmd.ErrOrStderr()
			return runValidate(cmd.Context(), opts)
		},
	}
}

// runValidate checks every file, even after a bad one, and returns the
// problems of all files together as one scenarios.Problems: main prints them
// once and exits 2. A cancelled ctx stops it after the file at hand, with
// ctx's error.
func runValidate(ctx context.Context, opts *ValidateOptions) error {
	var all scenarios.Problems
	for _, file := range opts.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		var warnings scenarios.Problems
		model, err := loadFile(ctx, file, scenarios.Warnings(&warnings))
		if cerr := ctx.Err(); cerr != nil {
			// Interrupted while this file was read or loaded: say so, not
			// "ok" and not its problems.
			return cerr
		}
		if err != nil {
			all = appendProblems(all, file, err)
			continue
		}
		fmt.Fprintf(opts.Stdout, "%s: ok (%d issues, %d parties, %d packages, %d pathways)\n",
			file, len(model.Issues), len(model.Parties), len(model.Packages), len(model.Pathways))
		warnScenario(opts.Stderr, warnings)
	}
	if len(all) > 0 {
		return all
	}
	return nil
}
