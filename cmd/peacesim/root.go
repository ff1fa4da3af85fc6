package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/study"
	"github.com/spf13/cobra"
)

// usageError marks an error as the user's: a bad flag value, a wrong number
// of arguments, an unknown scenario name or an output that already exists.
// main maps it to exit status 2 and points at the command's help.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// reportedProblems are scenario problems a command has written out
// already (validate --format json): main exits 2 without printing them.
type reportedProblems struct{ problems scenarios.Problems }

func (e *reportedProblems) Error() string { return e.problems.Error() }
func (e *reportedProblems) Unwrap() error { return e.problems }

// usageErrorf formats a usageError like fmt.Errorf (%w wraps).
func usageErrorf(format string, a ...any) error {
	return &usageError{fmt.Errorf(format, a...)}
}

// usageArgs wraps a cobra argument validator so that its errors are usage
// errors: cobra's own errors are untyped strings.
func usageArgs(validate cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := validate(cmd, args); err != nil {
			return &usageError{err}
		}
		return nil
	}
}

// noSubcommand rejects arguments to a command that only groups subcommands,
// with cobra's did-you-mean, as a usage error. (Left to cobra, an unknown
// subcommand of a non-root command prints help and exits 0.)
func noSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	return &usageError{errors.New(msg)}
}

// newRootCmd builds the peacesim command tree writing results to stdout and
// progress, notes and help for errors to stderr.
func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "peacesim",
		Short: "Monte Carlo simulator of peace negotiations",
		Long: `peacesim scores concession packages against each negotiating party's
weighted red lines and preferences, and runs Monte Carlo trials to estimate
which outcome pathway each package is likely to lead to.

Scenarios are TOML files; "peacesim scenarios init" writes an annotated
template and "peacesim run" with no argument runs the embedded default.`,
		Version: versionDetails(),
		// Errors are printed once, by main, and a usage dump would bury them.
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noSubcommand,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("peacesim {{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &usageError{err}
	})
	root.AddCommand(
		newRunCmd(),
		newCompareCmd(),
		newSweepCmd(),
		newSensitivityCmd(),
		newDiscoverCmd(),
		newBargainCmd(),
		newOptimizeCmd(),
		newMergeCmd(),
		newPlotCmd(),
		newReportCmd(),
		newServeCmd(),
		newValidateCmd(),
		newScenariosCmd(),
		newVersionCmd(),
	)
	return root
}

// studyInput turns an experiment's refusal of its options (a
// *study.InputError) into a usage error that names the flag which set the
// option: flags maps an options field to its flag where the two names
// differ (Groups → --group); otherwise the flag is the field's name in
// kebab case (MinProb → --min-prob). An item at fault follows the flag
// (--group russia: …). Any other error is returned as it is.
func studyInput(err error, flags map[string]string) error {
	var ie *study.InputError
	if !errors.As(err, &ie) {
		return err
	}
	if ie.Option == "" {
		return &usageError{ie}
	}
	flag, ok := flags[ie.Option]
	if !ok {
		flag = "--" + kebab(ie.Option)
	}
	if ie.Item != "" {
		flag += " " + ie.Item
	}
	return usageErrorf("%s: %s", flag, ie.Msg)
}

// studyValue is studyInput for an option refused for its value alone,
// checked before the scenario is read: the message follows the flag as a
// sentence (--samples must be 0 (no Sobol analysis) or ≥ 2, got 1).
func studyValue(err error) error {
	var ie *study.InputError
	if !errors.As(err, &ie) || ie.Option == "" {
		return studyInput(err, nil)
	}
	return usageErrorf("--%s %s", kebab(ie.Option), ie.Msg)
}

// kebab writes a Go field name as a flag does: MinProb → min-prob.
func kebab(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
