package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/scenarios"
)

// The stdout formats of validate.
const (
	validateText = "text"
	validateJSON = "json"
)

// ValidateOptions are the inputs of peacesim validate.
type ValidateOptions struct {
	Files []string
	// Format is validateText, or validateJSON for every problem and
	// warning as one JSON document of diagnostics on Stdout.
	Format string
	// Stdout receives one "FILE: ok (…)" line per valid file, Stderr the
	// warnings of the valid files (scenarios.Warnings); with validateJSON,
	// Stdout receives the diagnostics and Stderr nothing.
	Stdout, Stderr io.Writer
}

// newValidateCmd binds peacesim validate to a ValidateOptions.
func newValidateCmd() *cobra.Command {
	opts := &ValidateOptions{}
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and list every problem",
		Long: `Validate loads each scenario file and reports every problem at once, one
per line as FILE:LINE:COL: key: message, on stderr. Each valid file gets a
summary line on stdout, and its warnings (what loads but changes nothing,
such as a factor's step in a scenario without a [timeline]) on stderr.
With --format json, stdout is one JSON document instead, every problem and
warning a diagnostic with its file, line, column, key, message, severity
(error or warning) and suggestion, for editors, pre-commit hooks and CI
(docs/editor.md#diagnostics).
The exit status is 2 if any file has a problem; warnings leave it 0.`,
		Example: `  peacesim validate scenario.toml
  peacesim validate scenarios/*.toml
  peacesim validate --format json scenario.toml`,
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
	formats := []string{validateText, validateJSON}
	cmd.Flags().StringVar(&opts.Format, "format", validateText, "stdout format: text, or json for diagnostics")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// checked is what validate found in one file: its problems or, when it
// has none, its model's size and its warnings.
type checked struct {
	file                                string
	problems, warnings                  scenarios.Problems
	issues, parties, packages, pathways int
}

// runValidate checks every file, even after a bad one, and returns the
// problems of all files together as one scenarios.Problems: main prints them
// once and exits 2 (with --format json they are on stdout already, and
// main only exits 2). A cancelled ctx stops it after the file at hand, with
// ctx's error.
func runValidate(ctx context.Context, opts *ValidateOptions) error {
	if !slices.Contains([]string{validateText, validateJSON}, opts.Format) {
		return usageErrorf("--format must be %s or %s, not %q", validateText, validateJSON, opts.Format)
	}
	var files []checked
	var all scenarios.Problems
	for _, file := range opts.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := checkFile(ctx, file)
		if err != nil {
			return err
		}
		files = append(files, c)
		all = append(all, c.problems...)
		if opts.Format == validateText && len(c.problems) == 0 {
			fmt.Fprintf(opts.Stdout, "%s: ok (%d issues, %d parties, %d packages, %d pathways)\n",
				c.file, c.issues, c.parties, c.packages, c.pathways)
			warnScenario(opts.Stderr, c.warnings)
		}
	}
	if opts.Format == validateJSON {
		return writeDiagnostics(opts.Stdout, files)
	}
	if len(all) > 0 {
		return all
	}
	return nil
}

// checkFile loads one file. Its error is ctx's when ctx was cancelled
// meanwhile: then say so, not "ok" and not its problems.
func checkFile(ctx context.Context, file string) (checked, error) {
	c := checked{file: file}
	model, err := loadFile(ctx, file, scenarios.Warnings(&c.warnings))
	if cerr := ctx.Err(); cerr != nil {
		return c, cerr
	}
	if err != nil {
		c.problems, c.warnings = appendProblems(nil, file, err), nil
		return c, nil
	}
	c.issues, c.parties, c.packages, c.pathways = len(model.Issues), len(model.Parties), len(model.Packages), len(model.Pathways)
	return c, nil
}

// diagnostics is the document validate --format json writes.
type diagnostics struct {
	Diagnostics []scenarios.Diagnostic `json:"diagnostics"`
}

// writeDiagnostics writes the problems and warnings of files, file by file
// in the order given, as one JSON document, and returns their problems as
// already reported: main exits 2 without printing them again.
func writeDiagnostics(w io.Writer, files []checked) error {
	doc := diagnostics{Diagnostics: []scenarios.Diagnostic{}}
	var all scenarios.Problems
	for _, c := range files {
		for _, p := range c.problems {
			doc.Diagnostics = append(doc.Diagnostics, p.Diagnostic(scenarios.SeverityError))
		}
		for _, p := range c.warnings {
			doc.Diagnostics = append(doc.Diagnostics, p.Diagnostic(scenarios.SeverityWarning))
		}
		all = append(all, c.problems...)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if len(all) > 0 {
		return &reportedProblems{all}
	}
	return nil
}
