package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
)

// defaultInitPath is where scenarios init writes the template.
const defaultInitPath = "scenario.toml"

// newScenariosCmd groups the commands of the embedded scenario library;
// alone it lists the library, as "peacesim scenarios [list|show|init]" reads.
func newScenariosCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List, show and start from the embedded scenarios",
		Args:  noSubcommand,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runScenariosList(cmd.Context(), &ScenariosListOptions{Stdout: cmd.OutOrStdout()})
		},
	}
	cmd.AddCommand(newScenariosListCmd(), newScenariosShowCmd(), newScenariosInitCmd())
	return cmd
}

// ScenariosListOptions are the inputs of peacesim scenarios list.
type ScenariosListOptions struct {
	// Names prints the bare names, one per line, for scripts
	// (for name in $(peacesim scenarios list --names); do …).
	Names  bool
	Stdout io.Writer
}

// newScenariosListCmd binds peacesim scenarios list.
func newScenariosListCmd() *cobra.Command {
	opts := &ScenariosListOptions{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the embedded scenarios",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Stdout = cmd.OutOrStdout()
			return runScenariosList(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Names, "names", false, "print only the names, one per line")
	return cmd
}

// runScenariosList prints the library as a NAME / LABEL table, or the
// bare names.
func runScenariosList(_ context.Context, opts *ScenariosListOptions) error {
	if opts.Names {
		_, err := fmt.Fprint(opts.Stdout, strings.Join(scenarioNames(), "\n")+"\n")
		return err
	}
	tw := tabwriter.NewWriter(opts.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tLABEL")
	for _, e := range scenarios.Library() {
		fmt.Fprintf(tw, "%s\t%s\n", e.Name, e.Label)
	}
	return tw.Flush()
}

// ScenariosShowOptions are the inputs of peacesim scenarios show.
type ScenariosShowOptions struct {
	Name   string
	Stdout io.Writer
}

// newScenariosShowCmd binds peacesim scenarios show NAME.
func newScenariosShowCmd() *cobra.Command {
	opts := &ScenariosShowOptions{}
	return &cobra.Command{
		Use:     "show NAME",
		Short:   "Print the TOML source of an embedded scenario",
		Example: "  peacesim scenarios show " + scenarios.Default + " > my-scenario.toml",
		Args:    usageArgs(cobra.ExactArgs(1)),
		ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeScenarioName(toComplete), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			opts.Stdout = cmd.OutOrStdout()
			return runScenariosShow(cmd.Context(), opts)
		},
	}
}

// runScenariosShow prints the source of an embedded scenario unchanged, so
// that redirecting it gives a file to edit.
func runScenariosShow(_ context.Context, opts *ScenariosShowOptions) error {
	src, ok := scenarios.Lookup(opts.Name)
	if !ok {
		return usageErrorf("no embedded scenario named %s%s", opts.Name, suggestScenario(opts.Name))
	}
	_, err := opts.Stdout.Write(src)
	return err
}

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
or to stdout when PATH is -. An existing file is never overwritten without --force.`,
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
	if err := results.WriteFile(opts.Path, scenarios.Template(), opts.Force); err != nil {
		return err
	}
	fmt.Fprintf(opts.Stderr, `wrote %[1]s
next steps:
  1. edit %[1]s (every key is explained in its comments)
  2. peacesim validate %[1]s
  3. peacesim run %[1]s
`, opts.Path)
	return nil
}
