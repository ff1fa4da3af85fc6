// Command peacesim is the command line of the peacesim Monte Carlo simulator
// of peace negotiations: it wires the scenarios loader, the sim engine, the
// studies and the results writers together, and owns nothing but flags,
// progress and exit codes (README.md#layout, docs/command-line.md,
// docs/model.md#the-command-lines-guarantees).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// Exit codes of the command line (docs/model.md#command-line).
const (
	exitOK          = 0
	exitFailure     = 1   // a runtime failure: I/O, the engine
	exitUsage       = 2   // bad input or usage: flags, arguments, scenario problems, an output in the way
	exitInterrupted = 130 // 128 + SIGINT, as shells report a Ctrl-C
)

func main() {
	// The context is cancelled on Ctrl-C or SIGTERM; the engine checks it
	// between chunks, so a run stops promptly and writes nothing.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first signal, the next one kills at once: loading a large
	// scenario looks at no context, and a second Ctrl-C must still end it.
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// execute runs the command line with args and returns its exit code. It is
// main without the process: tests call it with buffers. The error of a
// command is printed here, once.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	if args == nil {
		args = []string{} // cobra takes nil for "read os.Args"
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	printError(stderr, cmd, err)
	return exitCode(err)
}

// exitCode maps an error returned by a command to the process exit status.
func exitCode(err error) int {
	var usage *usageError
	var problems scenarios.Problems
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &usage), errors.As(err, &problems),
		// An output in the way without --force: the user's to resolve.
		errors.Is(err, results.ErrExists), errors.Is(err, results.ErrNotDir),
		errors.Is(err, results.ErrIsDir), errors.Is(err, results.ErrNotWritable), errors.Is(err, results.ErrBusy),
		// A scenario too large for this machine's memory, refused before
		// its tallies are allocated: the user's to make smaller.
		errors.Is(err, sim.ErrTooLarge),
		// Evidence a study cannot honour: the user's to loosen or drop.
		errors.Is(err, sim.ErrWeighted):
		return exitUsage
	default:
		return exitFailure
	}
}

// printError writes err to stderr the way a user reads it best: scenario
// problems one per line as FILE:LINE:COL: key: message (editors jump to
// them, so no prefix), an interruption as a short note, anything else as
// "peacesim: …", with a pointer to the help of the command for usage errors.
func printError(stderr io.Writer, cmd *cobra.Command, err error) {
	var problems scenarios.Problems
	var usage *usageError
	var reported *reportedProblems
	switch {
	case errors.As(err, &reported):
		// On stdout already, in the form asked for.
	case errors.As(err, &problems):
		fmt.Fprintln(stderr, strings.TrimRight(problems.Error(), "\n"))
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "peacesim: interrupted")
	default:
		fmt.Fprintf(stderr, "peacesim: %v\n", err)
		if errors.As(err, &usage) && cmd != nil {
			fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
	}
}
