package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/scenarios"
)

// newScenariosCmd groups the commands of the embedded scenario library;
// alone it lists the library, as "peacesim scenarios [list|show|init|schema]"
// reads.
func newScenariosCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List, show and start from the embedded scenarios, and print their JSON Schema",
		Args:  noSubcommand,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runScenariosList(cmd.Context(), &ScenariosListOptions{Stdout: cmd.OutOrStdout()})
		},
	}
	cmd.AddCommand(newScenariosListCmd(), newScenariosShowCmd(), newScenariosInitCmd(), newScenariosSchemaCmd())
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

// ScenariosSchemaOptions are the inputs of peacesim scenarios schema.
type ScenariosSchemaOptions struct {
	Stdout io.Writer
}

// newScenariosSchemaCmd binds peacesim scenarios schema.
func newScenariosSchemaCmd() *cobra.Command {
	opts := &ScenariosSchemaOptions{}
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of scenario files, for editors",
		Long: `Schema prints the JSON Schema (draft-07) of the scenario format, generated
from the definitions validate checks files against: every table and key, its
type and what it means, the kinds, levels and distributions, and the keys each
table requires and allows. A TOML editor that reads JSON Schemas (taplo, the
engine of VS Code's Even Better TOML, Neovim's and Helix's TOML support)
then completes keys, explains them on hover and marks mistakes as you type.
A file finds it through its first line, ` + scenarios.SchemaDirective + `
(docs/editor.md). What needs the rest of the file, such as a red line on an
unknown issue, only validate checks.`,
		Example: "  peacesim scenarios schema > " + scenarios.SchemaFile,
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Stdout = cmd.OutOrStdout()
			return runScenariosSchema(cmd.Context(), opts)
		},
	}
}

// runScenariosSchema prints the schema.
func runScenariosSchema(_ context.Context, opts *ScenariosSchemaOptions) error {
	_, err := opts.Stdout.Write(scenarios.Schema())
	return err
}
