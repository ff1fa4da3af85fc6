// Command browsercheck checks an HTML report of peacesim as a reader sees it,
// in a real headless Chromium: the page loads nothing but itself, writes no
// error to the console, shows its tables and its charts (each chart with a
// text alternative), has a title and a language, fits a phone's width, and
// gives a screenshot and an A4 PDF.
//
// Usage:
//
//	browsercheck -png OUT.png -pdf OUT.pdf [-width 1280] [-phone] FILE.html
//	browsercheck -serve PEACESIM -png OUT.png -png-phone OUT-390.png [-trials N]
//
// With -serve it checks the explorer instead: it starts PEACESIM serve on
// a free loopback port, loads its page, waits for the first answer, moves
// a slider and a select of the package's terms with the keyboard, waits
// for the new answer, and checks that the page's table and the
// pathways.csv it offers are what PEACESIM run --format csv prints for the
// same values; that Tab reaches every control; that no request leaves the
// server; that nothing is logged as an error; and that the page fits 1280
// and 390 px, with a screenshot at each.
//
// It loads file:///abs/path/FILE.html with every request paused before it
// is sent: the file itself and data: URLs go on; any other request is
// failed there, so it never leaves the browser, and is a failure. The checks
// of the tables, the charts and the page's width run at -width, then again
// at a phone's 390 px (-phone checks at 390 px only, and takes the
// screenshot there). It prints a PASS or FAIL line per check, and exits 0
// when every check passes, 1 when one fails or the check cannot run (no
// chromium), and 2 on a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errUsage marks an error in the command line.
var errUsage = errors.New("usage")

// parseArgs binds the flags to Options and checks them.
func parseArgs(args []string, stderr io.Writer) (Options, error) {
	opts := Options{}
	if len(args) > 0 && (args[0] == "-serve" || args[0] == "--serve") {
		return opts, errServe
	}
	fs := flag.NewFlagSet("browsercheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.PNG, "png", "", "write the full-page screenshot to `FILE` (required)")
	fs.StringVar(&opts.PDF, "pdf", "", "write the page printed on A4 to `FILE` (required)")
	fs.IntVar(&opts.Width, "width", 1280, "the viewport's width in CSS `px` for the first pass")
	phone := fs.Bool("phone", false, "check and take the screenshot at a phone's 390 px only")
	fs.StringVar(&opts.Chromium, "chromium", "", "the browser to run (default: chromium on PATH)")
	fs.DurationVar(&opts.Timeout, "timeout", 60*time.Second, "give up after this long, browser start included")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: browsercheck -png OUT.png -pdf OUT.pdf [-width 1280] [-phone] FILE.html")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return opts, err
		}
		return opts, errUsage
	}
	var problems []string
	if fs.NArg() != 1 {
		problems = append(problems, fmt.Sprintf("want one HTML file, got %d arguments", fs.NArg()))
	}
	if opts.PNG == "" {
		problems = append(problems, "-png is required")
	}
	if opts.PDF == "" {
		problems = append(problems, "-pdf is required")
	}
	if opts.Width < phoneWidth || opts.Width > 10000 {
		problems = append(problems, fmt.Sprintf("-width %d: want %d to 10000", opts.Width, phoneWidth))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "browsercheck: "+p)
		}
		fs.Usage()
		return opts, errUsage
	}
	opts.File = fs.Arg(0)
	if *phone {
		opts.Width = phoneWidth
	}
	return opts, nil
}

// errServe says the arguments check the explorer (-serve comes first).
var errServe = errors.New("serve")

// parseServe binds the flags of the explorer's check.
func parseServe(args []string, stderr io.Writer) (ExplorerOptions, error) {
	opts := ExplorerOptions{}
	fs := flag.NewFlagSet("browsercheck -serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.Peacesim, "serve", "", "check the explorer of this `PEACESIM` binary (its serve command)")
	fs.StringVar(&opts.PNG, "png", "", "write the full-page screenshot at -width to `FILE` (required)")
	fs.StringVar(&opts.PhonePNG, "png-phone", "", "write the full-page screenshot at 390 px to `FILE` (required)")
	fs.IntVar(&opts.Width, "width", 1280, "the viewport's width in CSS `px` for the first pass")
	fs.IntVar(&opts.Trials, "trials", 100000, "the server's --trials")
	fs.StringVar(&opts.Chromium, "chromium", "", "the browser to run (default: chromium on PATH)")
	fs.DurationVar(&opts.Timeout, "timeout", 3*time.Minute, "give up after this long, browser and server start included")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return opts, err
		}
		return opts, errUsage
	}
	var problems []string
	if fs.NArg() != 0 {
		problems = append(problems, fmt.Sprintf("-serve takes no file, got %d arguments", fs.NArg()))
	}
	if opts.Peacesim == "" || opts.PNG == "" || opts.PhonePNG == "" {
		problems = append(problems, "-serve, -png and -png-phone are required")
	}
	if opts.Width < phoneWidth || opts.Width > 10000 || opts.Trials < 1 {
		problems = append(problems, fmt.Sprintf("-width %d: want %d to 10000; -trials %d: want ≥ 1", opts.Width, phoneWidth, opts.Trials))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "browsercheck: "+p)
		}
		return opts, errUsage
	}
	return opts, nil
}

// run is the command: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := parseArgs(args, stderr)
	var rep *Report
	start := time.Now()
	switch {
	case errors.Is(err, errServe):
		sopts, err := parseServe(args, stderr)
		switch {
		case errors.Is(err, flag.ErrHelp):
			return 0
		case err != nil:
			return 2
		}
		opts.File = "the explorer of " + sopts.Peacesim
		rep, err = RunExplorer(ctx, sopts)
		if err != nil {
			fmt.Fprintf(stdout, "browsercheck: FAIL: cannot check %s: %v\n", opts.File, err)
			return 1
		}
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		return 2
	default:
		rep, err = Run(ctx, opts)
		if err != nil {
			fmt.Fprintf(stdout, "browsercheck: FAIL: cannot check %s: %v\n", opts.File, err)
			return 1
		}
	}
	return summarise(stdout, opts.File, rep, start)
}

// summarise prints a line per check and the failures, and returns the
// exit code.
func summarise(stdout io.Writer, what string, rep *Report, start time.Time) int {
	for _, c := range rep.Checks {
		fmt.Fprintln(stdout, "browsercheck: "+c.summary())
		fmt.Fprint(stdout, c.problemsText())
	}
	failures := rep.Failures()
	fmt.Fprintf(stdout, "browsercheck: %s: %d checks, %d failed, in %.1f s\n",
		what, len(rep.Checks), len(rep.Checks)-passed(rep), time.Since(start).Seconds())
	if len(failures) > 0 {
		fmt.Fprintf(stdout, "browsercheck: %d failures:\n", len(failures))
		for _, f := range failures {
			fmt.Fprintln(stdout, "  - "+f)
		}
		return 1
	}
	return 0
}

func passed(rep *Report) int {
	n := 0
	for _, c := range rep.Checks {
		if c.OK() {
			n++
		}
	}
	return n
}
