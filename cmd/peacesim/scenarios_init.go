package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
)

// defaultInitPath is where scenarios init writes the template.
const defaultInitPath = "scenario.toml"

// ScenariosInitOptions are the inputs of peacesim scenarios init.
type ScenariosInitOptions struct {
	// Path is the file to write; "-" writes the template to Stdout.
	Path  string
	Force bool
	// Stdout receives the template when Path is "-"; Stderr the next steps.
	Stdout, Stderr io.Writer
}

// newScenariosInitCmd binds peacesim scenarios init [PATH].
func newScenariosInitCmd() *cobra.Command {
	opts := &ScenariosInitOptions{}
	cmd := &cobra.Command{
		Use:   "init [PATH]",
		Short: "Write an annotated scenario template to edit",
		Long: `Init writes an annotated template scenario to PATH (default ` + defaultInitPath + `),
or to stdout when PATH is -. Beside a PATH, it writes ` + scenarios.SchemaFile + `, the
JSON Schema the template's first line points editors at (docs/editor.md).
An existing file is never overwritten without --force.`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"toml"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = defaultInitPath
			if len(args) == 1 {
				opts.Path = args[0]
			}
			opts.Stdout, opts.Stderr = cmd.OutOrStdout(), cmd.ErrOrStderr()
			return runScenariosInit(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite an existing file")
	return cmd
}

// runScenariosInit writes the template atomically and tells the user what
// to do next.
func runScenariosInit(_ context.Context, opts *ScenariosInitOptions) error {
	if opts.Path == "-" {
		_, err := opts.Stdout.Write(scenarios.Template())
		return err
	}
	if fi, err := os.Stat(opts.Path); err == nil && fi.IsDir() {
		return usageErrorf("%s is a directory", opts.Path)
	}
	// The file, not directories the user did not ask for.
	if dir := filepath.Dir(opts.Path); dir != "." {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return usageErrorf("%s: there is no directory %s to write it in; create it first", opts.Path, dir)
		}
	}
	if err := results.WriteFile(opts.Path, scenarios.Template(), opts.Force); err != nil {
		return err
	}
	fmt.Fprintf(opts.Stderr, "wrote %s\n", opts.Path)
	if err := writeSchemaBeside(opts); err != nil {
		return err
	}
	fmt.Fprintf(opts.Stderr, `next steps:
  1. edit %[1]s (every key is explained in its comments)
  2. peacesim validate %[1]s
  3. peacesim run %[1]s
`, opts.Path)
	return nil
}

// writeSchemaBeside writes the scenario format's JSON Schema beside the
// template init wrote, where the template's #:schema line finds it. One
// already there is kept when it is this peacesim's, or without --force
// (other scenarios of the folder may use it), with a word on how to
// bring it up to date.
func writeSchemaBeside(opts *ScenariosInitOptions) error {
	path := filepath.Join(filepath.Dir(opts.Path), scenarios.SchemaFile)
	schema := scenarios.Schema()
	old, err := os.ReadFile(path)
	switch {
	case err == nil && bytes.Equal(old, schema):
		return nil
	case err == nil && !opts.Force:
		fmt.Fprintf(opts.Stderr, "kept %s, which is not this peacesim's schema: peacesim scenarios schema > %s brings it up to date\n", path, path)
		return nil
	}
	if err := results.WriteFile(path, schema, opts.Force); err != nil {
		return err
	}
	fmt.Fprintf(opts.Stderr, "wrote %s, the schema your editor checks %s against (docs/editor.md)\n", path, opts.Path)
	return nil
}
