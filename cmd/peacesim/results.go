package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/results/plot"
	"github.com/peacesim/peacesim/sim"
)

// What plot and report share: reading the results directories they are
// given, and telling the user's mistakes (exit status 2) from failures.

// readResults reads each results directory back. A directory that does
// not exist, is not results or holds a malformed table is a usage error.
func readResults(paths ...string) ([]*results.Dir, error) {
	dirs := make([]*results.Dir, 0, len(paths))
	for _, path := range paths {
		d, err := results.ReadDir(path)
		var malformed *results.ReadError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, usageErrorf("%s: no such directory", path)
		case errors.Is(err, results.ErrNotDir), errors.Is(err, results.ErrNotResults), errors.As(err, &malformed):
			return nil, &usageError{err}
		case err != nil:
			return nil, err
		}
		dirs = append(dirs, d)
	}
	return dirs, nil
}

// choiceError turns the errors of the user's choices of a chart or a
// report into usage errors, with a did-you-mean for a pathway, package or
// track the results lack.
func choiceError(err error) error {
	var unknown *plot.UnknownError
	switch {
	case errors.As(err, &unknown):
		flag := "--" + unknown.What
		if unknown.What == "package" {
			flag = "--packages"
		}
		hint := fmt.Sprintf(" (the %ss are: %s)", unknown.What, strings.Join(unknown.Known, ", "))
		if s := sim.Suggest(unknown.Name, unknown.Known); s != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", s)
		}
		return usageErrorf("%s: the results have no %s %q%s", flag, unknown.What, unknown.Name, hint)
	case errors.Is(err, plot.ErrFormat):
		return &usageError{fmt.Errorf("-o: %w", err)}
	case errors.Is(err, plot.ErrNothing), errors.Is(err, plot.ErrOptions), errors.Is(err, plot.ErrSize):
		return &usageError{err}
	}
	return err
}
